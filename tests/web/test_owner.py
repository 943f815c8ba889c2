"""The owner's report: bookings per week and utilisation per therapist."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.test import Client as HttpClient
from django.utils import timezone

from tests.conftest import World
from tests.web.roles import appointment
from triggerpoint.clinic.models import Staff, Status, TimeOff, WorkingHours
from triggerpoint.clinic.treatment.report import working_time

pytestmark = [pytest.mark.django_db, pytest.mark.dated]

LONDON = ZoneInfo("Europe/London")


def soup(response) -> Any:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def owner_page(world: World) -> Any:
    http = HttpClient()
    http.force_login(world.owner.user)
    return soup(http.get("/staff/report/"))


def this_monday() -> date:
    today = timezone.now().astimezone(LONDON).date()
    return today - timedelta(days=today.weekday())


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def cells(row: Any) -> list[str]:
    return [cell.get_text(" ", strip=True) for cell in row.select("td")]


def test_bookings_are_counted_by_the_week_they_take_place(world: World):
    monday = this_monday()
    last_week, next_week = monday - timedelta(days=7), monday + timedelta(days=7)
    appointment(world.client_a, world.alice, world.session60, at(last_week + timedelta(2), 10))
    appointment(world.client_a, world.alice, world.session60, at(monday, 10))
    appointment(world.client_b, world.bob, world.session60, at(monday + timedelta(6), 16))
    appointment(world.client_b, world.bob, world.session30, at(monday, 12), Status.CANCELLED)
    appointment(world.client_b, world.bob, world.session30, at(next_week, 9), Status.NO_SHOW)
    appointment(world.client_b, world.bob, world.session30, at(monday - timedelta(63), 9))
    page = owner_page(world)
    weeks = {row["data-week"]: cells(row)[1:] for row in page.select("table.weeks tr[data-week]")}
    assert list(weeks) == [(monday + timedelta(weeks=n)).isoformat() for n in range(-8, 4)]
    assert weeks[last_week.isoformat()] == ["1", "0"]
    assert weeks[monday.isoformat()] == ["2", "1"]
    assert weeks[next_week.isoformat()] == ["1", "0"]
    assert sum(int(b) for b, _ in weeks.values()) == 4  # nine weeks ago is outside
    current = page.select_one("table.weeks tr.current")
    assert current["data-week"] == monday.isoformat()


def test_the_weekly_chart_has_one_bar_per_week_scaled_to_the_busiest(world: World):
    monday = this_monday()
    for hour in (9, 11, 13):
        appointment(world.client_a, world.alice, world.session60, at(monday, hour))
    appointment(world.client_a, world.alice, world.session60, at(monday - timedelta(7), 9))
    page = owner_page(world)
    bars = page.select("svg.chart g[data-week] rect")
    assert len(bars) == 12
    heights = [float(bar["height"]) for bar in bars]
    assert heights[8] == max(heights) > 0
    assert heights[7] == pytest.approx(heights[8] / 3, abs=0.1)
    assert heights[0] == 0


def test_utilisation_is_booked_minutes_over_working_minutes(world: World):
    monday = this_monday()
    appointment(world.client_a, world.alice, world.session60, at(monday + timedelta(7), 10))
    appointment(world.client_a, world.alice, world.session30, at(monday - timedelta(7), 10))
    appointment(
        world.client_b, world.alice, world.session60, at(monday - timedelta(6), 10), Status.NO_SHOW
    )
    appointment(
        world.client_b,
        world.alice,
        world.session60,
        at(monday + timedelta(8), 10),
        Status.CANCELLED,
    )
    page = owner_page(world)
    row = page.select_one(f'tr[data-therapist="{world.alice.pk}"]')
    # 8 hours a day, every day: 8 weeks are 26,880 minutes, 4 weeks 13,440.
    past = row.select_one('[data-period="past"]').get_text(" ", strip=True)
    ahead = row.select_one('[data-period="ahead"]').get_text(" ", strip=True)
    assert past == "0.3% (90 of 26880 min)"
    assert ahead == "0.4% (60 of 13440 min)"


def test_time_off_lowers_working_minutes_and_the_owner_is_not_listed(world: World):
    monday = this_monday() + timedelta(days=7)
    TimeOff.objects.create(staff=world.bob, start=at(monday, 0), end=at(monday, 13))
    for hour in range(13, 17):
        appointment(world.client_a, world.bob, world.session60, at(monday, hour))
    page = owner_page(world)
    ahead = page.select_one(f'tr[data-therapist="{world.bob.pk}"] [data-period="ahead"]')
    assert ahead.get_text(" ", strip=True) == "1.8% (240 of 13200 min)"
    listed = {row.th.get_text() for row in page.select("table.utilisation tr[data-therapist]")}
    assert listed == {"Alice", "Bob"}


def test_working_time_follows_the_clock_on_daylight_saving_days(world: World):
    therapist: Staff = world.alice
    WorkingHours.objects.filter(staff=therapist).delete()
    WorkingHours.objects.create(staff=therapist, weekday=6, start=time(0), end=time(4))
    spring, autumn = date(2026, 3, 29), date(2026, 10, 25)  # both Sundays
    assert working_time(therapist, spring, spring, LONDON) == timedelta(hours=3)
    assert working_time(therapist, autumn, autumn, LONDON) == timedelta(hours=5)
    assert working_time(therapist, spring, spring + timedelta(6), LONDON) == timedelta(hours=3)


def test_the_report_links_to_the_admin(world: World):
    page = owner_page(world)
    assert page.select_one('a[href="/admin/"]') is not None


@pytest.mark.parametrize("who", ["alice", "client"])
def test_only_the_owner_opens_the_report(world: World, who: str):
    from tests.web.roles import login_for

    user = world.alice.user if who == "alice" else login_for(world.client_a)
    http = HttpClient()
    http.force_login(user)
    assert http.get("/staff/report/").status_code == 403
    response = HttpClient().get("/staff/report/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
