"""Free slots for a service on a date, and the check a booking makes before it is stored.

Working hours are local wall-clock times, expanded per date in the clinic's time zone with
zoneinfo, so a 09:00 start stays 09:00 across daylight-saving changes. Slot starts step
through each working stretch in real minutes, so on a spring-forward night the missing
hour yields no slots and on a fall-back night the repeated hour yields both. A slot needs
the therapist free for the service plus its buffers, no time off, and a free room of the
service's kind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from django.db.models import FloatField, Func, Q
from django.utils import timezone

from triggerpoint.clinic.errors import NotBookableError, SlotTakenError
from triggerpoint.clinic.intervals import (
    Interval,
    any_free,
    busy_index,
    contains,
    free_of,
    gap_index,
    is_free,
    merge,
)
from triggerpoint.clinic.models import (
    ACTIVE,
    Appointment,
    Room,
    Service,
    Staff,
    TimeOff,
    WorkingHours,
)

# No booking blocks more than 16 hours (services last at most 12 h, each buffer at most
# 2 h), which bounds the index range an overlap query scans; the SQLite triggers use the
# same bound (migration 0004).
LONGEST_BLOCK = timedelta(hours=16)


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    therapist_id: int
    therapist_name: str


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


def local_windows(hours: Iterable[tuple[time, time]], day: date, zone: ZoneInfo) -> list[Interval]:
    """Working stretches of one local date as UTC intervals."""
    windows = []
    for start, end in hours:
        utc_start = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
        utc_end = datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
        if utc_end > utc_start:
            windows.append((utc_start, utc_end))
    return merge(windows)


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


def available_slots(
    service: Service,
    day: date,
    therapist: Staff | None = None,
    now: datetime | None = None,
) -> list[Slot]:
    """Every start time on the clinic's local `day` at which `service` can be booked."""
    return available_slots_range(service, day, day, therapist, now).get(day, [])


def available_slots_range(
    service: Service,
    first: date,
    last: date,
    therapist: Staff | None = None,
    now: datetime | None = None,
) -> dict[date, list[Slot]]:
    """`available_slots` for every local date from `first` to `last`, in one pass.

    Days without a free time are left out. Sorted by start, then therapist name.
    """
    found = free_starts(service, first, last, therapist, now)
    zone = found.zone
    duration = found.rules.duration
    by_day: dict[date, list[tuple[float, str, Slot]]] = defaultdict(list)
    for who, day, starts in found.rows:
        name = who.display_name
        bucket = by_day[day]
        for start in starts.tolist():
            bucket.append(
                (
                    start,
                    name,
                    Slot(
                        datetime.fromtimestamp(start, zone),
                        datetime.fromtimestamp(start + duration, zone),
                        who.pk,
                        name,
                    ),
                )
            )
    result = {}
    for day in sorted(by_day):
        rows = by_day[day]
        rows.sort(key=lambda row: (row[0], row[1]))
        result[day] = [row[2] for row in rows]
    return result


def free_counts(
    service: Service,
    first: date,
    last: date,
    therapist: Staff | None = None,
    now: datetime | None = None,
) -> dict[date, int]:
    """How many distinct free start times each local date has (whoever the therapist).

    What the booking date page shows, without building a Slot per free time.
    """
    found = free_starts(service, first, last, therapist, now)
    per_day: dict[date, list[np.ndarray]] = defaultdict(list)
    for _, day, starts in found.rows:
        per_day[day].append(starts)
    counts = {}
    day = first
    while day <= last:
        parts = per_day.get(day)
        counts[day] = len(np.unique(np.concatenate(parts))) if parts else 0
        day += timedelta(days=1)
    return counts


@dataclass(frozen=True)
class Rules:
    """A service's times in seconds, computed once per call rather than per candidate."""

    duration: float
    before: float
    after: float
    step: float

    @classmethod
    def of(cls, service: Service) -> Rules:
        return cls(
            duration=service.duration_minutes * 60.0,
            before=service.buffer_before_minutes * 60.0,
            after=service.buffer_after_minutes * 60.0,
            step=service.clinic.slot_interval_minutes * 60.0,
        )


@dataclass(frozen=True)
class FreeStarts:
    """Free start times (epoch seconds, ascending) per therapist and local date."""

    zone: ZoneInfo
    rules: Rules
    rows: list[tuple[Staff, date, np.ndarray]]


def free_starts(
    service: Service,
    first: date,
    last: date,
    therapist: Staff | None = None,
    now: datetime | None = None,
) -> FreeStarts:
    """The engine under `available_slots*`: one query each for the therapists, their hours,
    the rooms, the bookings and the time off of the whole range, then the checks of every
    candidate start as a few array operations per therapist.
    """
    now = now or timezone.now()
    clinic = service.clinic
    zone = clinic.zone
    rules = Rules.of(service)
    empty = FreeStarts(zone, rules, [])
    if not service.active or last < first:
        return empty
    therapists = (
        [therapist]
        if therapist is not None
        else list(Staff.objects.filter(clinic_id=clinic.pk, takes_bookings=True))
    )
    therapists = [t for t in therapists if t.takes_bookings and t.clinic_id == clinic.pk]
    if not therapists:
        return empty
    ids = [t.pk for t in therapists]
    hours = _weekly_hours(ids)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    # Many therapists share a pattern: expand each (pattern, date) through zoneinfo once.
    expanded: dict[tuple[tuple[time, time], ...], dict[date, list[tuple[float, float]]]] = {}
    windows: list[tuple[Staff, date, list[tuple[float, float]]]] = []
    for who in therapists:
        week = hours.get(who.pk, {})
        for day in days:
            pattern = week.get(day.weekday())
            if not pattern:
                continue
            cache = expanded.setdefault(pattern, {})
            if day not in cache:
                cache[day] = [
                    (s.timestamp(), e.timestamp()) for s, e in local_windows(pattern, day, zone)
                ]
            if cache[day]:
                windows.append((who, day, cache[day]))
    if not windows:
        return empty
    lo = min(w[0][0] for _, _, w in windows) - rules.before
    hi = max(w[-1][1] for _, _, w in windows) + rules.after
    room_ids = list(
        Room.objects.filter(
            clinic_id=service.clinic_id, kind=service.room_kind, active=True
        ).values_list("pk", flat=True)
    )
    if not room_ids:
        return empty
    busy = Busy(ids, room_ids, datetime.fromtimestamp(lo, UTC), datetime.fromtimestamp(hi, UTC))
    rooms = gap_index(busy.rooms, room_ids)
    earliest = now.timestamp()
    rows = []
    by_therapist: dict[int, list[tuple[Staff, date, np.ndarray]]] = defaultdict(list)
    for who, day, stretches in windows:
        starts = np.concatenate(
            [np.arange(s, e - rules.duration + 1, rules.step) for s, e in stretches]
        )
        by_therapist[who.pk].append((who, day, starts[starts >= earliest]))
    for therapist_id, parts in by_therapist.items():
        starts = np.concatenate([p[2] for p in parts])
        blocked_lo = starts - rules.before
        blocked_hi = starts + rules.duration + rules.after
        ok = any_free(rooms, blocked_lo, blocked_hi)
        index = busy.therapists.get(therapist_id)
        if index is not None:
            ok &= free_of(index, blocked_lo, blocked_hi)
        at = 0
        for who, day, day_starts in parts:
            mask = ok[at : at + len(day_starts)]
            at += len(day_starts)
            if mask.any():
                rows.append((who, day, day_starts[mask]))
    return FreeStarts(zone, rules, rows)


class Epoch(Func):
    """A datetime column as float seconds since 1970, computed by the database.

    Saves parsing two datetimes per booking in Python (SQLite stores text); millisecond
    precision on SQLite, microsecond on PostgreSQL. Booking times are whole minutes.
    """

    output_field = FloatField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::float8", **extra
        )

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "(ROUND((julianday(%(expressions)s) - 2440587.5) * 86400000.0) / 1000.0)"
        return super().as_sql(compiler, connection, template=template, **extra)


class Busy:
    """Busy times of therapists and rooms over a range, from one bookings query and one
    time-off query, as search indexes over epoch seconds.

    Every appointment that is not cancelled holds its time, whatever else its status says
    (a held offer, for instance).
    """

    def __init__(
        self, therapist_ids: Sequence[int], room_ids: Sequence[int], lo: datetime, hi: datetime
    ) -> None:
        near = Q(blocked_start__lt=hi, blocked_start__gte=lo - LONGEST_BLOCK, blocked_end__gt=lo)
        rows = (
            Appointment.objects.filter(ACTIVE, near)
            .filter(Q(therapist_id__in=therapist_ids) | Q(room_id__in=room_ids))
            .order_by()
            .values_list("therapist_id", "room_id", Epoch("blocked_start"), Epoch("blocked_end"))
        )
        wanted_therapists = set(therapist_ids)
        wanted_rooms = set(room_ids)
        therapist_raw: dict[int, list[tuple[float, float]]] = defaultdict(list)
        room_raw: dict[int, list[tuple[float, float]]] = defaultdict(list)
        for staff_id, room_id, start, end in rows:
            if staff_id in wanted_therapists:
                therapist_raw[staff_id].append((start, end))
            if room_id in wanted_rooms:
                room_raw[room_id].append((start, end))
        for staff_id, start, end in (
            TimeOff.objects.filter(staff_id__in=therapist_ids, start__lt=hi, end__gt=lo)
            .order_by()
            .values_list("staff_id", Epoch("start"), Epoch("end"))
        ):
            therapist_raw[staff_id].append((start, end))
        self.therapists = {key: busy_index(raw) for key, raw in therapist_raw.items()}
        self.rooms = {key: busy_index(raw) for key, raw in room_raw.items()}


def _weekly_hours(
    therapist_ids: Sequence[int],
) -> dict[int, dict[int, tuple[tuple[time, time], ...]]]:
    raw: dict[int, dict[int, list[tuple[time, time]]]] = defaultdict(lambda: defaultdict(list))
    for staff_id, weekday, start, end in (
        WorkingHours.objects.filter(staff_id__in=therapist_ids)
        .order_by("staff_id", "weekday", "start")
        .values_list("staff_id", "weekday", "start", "end")
    ):
        raw[staff_id][weekday].append((start, end))
    return {
        staff_id: {weekday: tuple(pattern) for weekday, pattern in week.items()}
        for staff_id, week in raw.items()
    }


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
