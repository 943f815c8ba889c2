"""Home plans over HTTP: the therapist makes and edits one; the client reads and prints it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clinic.test_outcomes_records import past_visit
from tests.conftest import World
from tests.web.roles import login_for
from tests.web.test_outcomes import html, signed_in
from triggerpoint.clinic.models import HomePlan
from triggerpoint.clinic.treatment import homecare

pytestmark = pytest.mark.django_db


def url(visit: Any) -> str:
    return f"/staff/visits/{visit.pk}/home-plan/"


def rows(plan: HomePlan) -> list[tuple[str, int, int, str]]:
    return list(plan.items.values_list("stretch", "hold_seconds", "repetitions", "frequency"))


def formset(items: list[dict[str, str]], advice: str = "Water.") -> dict[str, str]:
    data = {
        "action": "save",
        "advice": advice,
        "item-TOTAL_FORMS": str(len(items)),
        "item-INITIAL_FORMS": "0",
        "item-MIN_NUM_FORMS": "0",
        "item-MAX_NUM_FORMS": "20",
    }
    for n, item in enumerate(items):
        data |= {f"item-{n}-{key}": value for key, value in item.items()}
    return data


def test_the_therapist_makes_the_plan_then_changes_doses_drops_and_adds(world: World):
    visit = past_visit(world, 0)
    http = signed_in(world.alice.user)
    assert http.post(url(visit), {"action": "create"}).status_code == 302
    plan = HomePlan.objects.get()
    assert rows(plan) == [("upper-trapezius-stretch", 30, 3, "twice a day")]
    items = [
        {
            "stretch": "upper-trapezius-stretch",
            "hold_seconds": "45",
            "repetitions": "2",
            "frequency": "daily",
        },
        {
            "stretch": "chin-tuck",
            "hold_seconds": "10",
            "repetitions": "10",
            "frequency": "hourly at the desk",
        },
    ]
    assert http.post(url(visit), formset(items)).status_code == 302
    assert rows(plan) == [
        ("upper-trapezius-stretch", 45, 2, "daily"),
        ("chin-tuck", 10, 10, "hourly at the desk"),
    ]
    items[0]["DELETE"] = "on"
    http.post(url(visit), formset(items, advice="Rest tonight."))
    plan.refresh_from_db()
    assert rows(plan) == [("chin-tuck", 10, 10, "hourly at the desk")]
    assert plan.advice == "Rest tonight."


def test_a_bad_row_is_a_400_and_the_plan_is_unchanged(world: World):
    visit = past_visit(world, 0)
    plan = homecare.plan_for(visit, None)
    bad = [{"stretch": "chin-tuck", "hold_seconds": "0", "repetitions": "3", "frequency": "x"}]
    response = signed_in(world.alice.user).post(url(visit), formset(bad))
    assert response.status_code == 400
    assert rows(plan) == [("upper-trapezius-stretch", 30, 3, "twice a day")]
    missing = [{"stretch": "chin-tuck", "hold_seconds": "", "repetitions": "3", "frequency": "x"}]
    assert signed_in(world.alice.user).post(url(visit), formset(missing)).status_code == 400


def test_the_client_reads_their_latest_plan_and_only_theirs(world: World):
    plan = homecare.plan_for(past_visit(world, 0), None)
    login_for(world.client_a)
    user_b = login_for(world.client_b)
    page = html(signed_in(world.client_a.user).get("/portal/home-plan/"))
    assert page.select_one(f"[data-home-plan='{plan.pk}']") is not None
    assert "Hold 30 seconds, 3 times, twice a day." in page.select_one(".dosage").get_text()
    assert "water" in page.select_one("[data-aftercare]").get_text()
    other = signed_in(user_b).get("/portal/home-plan/")
    assert other.status_code == 200 and b"not given you a home plan" in other.content
    assert b"Side-bend" not in other.content


def test_staff_print_the_plan_of_their_clinics_client(world: World):
    plan = homecare.plan_for(past_visit(world, 0), None)
    response = signed_in(world.owner.user).get(f"/staff/home-plans/{plan.pk}/")
    assert response.status_code == 200 and b"Side-bend neck stretch" in response.content
