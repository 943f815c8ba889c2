"""The owner's report figures: bookings per week and how much of each therapist's time is
booked.

Weeks run Monday to Sunday in the clinic's time zone. The report covers the 8 weeks
before this one and 4 weeks from this one on (this week counts as coming: it is not over).
Utilisation is booked service minutes over working minutes (weekly hours less time off);
a no-show held the time, so it counts as booked, a cancellation does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from triggerpoint.clinic.booking.intervals import Interval, local_windows, merge
from triggerpoint.clinic.models import ACTIVE, Appointment, Clinic, Staff, Status

WEEKS_BACK = 8
WEEKS_AHEAD = 4
WEEK = timedelta(days=7)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class WeekRow:
    monday: date
    bookings: int
    cancelled: int
    current: bool


def weekly_bookings(clinic: Clinic, this_monday: date) -> list[WeekRow]:
    """Appointments by the local week they start in (cancelled ones counted apart)."""
    zone = clinic.zone
    mondays = [this_monday + WEEK * n for n in range(-WEEKS_BACK, WEEKS_AHEAD)]
    counts = {monday: [0, 0] for monday in mondays}
    starts = Appointment.objects.filter(
        service__clinic=clinic,
        start__gte=local_midnight(mondays[0], zone),
        start__lt=local_midnight(mondays[-1] + WEEK, zone),
    ).values_list("start", "status")
    for start, status in starts:
        local = start.astimezone(zone).date()
        counts[local - timedelta(days=local.weekday())][status == Status.CANCELLED] += 1
    return [WeekRow(m, counts[m][0], counts[m][1], m == this_monday) for m in mondays]


def _overlap(intervals: list[Interval], other: list[Interval]) -> timedelta:
    """Total time two lists of disjoint intervals share."""
    shared = timedelta()
    for start, end in intervals:
        for other_start, other_end in other:
            shared += max(timedelta(), min(end, other_end) - max(start, other_start))
    return shared


def working_time(therapist: Staff, first: date, last: date, zone: ZoneInfo) -> timedelta:
    """Weekly hours over the local days first..last (inclusive), less time off."""
    hours: dict[int, list[tuple[time, time]]] = {}
    for weekday, start, end in therapist.hours.values_list("weekday", "start", "end"):
        hours.setdefault(weekday, []).append((start, end))
    windows: list[Interval] = []
    day = first
    while day <= last:
        windows += local_windows(hours.get(day.weekday(), []), day, zone)
        day += timedelta(days=1)
    since, until = local_midnight(first, zone), local_midnight(last + timedelta(days=1), zone)
    away = merge(
        therapist.time_off.filter(start__lt=until, end__gt=since).values_list("start", "end")
    )
    total = sum((end - start for start, end in windows), timedelta())
    return total - _overlap(windows, away)


def booked_time(therapist: Staff, first: date, last: date, zone: ZoneInfo) -> timedelta:
    since, until = local_midnight(first, zone), local_midnight(last + timedelta(days=1), zone)
    spans = (
        Appointment.objects.filter(ACTIVE, therapist=therapist, start__lt=until, end__gt=since)
        .values_list("start", "end")
        .order_by("start")
    )
    return _overlap(merge(spans), [(since, until)])


@dataclass(frozen=True)
class Utilisation:
    booked_minutes: int
    working_minutes: int

    @property
    def percent(self) -> float | None:
        if not self.working_minutes:
            return None
        return round(100 * self.booked_minutes / self.working_minutes, 1)


def utilisation(therapist: Staff, first: date, last: date, zone: ZoneInfo) -> Utilisation:
    minutes = timedelta(minutes=1)
    return Utilisation(
        booked_time(therapist, first, last, zone) // minutes,
        working_time(therapist, first, last, zone) // minutes,
    )


@dataclass(frozen=True)
class Report:
    """Every figure of the owner's page: the weeks, the two periods and each therapist's
    utilisation in the past and the coming period."""

    weeks: list[WeekRow]
    past: tuple[date, date]
    ahead: tuple[date, date]
    rows: list[tuple[Staff, Utilisation, Utilisation]]


def clinic_report(clinic: Clinic, today: date, therapists: Iterable[Staff]) -> Report:
    zone = clinic.zone
    this_monday = today - timedelta(days=today.weekday())
    past = (this_monday - WEEK * WEEKS_BACK, this_monday - timedelta(days=1))
    ahead = (this_monday, this_monday + WEEK * WEEKS_AHEAD - timedelta(days=1))
    rows = [(t, utilisation(t, *past, zone), utilisation(t, *ahead, zone)) for t in therapists]
    return Report(weekly_bookings(clinic, this_monday), past, ahead, rows)
