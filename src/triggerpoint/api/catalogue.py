"""What a clinic offers, who works there, and when they are free."""

# No `from __future__ import annotations`: @paginate wraps the views, and ninja reads the
# wrapper's annotations in the pagination module, where ClinicId is not defined.

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Annotated, overload

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from triggerpoint.api import lookups
from triggerpoint.api.pages import Pages
from triggerpoint.api.schemas import FieldErrors, Message, ServiceOut, SlotOut, TherapistOut
from triggerpoint.clinic.booking.availability import Slot
from triggerpoint.clinic.booking.policy import Door, Rules, offered_slots
from triggerpoint.clinic.models import Service, Staff
from triggerpoint.clinic.people.sites import site_clinic

# Ids are 64-bit in every database: a larger number is refused (422) the same way on
# SQLite, which cannot even compare it, and PostgreSQL, which finds nothing.
ClinicId = Annotated[int | None, Query(None, ge=1, le=2**63 - 1)]

router = Router(tags=["catalogue"])

# Far enough ahead for any booking horizon, near enough to keep requests cheap.
HORIZON = timedelta(days=366)


@router.get("/services", response={200: list[ServiceOut], 404: Message, 422: FieldErrors})
@paginate(Pages)
def services(request: HttpRequest, clinic: ClinicId = None) -> list[ServiceOut]:
    """The services of this site's clinic (chosen by host name); `clinic` another's: none."""
    site = site_clinic(request).pk
    rows = Service.objects.filter(active=True, clinic_id=site).order_by("clinic_id", "name")
    if clinic is not None:
        rows = rows.filter(clinic_id=clinic)
    return [
        ServiceOut(
            id=s.pk,
            clinic=s.clinic_id,
            name=s.name,
            description=s.description,
            duration_minutes=s.duration_minutes,
            price=s.price,
            room_kind=s.room_kind,
        )
        for s in rows
    ]


@router.get("/therapists", response={200: list[TherapistOut], 404: Message, 422: FieldErrors})
@paginate(Pages)
def therapists(request: HttpRequest, clinic: ClinicId = None) -> list[TherapistOut]:
    """The therapists of this site's clinic (chosen by host name); `clinic` another's: none."""
    site = site_clinic(request).pk
    rows = Staff.objects.filter(takes_bookings=True, clinic_id=site)
    rows = rows.order_by("clinic_id", "display_name")
    if clinic is not None:
        rows = rows.filter(clinic_id=clinic)
    return [TherapistOut(id=t.pk, clinic=t.clinic_id, name=t.display_name) for t in rows]


@router.get("/availability", response={200: list[SlotOut], 404: Message, 422: FieldErrors})
@paginate(Pages)
def availability(
    request: HttpRequest,
    service: int,
    day: date = Query(..., alias="date"),  # noqa: B008 - ninja declares parameters this way
    therapist: int | None = None,
) -> list[SlotOut]:
    """Free start times for a service on a date in the clinic's time zone."""
    offered = lookups.service(service, clinic=site_clinic(request))
    if abs(day - timezone.now().date()) > HORIZON:
        raise lookups.field_error("date", "choose a date within a year from today")
    who = lookups.therapist(therapist) if therapist is not None else None
    if who is not None and who.clinic_id != offered.clinic_id:
        raise lookups.field_error("therapist", "this therapist does not offer that service")
    slots = offered_slots(offered, day, who, timezone.now(), Rules(Door.API))
    return SlotPage(slots)  # type: ignore[return-value]


class SlotPage(Sequence[SlotOut]):
    """Free slots that become SlotOut only for the page asked for: a busy clinic's day has
    thousands, and building and validating a schema object each cost more than finding
    them."""

    def __init__(self, slots: list[Slot]) -> None:
        self.slots = slots

    def __len__(self) -> int:
        return len(self.slots)

    @overload
    def __getitem__(self, index: int) -> SlotOut: ...
    @overload
    def __getitem__(self, index: slice) -> list[SlotOut]: ...
    def __getitem__(self, index: int | slice) -> SlotOut | list[SlotOut]:
        if isinstance(index, slice):
            return [_out(s) for s in self.slots[index]]
        return _out(self.slots[index])


def _out(s: Slot) -> SlotOut:
    return SlotOut(
        start=s.start, end=s.end, therapist=s.therapist_id, therapist_name=s.therapist_name
    )
