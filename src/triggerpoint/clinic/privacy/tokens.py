"""Signed tokens that let a guest act on their own booking and a therapist read a feed.

A token names one record and a purpose (the salt), so a cancellation token cannot open a
calendar feed, a calendar token cannot cancel, and a token for booking 7 cannot cancel
booking 8. A feed token also names the therapist's current feed key, so resetting the key
voids the old link.
"""

from __future__ import annotations

from django.core import signing

CANCEL = "triggerpoint.clinic.cancel"
CALENDAR = "triggerpoint.clinic.calendar"
FEED = "triggerpoint.clinic.therapist-feed"


def make(purpose: str, record_id: int) -> str:
    return signing.dumps(record_id, salt=purpose, compress=False)


def read(purpose: str, token: str) -> int | None:
    """The record id a token names, or None when it is forged, mangled or for another use."""
    try:
        value = signing.loads(token, salt=purpose)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def cancel_token(appointment_id: int) -> str:
    return make(CANCEL, appointment_id)


def calendar_token(appointment_id: int) -> str:
    """Opens the booking's .ics file and nothing else."""
    return make(CALENDAR, appointment_id)


def feed_token(staff_id: int, key: str = "") -> str:
    if not key:  # the first link, before any reset: the same form links had before keys
        return make(FEED, staff_id)
    return signing.dumps([staff_id, key], salt=FEED, compress=False)


def read_feed(token: str) -> tuple[int, str] | None:
    """(staff id, feed key) a feed token names, or None."""
    try:
        value = signing.loads(token, salt=FEED)
    except signing.BadSignature:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value, ""
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and isinstance(value[1], str)
        and value[1]
    ):
        return value[0], value[1]
    return None
