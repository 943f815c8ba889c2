"""Fetch the records a request names, or answer 404 naming the field instead of a 500."""

from __future__ import annotations

from ninja.errors import ValidationError

from triggerpoint.clinic.models import Clinic, Service, Staff


class UnknownRecordError(LookupError):
    """A request names an id that no record has; app.py answers 404 with the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": [field], "msg": message}])


def service(pk: int, field: str = "service", clinic: Clinic | None = None) -> Service:
    """An active service; with `clinic` (the site's), only one of that clinic."""
    rows = Service.objects.select_related("clinic").filter(pk=pk, active=True)
    if clinic is not None:
        rows = rows.filter(clinic_id=clinic.pk)
    found = rows.first()
    if found is None:
        raise UnknownRecordError(field, f"no service with id {pk}")
    return found


def therapist(pk: int, field: str = "therapist", clinic: Clinic | None = None) -> Staff:
    rows = Staff.objects.filter(pk=pk, takes_bookings=True)
    if clinic is not None:
        rows = rows.filter(clinic_id=clinic.pk)
    found = rows.first()
    if found is None:
        raise UnknownRecordError(field, f"no therapist with id {pk}")
    return found
