"""Fetch the records a request names, or answer with a field error instead of a 500."""

from __future__ import annotations

from ninja.errors import ValidationError

from triggerpoint.clinic.models import Service, Staff


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": [field], "msg": message}])


def service(pk: int, field: str = "service") -> Service:
    found = Service.objects.select_related("clinic").filter(pk=pk, active=True).first()
    if found is None:
        raise field_error(field, f"no service with id {pk}")
    return found


def therapist(pk: int, field: str = "therapist") -> Staff:
    found = Staff.objects.filter(pk=pk, takes_bookings=True).first()
    if found is None:
        raise field_error(field, f"no therapist with id {pk}")
    return found
