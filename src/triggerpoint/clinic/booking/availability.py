"""Free slots for a service on a date or a range of dates.

Working hours are local wall-clock times, expanded per date in the clinic's time zone with
zoneinfo, so a 09:00 start stays 09:00 across daylight-saving changes. Slot starts step
through each working stretch in real minutes, so on a spring-forward night the missing
hour yields no slots and on a fall-back night the repeated hour yields both. A slot needs
the therapist free for the service plus its buffers, no time off, and a free room of the
service's kind. A whole range is one pass: `clinic/booking/busy.py` loads it in two
queries, and every candidate start is checked in a few array operations of
`clinic/booking/intervals.py`. Placing one booking is `clinic/booking/placement.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.utils import timezone

from triggerpoint.clinic.booking.busy import load_busy, weekly_hours
from triggerpoint.clinic.booking.intervals import (
    SPACING,
    any_free,
    free_of,
    gap_index,
    local_windows,
    reach_index,
)
from triggerpoint.clinic.models import Service, Staff


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    therapist_id: int
    therapist_name: str


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

    Only starts from `now` on; days without one are left out. Sorted by start, then
    therapist name.
    """
    found = free_starts(service, first, last, therapist, now)
    zone = found.zone
    duration = found.rules.duration
    names = [who.display_name for who in found.therapists]
    ids = [who.pk for who in found.therapists]
    # Sorted by day, start, name, then the order the therapists came in (as before).
    by_name = sorted(range(len(names)), key=lambda rank: (names[rank], rank))
    name_order = np.empty(len(names), dtype=np.int64)
    name_order[by_name] = np.arange(len(names))
    order = np.lexsort((name_order[found.who], found.start, found.day))
    result: dict[date, list[Slot]] = {}
    starts, whos, day_of = (
        found.start[order].tolist(),
        found.who[order].tolist(),
        found.day[order].tolist(),
    )
    for start, rank, index in zip(starts, whos, day_of, strict=True):
        result.setdefault(found.days[index], []).append(
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
    if len(found.start):
        # An instant belongs to one local date, so distinct instants count distinct times.
        _, where = np.unique(found.start, return_index=True)
        per_day = np.bincount(found.day[where], minlength=len(days))
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
    """Free start times as parallel arrays: therapist (index into `therapists`), day
    (index into `days`) and start (epoch seconds), in no particular order."""

    zone: ZoneInfo
    rules: Rules
    therapists: list[Staff]
    days: list[date]
    who: np.ndarray
    day: np.ndarray
    start: np.ndarray


EMPTY = np.empty(0, dtype=np.float64)
NO_INDEX = np.empty(0, dtype=np.int64)
Pattern = tuple[tuple[time, time], ...]  # a weekday's working stretches


def free_starts(
    service: Service,
    first: date,
    last: date,
    therapist: Staff | None = None,
    now: datetime | None = None,
) -> FreeStarts:
    """The engine under `available_slots*`: one query for the therapists (unless one is
    given), one for their hours, one for the rooms, bookings and time off of the whole
    range, then every candidate start of every therapist and day checked in a few array
    operations.
    """
    now = now or timezone.now()
    clinic = service.clinic
    zone = clinic.zone
    rules = Rules.of(service)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    nothing = FreeStarts(zone, rules, [], days, NO_INDEX, NO_INDEX, EMPTY)
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
    busy = load_busy([t.pk for t in therapists], clinic.pk, service.room_kind, lo, hi)
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
    return FreeStarts(zone, rules, therapists, days, who[ok], day[ok], starts[ok])


def _candidates(
    therapists: Sequence[Staff], days: list[date], zone: ZoneInfo, rules: Rules, earliest: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Every start on the grid of each therapist's working stretches, from `earliest` on:
    (starts, therapist index, day index), grouped by weekly hours rather than by therapist."""
    hours = weekly_hours([t.pk for t in therapists])
    # Most therapists share their week with others: expand each week's days once, for
    # all of them together (a loop over weeks and days, not over therapists and days).
    weeks: dict[tuple[Pattern | None, ...], list[int]] = {}
    for rank, therapist in enumerate(therapists):
        week = hours.get(therapist.pk, {})
        weeks.setdefault(tuple(week.get(weekday) for weekday in range(7)), []).append(rank)
    expanded: dict[tuple[Pattern, date], np.ndarray] = {}
    starts: list[np.ndarray] = []
    who: list[np.ndarray] = []
    day: list[np.ndarray] = []
    for week_of, ranks in weeks.items():
        sharing = np.array(ranks, dtype=np.int64)
        for index, local_day in enumerate(days):
            pattern = week_of[local_day.weekday()]
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
                starts.append(np.tile(grid, len(sharing)))
                who.append(np.repeat(sharing, len(grid)))
                day.append(np.full(len(grid) * len(sharing), index, dtype=np.int64))
    if not starts:
        return None
    return np.concatenate(starts), np.concatenate(who), np.concatenate(day)
