"""Resetting a therapist's own calendar-feed link (shown on the schedule page by
web/feed_link.py).

The feed shows only "Booked" and the service, but its address ends up in third-party
calendar services; resetting it (a new key) voids every copy of the old link at once.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from triggerpoint.clinic.messaging.calendar_files import reset_feed
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy.audit import record


@require_POST
@policy.require_role("therapist", "owner")
def reset(request: HttpRequest) -> HttpResponse:
    me = policy.staff_of(request.user)
    if me is not None and me.takes_bookings:
        reset_feed(me)
        record(request.user, "calendar_feed.reset", me)
        messages.success(
            request,
            "Your calendar link is new. The old one no longer works: update your calendar app.",
        )
    return redirect("web:schedule")
