"""Writing appointment rows: the insert, the client's row lock, and the lost race.

Every booking path (a single booking, a weekly series, a waitlist hold) inserts through
`insert_placed` inside its own transaction, after availability placed the time; the
database's overlap constraints decide a race, and `lost_race` tells that apart from a
real failure.
"""

from __future__ import annotations

from django.db import IntegrityError

from triggerpoint.clinic.booking.placement import Placement
from triggerpoint.clinic.models import Appointment, Client, RecurringSeries, Service, Staff, Status

# PostgreSQL may resolve two racing inserts that check the same exclusion constraint by
# aborting one as a deadlock (or a serialization failure) instead of a violation: that
# request lost the race just the same.
_LOST_RACE_SQLSTATES = frozenset({"40P01", "40001"})


def lost_race(error: Exception) -> bool:
    """True when a write failed because another transaction took the time first."""
    if isinstance(error, IntegrityError):
        return True
    return getattr(error.__cause__, "sqlstate", None) in _LOST_RACE_SQLSTATES


def lock_client(client: Client) -> Client:
    """Hold the client's row to the end of the transaction (PostgreSQL; SQLite's writers
    are one at a time anyway), so their own bookings are checked one after another."""
    return Client.objects.select_for_update().get(pk=client.pk)


def insert_placed(
    client: Client,
    therapist: Staff,
    service: Service,
    place: Placement,
    idempotency_key: str | None,
    series: RecurringSeries | None = None,
    status: Status = Status.BOOKED,
) -> Appointment:
    """The appointment row for a placement that availability found (the caller holds the
    transaction; the database's overlap constraints decide a race)."""
    return Appointment.objects.create(
        client=client,
        therapist=therapist,
        service=service,
        room_id=place.room_id,
        series=series,
        start=place.start,
        end=place.end,
        blocked_start=place.blocked_start,
        blocked_end=place.blocked_end,
        idempotency_key=idempotency_key or None,
        status=status,
    )
