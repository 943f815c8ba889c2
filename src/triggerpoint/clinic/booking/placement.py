"""Placing one booking: the check a booking makes before it is stored, against the same
rules as the free times of `clinic/booking/availability.py` (working hours, buffers, the
therapist's other bookings and time off, a free room of the service's kind), and the room
chosen for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time

from django.db.models import Q

from triggerpoint.clinic.booking.busy import LONGEST_BLOCK
from triggerpoint.clinic.booking.intervals import Interval, contains, is_free, local_windows, merge
from triggerpoint.clinic.errors import NotBookableError, SlotTakenError
from triggerpoint.clinic.models import (
    ACTIVE,
    Appointment,
    Room,
    Service,
    Staff,
    TimeOff,
    WorkingHours,
)


@dataclass(frozen=True)
class Span:
    """A booking's service time and the time it blocks (service plus buffers), in UTC."""

    start: datetime
    end: datetime
    blocked_start: datetime
    blocked_end: datetime


@dataclass(frozen=True)
class Placement(Span):
    """A span that passed every check, with the room chosen for it."""

    room_id: int


def span(service: Service, start: datetime) -> Span:
    # Arithmetic on datetimes that share a ZoneInfo is wall-clock arithmetic; UTC is not.
    start = start.astimezone(UTC)
    end = start + service.duration
    return Span(start, end, start - service.buffer_before, end + service.buffer_after)


class Calendar:
    """Busy times of some therapists and rooms between two instants, loaded in a few queries."""

    def __init__(
        self,
        therapist_ids: Sequence[int],
        rooms: Sequence[Room],
        lo: datetime,
        hi: datetime,
        exclude_appointment: int | None = None,
    ) -> None:
        self.rooms = list(rooms)
        self.therapist_busy: dict[int, list[Interval]] = defaultdict(list)
        self.room_busy: dict[int, list[Interval]] = defaultdict(list)
        near = Q(blocked_start__lt=hi, blocked_start__gte=lo - LONGEST_BLOCK, blocked_end__gt=lo)
        active = Appointment.objects.filter(ACTIVE, near)
        if exclude_appointment is not None:
            active = active.exclude(pk=exclude_appointment)
        therapist_raw: dict[int, list[Interval]] = defaultdict(list)
        room_raw: dict[int, list[Interval]] = defaultdict(list)
        for staff_id, start, end in active.filter(therapist_id__in=therapist_ids).values_list(
            "therapist_id", "blocked_start", "blocked_end"
        ):
            therapist_raw[staff_id].append((start, end))
        room_ids = [room.pk for room in self.rooms]
        if room_ids:
            for room_id, start, end in active.filter(room_id__in=room_ids).values_list(
                "room_id", "blocked_start", "blocked_end"
            ):
                room_raw[room_id].append((start, end))
        for staff_id, start, end in TimeOff.objects.filter(
            staff_id__in=therapist_ids, start__lt=hi, end__gt=lo
        ).values_list("staff_id", "start", "end"):
            therapist_raw[staff_id].append((start, end))
        for key, raw in therapist_raw.items():
            self.therapist_busy[key] = merge(raw)
        for key, raw in room_raw.items():
            self.room_busy[key] = merge(raw)

    def therapist_free(self, therapist_id: int, blocked: Interval) -> bool:
        return is_free(self.therapist_busy[therapist_id], blocked)

    def free_room(self, blocked: Interval) -> Room | None:
        for room in self.rooms:
            if is_free(self.room_busy[room.pk], blocked):
                return room
        return None


def rooms_for(service: Service) -> list[Room]:
    return list(
        Room.objects.filter(clinic_id=service.clinic_id, kind=service.room_kind, active=True)
    )


def working_hours(therapist_ids: Sequence[int], weekday: int) -> dict[int, list[tuple[time, time]]]:
    hours: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for staff_id, start, end in WorkingHours.objects.filter(
        staff_id__in=therapist_ids, weekday=weekday
    ).values_list("staff_id", "start", "end"):
        hours[staff_id].append((start, end))
    return hours


def place_booking(
    service: Service,
    therapist: Staff,
    start: datetime,
    now: datetime,
    exclude_appointment: int | None = None,
) -> Placement:
    """Check one booking against the same rules as `available_slots`; choose its room.

    Raises NotBookableError when the request can never succeed as asked and SlotTakenError when the
    therapist or every suitable room is busy.
    """
    if therapist.clinic_id != service.clinic_id:
        raise NotBookableError("the therapist does not work at the clinic offering this service")
    if not service.active:
        raise NotBookableError("this service is not offered any more")
    if not therapist.takes_bookings:
        raise NotBookableError("this therapist does not take bookings")
    if start < now:
        raise NotBookableError("that time has passed")
    zone = service.clinic.zone
    day = start.astimezone(zone).date()
    windows = local_windows(working_hours([therapist.pk], day.weekday())[therapist.pk], day, zone)
    place = span(service, start)
    if place.blocked_end - place.blocked_start > LONGEST_BLOCK:
        raise NotBookableError("a booking cannot block more than 16 hours")
    if not contains(windows, (place.start, place.end)):
        raise NotBookableError("that time is outside the therapist's working hours")
    rooms = rooms_for(service)
    if not rooms:
        raise NotBookableError("the clinic has no room for this service")
    blocked = (place.blocked_start, place.blocked_end)
    calendar = Calendar([therapist.pk], rooms, blocked[0], blocked[1], exclude_appointment)
    if not calendar.therapist_free(therapist.pk, blocked):
        raise SlotTakenError("that time is no longer free with this therapist")
    room = calendar.free_room(blocked)
    if room is None:
        raise SlotTakenError("no suitable room is free at that time")
    return Placement(place.start, place.end, blocked[0], blocked[1], room.pk)
