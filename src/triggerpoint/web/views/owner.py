"""The owner's report page: its figures are clinic.treatment.report's; this draws them as bars."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from triggerpoint.clinic.models import Staff
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy.audit import record_list
from triggerpoint.clinic.treatment.report import Utilisation, WeekRow, clinic_report
from triggerpoint.visual import chart
from triggerpoint.visual.chart import Bar
from triggerpoint.web.local_days import local_today

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
                title=f"Week of {row.monday.day} {row.monday:%b}: {row.bookings}",
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


def charts(
    weeks: list[WeekRow], rows: list[tuple[Staff, Utilisation, Utilisation]]
) -> dict[str, str]:
    """The two charts as SVG text (visual/chart.py escapes every word put into them)."""
    return {
        "weeks_svg": chart.columns(
            week_bars(weeks),
            width=CHART_WIDTH,
            height=CHART_HEIGHT,
            baseline=BASELINE,
            title="Bookings per week",
            id_prefix="weeks-chart",
            key="week",
        ),
        "utilisation_svg": chart.rows(
            utilisation_bars(rows),
            width=520,
            track=320,
            title="Share of working time booked over the last 8 weeks",
            id_prefix="utilisation-chart",
        ),
    }


@policy.require_role("owner")
@require_safe
def report(request: HttpRequest) -> HttpResponse:
    me = policy.staff_of(request.user)
    if me is None:  # require_role let only staff through
        raise Http404
    clinic = me.clinic
    therapists = policy.schedulable_staff(request.user).filter(takes_bookings=True)
    figures = clinic_report(clinic, local_today(clinic.zone), therapists.order_by("display_name"))
    weeks, rows = figures.weeks, figures.rows
    context = {
        "nav": "report",
        "clinic": clinic,
        "weeks": weeks,
        "past": figures.past,
        "ahead": figures.ahead,
        "rows": rows,
        **charts(weeks, rows),
        "admin_url": reverse("admin:index"),
    }
    # The report reads every booking of the clinic (counts per week and therapist).
    record_list(request.user, "report.viewed", clinic.pk)
    return render(request, "web/owner/report.html", context)
