"""A therapist's own calendar-feed link: shown on the schedule page, reset from there.

The feed shows only "Booked" and the service, but its address ends up in third-party
calendar services; resetting it (a new key) voids every copy of the old link at once.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from triggerpoint.clinic.audit import record
from triggerpoint.clinic.calendar_files import feed_token, reset_feed
from triggerpoint.clinic.links import absolute_url
from triggerpoint.clinic.models import Staff
from triggerpoint.web import policy


def feed_url(therapist: Staff) -> str:
    return absolute_url("api-v1:therapist_feed", feed_token(therapist))


def feed_context(request: HttpRequest) -> dict[str, str]:
    """The signed-in therapist's own feed link for the schedule page (none for non-therapists)."""
    me = policy.staff_of(request.user)
    if me is None or not me.takes_bookings:
        return {}
    return {"feed_url": feed_url(me)}


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
