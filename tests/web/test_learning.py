"""The owner's learning page, its reset, and the chart's finder using the clinic's priors."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client as HttpClient

from tests.conftest import NOW, World
from tests.interop.records import POINT, full_record
from tests.web.roles import drawing
from triggerpoint.clinic.models import AuditEvent, Finding, PriorCount, Visit
from triggerpoint.web.views.learning import calibration_svg
from triggerpoint.web.views.therapist import finder_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(world: World) -> HttpClient:
    http = HttpClient()
    http.force_login(world.owner.user)
    return http


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_the_page_shows_counts_priors_and_the_calibration_table_and_chart(owner, world):
    full_record(world)
    page = soup(owner.get("/staff/learning/"))
    row = page.select_one(f"[data-counts] tr[data-point='{POINT}']")
    assert row is not None
    confirmed, prior = row.select("td")
    assert (confirmed["data-confirmed"], confirmed["data-examined"]) == ("1", "1")
    assert float(str(prior["data-clinic"])) > float(str(prior["data-atlas"]))
    bins = page.select("[data-calibration] tbody tr")
    assert len(bins) == 5
    assert sum(int(tr.select("td")[0].text) for tr in bins) == 2
    svg = page.select_one("figure.calibration svg")
    assert svg is not None and len(svg.select("circle")) >= 1
    assert "20 examinations" in page.select_one("[data-strength]").text  # type: ignore[union-attr]


def test_an_empty_clinic_says_so(owner):
    page = soup(owner.get("/staff/learning/"))
    assert page.select_one("[data-no-counts]") and page.select_one("[data-no-calibration]")


def test_reset_empties_the_counts_is_audited_and_later_findings_count_again(owner, world):
    full_record(world)
    assert PriorCount.objects.exists()
    response = owner.post("/staff/learning/reset/")
    assert response["Location"] == "/staff/learning/"
    assert not PriorCount.objects.exists()
    assert AuditEvent.objects.filter(action="priors.reset", actor=world.owner.user).exists()
    page = soup(owner.get("/staff/learning/"))
    assert page.select_one("[data-last-reset]")
    later = Visit.objects.create(client=world.client_b, therapist=world.alice, ended_at=NOW)
    Finding.objects.create(visit=later, trigger_point=POINT, recognised=True)
    assert PriorCount.objects.get(trigger_point=POINT).examined == 1


def test_the_chart_finder_uses_the_clinics_priors(world: World):
    sketch = drawing(world.client_a, temple_r=6, side_neck_r=4)
    before = {
        row["trigger_point"]: row["probability"] for row in finder_summary(sketch)["candidates"]
    }
    runner_up = list(before)[1]
    for _ in range(30):
        visit = Visit.objects.create(client=world.client_b, therapist=world.alice, ended_at=NOW)
        Finding.objects.create(visit=visit, trigger_point=runner_up, recognised=True)
    after = {
        row["trigger_point"]: row["probability"] for row in finder_summary(sketch)["candidates"]
    }
    assert after[runner_up] > before[runner_up]


def test_the_calibration_chart_is_plain_svg_without_style_attributes():
    from triggerpoint.finder.learning import calibration

    svg = str(calibration_svg(calibration([(0.1, False), (0.8, True), (0.85, False)])))
    tree = BeautifulSoup(svg, "html.parser")
    assert tree.svg is not None and tree.svg["role"] == "img"
    assert not tree.select("[style]")
    assert len(tree.select("circle")) == 2
