"""The signed-in therapist's calendar-feed link, for the schedule page (web/views/feed.py
resets it)."""

from __future__ import annotations

from django.http import HttpRequest

from triggerpoint.clinic.messaging.calendar_files import feed_token
from triggerpoint.clinic.messaging.links import absolute_url
from triggerpoint.clinic.models import Staff
from triggerpoint.clinic.people import access as policy


def feed_url(therapist: Staff) -> str:
    return absolute_url("api-v1:therapist_feed", feed_token(therapist))


def feed_context(request: HttpRequest) -> dict[str, str]:
    """The signed-in therapist's own feed link (none for staff who take no bookings)."""
    me = policy.staff_of(request.user)
    if me is None or not me.takes_bookings:
        return {}
    return {"feed_url": feed_url(me)}
