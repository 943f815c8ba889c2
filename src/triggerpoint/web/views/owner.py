"""The owner's report: bookings per week and how much of each therapist's time is booked.

Weeks run Monday to Sunday in the clinic's time zone. The report covers the 8 weeks
before this one and 4 weeks from this one on (this week counts as coming: it is not over).
Utilisation is booked service minutes over working minutes (weekly hours less time off);
a no-show held the time, so it counts as booked, a cancellation does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from triggerpoint.clinic import access as policy
from triggerpoint.clinic.audit import record_list
from triggerpoint.clinic.availability import local_windows
from triggerpoint.clinic.intervals import Interval, merge
from triggerpoint.clinic.models import ACTIVE, Appointment, Clinic, Staff, Status
from triggerpoint.web.local_days import local_midnight, local_today

WEEKS_BACK = 8
WEEKS_AHEAD = 4
WEEK = timedelta(days=7)


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
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str
    current: bool = False

    @property
    def middle(self) -> float:
        return round(self.x + self.width / 2, 1)


CHART_WIDTH = 480
CHART_HEIGHT = 160
BASELINE = 134  # room below for the week labels


def week_bars(rows: list[WeekRow]) -> list[Bar]:
    """Vertical bars of bookings per week, scaled to the busiest week."""
    top = max((row.bookings for row in rows), default=0) or 1
    slot = CHART_WIDTH / len(rows)
    bars = []
    for index, row in enumerate(rows):
        height = (BASELINE - 20) * row.bookings / top
        bars.append(
            Bar(
                x=round(index * slot + slot * 0.15, 1),
                y=round(BASELINE - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=f"{row.monday.day} {row.monday:%b}",
                value=str(row.bookings),
                current=row.current,
            )
        )
    return bars


def utilisation_bars(rows: list[tuple[Staff, Utilisation, Utilisation]]) -> list[Bar]:
    """Horizontal bars, one per therapist, of the share of the last 8 weeks booked (0-100%)."""
    bars = []
    for index, (therapist, past, _) in enumerate(rows):
        share = min(past.percent or 0, 100)
        bars.append(
            Bar(
                x=140,
                y=10 + index * 28,
                width=round(3.2 * share, 1),
                height=18,
                label=therapist.display_name,
                value=f"{past.percent}%" if past.percent is not None else "no hours",
            )
        )
    return bars


@policy.require_role("owner")
@require_safe
def report(request: HttpRequest) -> HttpResponse:
    me = policy.staff_of(request.user)
    if me is None:  # require_role let only staff through
        raise Http404
    clinic = me.clinic
    zone = clinic.zone
    today = local_today(zone)
    this_monday = today - timedelta(days=today.weekday())
    weeks = weekly_bookings(clinic, this_monday)
    past = (this_monday - WEEK * WEEKS_BACK, this_monday - timedelta(days=1))
    ahead = (this_monday, this_monday + WEEK * WEEKS_AHEAD - timedelta(days=1))
    therapists = policy.schedulable_staff(request.user).filter(takes_bookings=True)
    rows = [
        (t, utilisation(t, *past, zone), utilisation(t, *ahead, zone))
        for t in therapists.order_by("display_name")
    ]
    context = {
        "nav": "report",
        "clinic": clinic,
        "weeks": weeks,
        "past": past,
        "ahead": ahead,
        "week_bars": week_bars(weeks),
        "rows": rows,
        "utilisation_bars": utilisation_bars(rows),
        "utilisation_height": 20 + 28 * len(rows),
        "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT, "baseline": BASELINE},
        "admin_url": reverse("admin:index"),
    }
    # The report reads every booking of the clinic (counts per week and therapist).
    record_list(request.user, "report.viewed", clinic.pk)
    return render(request, "web/owner/report.html", context)
