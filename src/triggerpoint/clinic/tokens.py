"""Signed tokens that let a guest act on their own booking and a therapist read a feed.

A token names one record and a purpose (the salt), so a cancellation token cannot open a
calendar feed and a token for booking 7 cannot cancel booking 8.
"""

from __future__ import annotations

from django.core import signing

CANCEL = "triggerpoint.clinic.cancel"
FEED = "triggerpoint.clinic.therapist-feed"


def make(purpose: str, record_id: int) -> str:
    return signing.dumps(record_id, salt=purpose, compress=False)


def read(purpose: str, token: str) -> int | None:
    """The record id a token names, or None when it is forged, mangled or for another use."""
    try:
        value = signing.loads(token, salt=purpose)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def cancel_token(appointment_id: int) -> str:
    return make(CANCEL, appointment_id)


def feed_token(staff_id: int) -> str:
    return make(FEED, staff_id)
