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
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from triggerpoint.clinic.booking.intervals import (
    SPACING,
    Interval,
    any_free,
    contains,
    free_of,
    gap_index,
    is_free,
    merge,
    reach_index,
)
from triggerpoint.clinic.errors import NotBookableError, SlotTakenError
from triggerpoint.clinic.models import (
    ACTIVE,
    Appointment,
    Room,
    Service,
    Staff,
    Status,
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
    names = [who.display_name for who in found.therapists]
    ids = [who.pk for who in found.therapists]
    # Sorted by day, start, name, then the order the therapists came in (as before).
    order = sorted(
        range(len(found.start)),
        key=lambda n: (found.day[n], found.start[n], names[found.who[n]], found.who[n]),
    )
    result: dict[date, list[Slot]] = {}
    for n in order:
        start, rank = found.start[n], found.who[n]
        result.setdefault(found.days[found.day[n]], []).append(
            Slot(
                datetime.fromtimestamp(start, zone),
                datetime.fromtimestamp(start + duration, zone),
                ids[rank],
                names[rank],
            )
        )
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
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    found = free_starts(service, first, last, therapist, now)
    counts = dict.fromkeys(days, 0)
    if found.start:
        # An instant belongs to one local date, so distinct instants count distinct times.
        _, where = np.unique(np.array(found.start), return_index=True)
        per_day = np.bincount(np.array(found.day)[where], minlength=len(days))
        for n, day in enumerate(days):
            counts[day] = int(per_day[n])
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
    """Free start times as parallel lists: therapist (index into `therapists`), day (index
    into `days`) and start (epoch seconds)."""

    zone: ZoneInfo
    rules: Rules
    therapists: list[Staff]
    days: list[date]
    who: list[int]
    day: list[int]
    start: list[float]


EMPTY = np.empty(0, dtype=np.float64)


def free_starts(
    service: Service,
    first: date,
    last: date,
    therapist: Staff | None = None,
    now: datetime | None = None,
) -> FreeStarts:
    """The engine under `available_slots*`: one query each for the therapists, their hours
    and the rooms, one for the bookings and time off of the whole range, then every
    candidate start of every therapist and day checked in a few array operations.
    """
    now = now or timezone.now()
    clinic = service.clinic
    zone = clinic.zone
    rules = Rules.of(service)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    nothing = FreeStarts(zone, rules, [], days, [], [], [])
    if not service.active or not days:
        return nothing
    therapists = (
        [therapist]
        if therapist is not None
        else list(Staff.objects.filter(clinic_id=clinic.pk, takes_bookings=True))
    )
    therapists = [t for t in therapists if t.takes_bookings and t.clinic_id == clinic.pk]
    if not therapists:
        return nothing
    candidates = _candidates(therapists, days, zone, rules, now.timestamp())
    if candidates is None:
        return nothing
    starts, who, day = candidates
    lo = float(starts.min()) - rules.before
    hi = float(starts.max()) + rules.duration + rules.after
    busy = _busy([t.pk for t in therapists], service, lo, hi)
    room_ids = busy.room_ids
    if not room_ids:
        return nothing
    blocked_lo = starts - rules.before
    blocked_hi = starts + rules.duration + rules.after
    ok = any_free(
        gap_index(busy.room_rank, busy.room_start, busy.room_end, len(busy.room_ids)),
        blocked_lo,
        blocked_hi,
    )
    shift = who * SPACING
    people = reach_index(
        busy.staff_rank * SPACING + busy.staff_start, busy.staff_rank * SPACING + busy.staff_end
    )
    ok &= free_of(people, blocked_lo + shift, blocked_hi + shift)
    return FreeStarts(
        zone,
        rules,
        therapists,
        days,
        who[ok].tolist(),
        day[ok].tolist(),
        starts[ok].tolist(),
    )


def _candidates(
    therapists: Sequence[Staff], days: list[date], zone: ZoneInfo, rules: Rules, earliest: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Every start on the grid of each therapist's working stretches, from `earliest` on:
    (starts, therapist index, day index)."""
    hours = _weekly_hours([t.pk for t in therapists])
    # Many therapists share a pattern: expand each (pattern, date) through zoneinfo once.
    expanded: dict[tuple[tuple[tuple[time, time], ...], date], np.ndarray] = {}
    starts: list[np.ndarray] = []
    who: list[int] = []
    day: list[int] = []
    for rank, therapist in enumerate(therapists):
        week = hours.get(therapist.pk, {})
        for index, local_day in enumerate(days):
            pattern = week.get(local_day.weekday())
            if not pattern:
                continue
            grid = expanded.get((pattern, local_day))
            if grid is None:
                stretches = local_windows(pattern, local_day, zone)
                parts = [
                    np.arange(s.timestamp(), e.timestamp() - rules.duration + 1, rules.step)
                    for s, e in stretches
                ]
                grid = np.concatenate(parts) if parts else EMPTY
                grid = grid[grid >= earliest]
                expanded[pattern, local_day] = grid
            if len(grid):
                starts.append(grid)
                who.append(rank)
                day.append(index)
    if not starts:
        return None
    sizes = [len(grid) for grid in starts]
    return (
        np.concatenate(starts),
        np.repeat(np.array(who, dtype=np.int64), sizes),
        np.repeat(np.array(day, dtype=np.int64), sizes),
    )


@dataclass(frozen=True)
class _Busy:
    room_ids: list[int]
    staff_rank: np.ndarray
    staff_start: np.ndarray
    staff_end: np.ndarray
    room_rank: np.ndarray
    room_start: np.ndarray
    room_end: np.ndarray


def _busy(therapist_ids: list[int], service: Service, lo: float, hi: float) -> _Busy:
    """The rooms for `service`, and the busy times of the therapists and those rooms
    between two instants, in ONE query: the rooms, the bookings of either and the
    therapists' time off, with times as epoch seconds computed by the database.

    Raw SQL because this is the hot path: the ORM's compiler and per-row converters cost
    more than the query itself here. Every appointment that is not cancelled holds its
    time, whatever else its status says (a held offer, for instance).
    """
    ops = connection.ops
    since = ops.adapt_datetimefield_value(datetime.fromtimestamp(lo, UTC))
    until = ops.adapt_datetimefield_value(datetime.fromtimestamp(hi, UTC))
    earliest = ops.adapt_datetimefield_value(datetime.fromtimestamp(lo, UTC) - LONGEST_BLOCK)
    if connection.vendor == "postgresql":
        epoch = "EXTRACT(EPOCH FROM {})::float8"
    else:  # SQLite stores text; julianday to milliseconds, rounded (bookings are minutes)
        epoch = "(ROUND((julianday({}) - 2440587.5) * 86400000.0) / 1000.0)"
    start_at, end_at = epoch.format("start"), epoch.format('"end"')
    people = ", ".join(["%s"] * len(therapist_ids))
    rooms = f"SELECT id FROM {Room._meta.db_table} WHERE clinic_id = %s AND kind = %s AND active"
    room_params = [service.clinic_id, service.room_kind]
    appointments = Appointment._meta.db_table
    time_off = TimeOff._meta.db_table
    near = "status <> %s AND blocked_start < %s AND blocked_start >= %s AND blocked_end > %s"
    bs, be = epoch.format("blocked_start"), epoch.format("blocked_end")
    # Four parts, told apart by the first column: the rooms, the therapists' bookings, the
    # rooms' bookings, the therapists' time off. Separate parts rather than one OR, so
    # PostgreSQL, like SQLite, walks the (therapist, blocked_start) and (room,
    # blocked_start) indexes instead of scanning the table.
    sql = (
        f"SELECT 0, id, NULL, NULL FROM ({rooms}) suitable "
        f"UNION ALL SELECT 1, therapist_id, {bs}, {be} FROM {appointments} "
        f"WHERE {near} AND therapist_id IN ({people}) "
        f"UNION ALL SELECT 2, room_id, {bs}, {be} FROM {appointments} "
        f"WHERE {near} AND room_id IN ({rooms}) "
        f"UNION ALL SELECT 1, staff_id, {start_at}, {end_at} "
        f'FROM {time_off} WHERE staff_id IN ({people}) AND start < %s AND "end" > %s'
    )
    window = [Status.CANCELLED, until, earliest, since]
    params: list[Any] = [
        *room_params,
        *window,
        *therapist_ids,
        *window,
        *room_params,
        *therapist_ids,
        until,
        since,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    table = np.array(rows, dtype=np.float64).reshape(-1, 4)
    part = table[:, 0]
    room_ids = sorted(int(x) for x in table[part == 0, 1])
    people_rows, room_rows = table[part == 1], table[part == 2]
    return _Busy(
        room_ids,
        _ranks(people_rows[:, 1], therapist_ids),
        people_rows[:, 2],
        people_rows[:, 3],
        _ranks(room_rows[:, 1], room_ids),
        room_rows[:, 2],
        room_rows[:, 3],
    )


def _ranks(column: np.ndarray, ids: list[int]) -> np.ndarray:
    """Each value's index in `ids`, or -1 (NULL, or an id not asked about)."""
    if not ids:
        return np.full(len(column), -1, dtype=np.int64)
    known = np.array(ids, dtype=np.float64)
    order = np.argsort(known)
    at = np.searchsorted(known[order], column)
    at = np.minimum(at, len(ids) - 1)
    found = known[order][at] == column
    return np.where(found, order[at], -1)


def _weekly_hours(
    therapist_ids: Sequence[int],
) -> dict[int, dict[int, tuple[tuple[time, time], ...]]]:
    """Each therapist's working stretches per weekday, in raw SQL (hot path, see `_busy`)."""
    raw: dict[int, dict[int, list[tuple[time, time]]]] = defaultdict(lambda: defaultdict(list))
    people = ", ".join(["%s"] * len(therapist_ids))
    sql = (
        f'SELECT staff_id, weekday, start, "end" FROM {WorkingHours._meta.db_table} '
        f"WHERE staff_id IN ({people}) ORDER BY staff_id, weekday, start"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(therapist_ids))
        rows = cursor.fetchall()
    for staff_id, weekday, start, end in rows:
        # SQLite hands back text, PostgreSQL times.
        if isinstance(start, str):
            start, end = time.fromisoformat(start), time.fromisoformat(end)
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
