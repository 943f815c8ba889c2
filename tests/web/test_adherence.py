"""Home-plan adherence: streaks and recent share on fixed dates, the portal's "done
today?" and the therapist's chart."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from tests.clinic.test_outcomes_records import past_visit
from tests.web.roles import login_for
from tests.web.test_outcomes import signed_in
from triggerpoint.clinic.models import HomePlanCheck, HomePlanItem
from triggerpoint.clinic.treatment import homecare
from triggerpoint.clinic.treatment.adherence import WINDOW_DAYS, recent_share, streak

TODAY = date(2026, 3, 10)


def days_ago(*numbers: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in numbers]


def test_a_streak_counts_back_from_today_and_survives_a_day_not_yet_ticked():
    assert streak(days_ago(0, 1, 2, 4), TODAY) == 3
    assert streak(days_ago(1, 2), TODAY) == 2  # today is not over yet
    assert streak(days_ago(2, 3), TODAY) == 0
    assert streak([], TODAY) == 0


def test_the_recent_share_never_counts_days_before_the_plan_or_the_window():
    assert recent_share(days_ago(0, 1, 5), since=TODAY - timedelta(days=2), today=TODAY) == (2, 3)
    assert recent_share(days_ago(*range(30)), since=date(2025, 1, 1), today=TODAY) == (
        WINDOW_DAYS,
        WINDOW_DAYS,
    )


@given(st.sets(st.integers(min_value=0, max_value=40)))
def test_streak_and_share_stay_within_what_was_ticked(numbers):
    days = days_ago(*numbers)
    run = streak(days, TODAY)
    assert 0 <= run <= len(days)
    if run:
        assert TODAY in days or TODAY - timedelta(days=1) in days
    done, counted = recent_share(days, since=TODAY - timedelta(days=60), today=TODAY)
    assert 0 <= done <= counted == WINDOW_DAYS


@pytest.mark.django_db
def test_the_client_ticks_an_item_done_today_and_the_chart_shows_it(world):
    plan = homecare.plan_for(past_visit(world, 0), None)
    item = plan.items.first() or HomePlanItem.objects.create(
        plan=plan, stretch="chin-tuck", hold_seconds=10, repetitions=5, frequency="daily"
    )
    http = signed_in(login_for(world.client_a))
    page: Any = BeautifulSoup(http.get("/portal/home-plan/").content, "html.parser")
    row = page.select_one(f"[data-done-today] [data-item='{item.pk}']")
    assert row is not None and row.select_one("button").get_text() == "Done today"
    response = http.post("/portal/home-plan/done/", {"item": item.pk, "done": "1"})
    assert response.status_code == 302
    assert HomePlanCheck.objects.filter(item=item).count() == 1
    page = BeautifulSoup(http.get("/portal/home-plan/").content, "html.parser")
    row = page.select_one(f"[data-done-today] [data-item='{item.pk}']")
    assert "done today" in row.get_text() and row.select_one("[data-streak='1']")

    other = signed_in(login_for(world.client_b))
    assert other.post("/portal/home-plan/done/", {"item": item.pk, "done": "0"}).status_code == 404
    assert HomePlanCheck.objects.filter(item=item).count() == 1

    staff = signed_in(world.alice.user)
    chart = BeautifulSoup(staff.get(f"/staff/clients/{world.client_a.pk}/").content, "html.parser")
    cell = chart.select_one(f"[data-adherence] [data-item='{item.pk}'] [data-percent]")
    assert cell is not None and cell.get_text().startswith("1/")
