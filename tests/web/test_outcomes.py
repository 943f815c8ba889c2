"""Recording a visit's outcomes over HTTP, and the progress charts on the chart and portal."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client as HttpClient

from tests.clinic.test_outcomes_records import pains, past_visit
from tests.conftest import World
from tests.web.roles import login_for, other_clinic_therapist
from triggerpoint.clinic.models import Measurement
from triggerpoint.clinic.treatment.outcomes_records import record_diary, record_value

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def html(response: Any) -> Any:
    return BeautifulSoup(response.content, "html.parser")


def url(visit: Any) -> str:
    return f"/staff/visits/{visit.pk}/outcomes/"


def test_a_filled_form_stores_each_measure_with_its_timing(world: World):
    visit = past_visit(world, 0)
    response = signed_in(world.alice.user).post(
        url(visit),
        {
            "timing": "after",
            "pain_now": "3",
            "rom_cervical_rotation_left": "64",
            "ppt_site": "upper-trapezius-1-r",
            "ppt_1": "2.0",
            "ppt_2": "2.2",
            "ppt_3": "2.4",
            "pgic": "2",
            **{f"ndi_{n}": "1" for n in range(1, 11)},
        },
    )
    assert response.status_code == 302
    stored = dict(Measurement.objects.values_list("measure", "value"))
    assert stored == {
        "pain-now": 3,
        "rom-cervical-rotation-left": 64,
        "ppt": pytest.approx(2.2),
        "ndi": 10,
        "pgic": 2,
    }
    assert set(Measurement.objects.values_list("timing", flat=True)) == {"after"}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("pain_now", "11", "Pain now: 11 is outside 0-10."),
        ("pain_worst", "-1", "Worst pain: -1 is outside 0-10."),
        ("rom_cervical_flexion", "200", "outside 0-180"),
        ("pain_average", "6.5", "Enter a whole number."),
    ],
)
def test_an_out_of_range_value_is_a_form_error_beside_its_field_and_stores_nothing(
    world: World, field, value, message
):
    visit = past_visit(world, 0)
    response = signed_in(world.alice.user).post(url(visit), {"timing": "before", field: value})
    assert response.status_code == 400
    error = html(response).select_one(f"[data-error-for='{field}']")
    assert error is not None and message in error.get_text()
    assert not Measurement.objects.exists()


def test_ppt_trials_without_a_site_or_with_too_few_are_refused(world: World):
    visit = past_visit(world, 0)
    http = signed_in(world.alice.user)
    no_site = http.post(url(visit), {"timing": "before", "ppt_1": "2", "ppt_2": "2", "ppt_3": "2"})
    assert no_site.status_code == 400
    assert "Say where" in html(no_site).select_one("[data-error-for='ppt_site']").get_text()
    two = http.post(url(visit), {"timing": "before", "ppt_site": "temple-r", "ppt_1": "2"})
    assert "needs 3 trials" in html(two).select_one("[data-error-for='ppt_1']").get_text()
    assert not Measurement.objects.exists()


def test_an_ndi_with_too_many_sections_missing_is_refused(world: World):
    answers = {f"ndi_{n}": "2" for n in range(1, 8)}
    response = signed_in(world.alice.user).post(
        url(past_visit(world, 0)), {"timing": "before", **answers}
    )
    assert response.status_code == 400
    assert "3 sections missing" in html(response).get_text()


def test_an_empty_form_asks_for_a_measure(world: World):
    response = signed_in(world.alice.user).post(url(past_visit(world, 0)), {"timing": "before"})
    assert response.status_code == 400
    assert "Nothing to record" in html(response).get_text()


def test_another_clinics_therapist_cannot_record(world: World):
    visit = past_visit(world, 0)
    response = signed_in(other_clinic_therapist().user).post(
        url(visit), {"timing": "before", "pain_now": "3"}
    )
    assert response.status_code == 404
    assert not Measurement.objects.exists()


def test_the_chart_shows_each_trend_with_its_change_in_plain_words(world: World):
    pains(world, 7, 5, 3)
    record_diary(world.client_a, 6, [], None)
    page = html(signed_in(world.alice.user).get(f"/staff/clients/{world.client_a.pk}/"))
    figure = page.select_one("[data-outcomes] figure[data-trend='pain-now']")
    words = [p.get_text() for p in figure.select("p.change")]
    assert words == [
        "Since the visit before: Pain now fell from 5 to 3: a 2-point (40%) drop, "
        "a meaningful change.",
        "Since the first visit: Pain now fell from 7 to 3: a 4-point (57%) drop, "
        "a substantial change.",
    ]
    assert len(figure.select("svg circle.visit")) == 3
    assert len(figure.select("svg circle.diary")) == 1
    assert len(page.select("[data-visits] tr[data-visit]")) == 3


def test_several_charts_on_one_page_keep_their_ids_unique(world: World):
    latest = pains(world, 7, 5)[-1]
    record_value(latest, "pain-worst", 8, "before", None)
    page = html(signed_in(world.alice.user).get(f"/staff/clients/{world.client_a.pk}/"))
    ids = [tag["id"] for tag in page.select("[data-outcomes] [id]")]
    assert len(ids) == len(set(ids)) >= 4


def test_the_portal_shows_only_the_signed_in_clients_progress(world: World):
    pains(world, 7, 4)
    login_for(world.client_a)
    user_b = login_for(world.client_b)
    own = html(signed_in(world.client_a.user).get("/portal/progress/"))
    assert own.select_one("[data-outcomes] figure[data-trend='pain-now']") is not None
    other = html(signed_in(user_b).get("/portal/progress/"))
    assert other.select("[data-outcomes] figure") == []
    assert "Your progress charts appear here" in other.select_one("[data-outcomes]").get_text()
