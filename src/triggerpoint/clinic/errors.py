"""Why a booking request cannot be met, in words a client can read."""

from __future__ import annotations

from datetime import date


class BookingError(Exception):
    """Base class; `str(error)` is the whole message, free of personal data."""


class NotBookableError(BookingError):
    """The request can never succeed as asked (past, outside hours, wrong clinic...)."""


class SlotTakenError(BookingError):
    """Someone or something else holds the therapist or every suitable room at that time."""


class SeriesConflictError(SlotTakenError):
    def __init__(self, dates: list[date]) -> None:
        self.dates = dates
        listed = ", ".join(d.isoformat() for d in dates)
        super().__init__(f"the series was not booked: these dates are not free: {listed}")


class TooLateToCancelError(BookingError):
    pass


class IdempotencyKeyReusedError(BookingError):
    """The key was first used for a different request; refuse rather than leak the first."""


class GuestDetailsError(NotBookableError):
    """A guest's name, email or phone is not usable; `errors` maps each field to why."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field}: {why}" for field, why in errors.items()))
