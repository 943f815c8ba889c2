"""The pain diary: the /find/ body map with a 0-10 rating, saved between visits."""

from __future__ import annotations

import json

import pytest

from tests.conftest import World
from tests.web.roles import login_for
from tests.web.test_outcomes import html, signed_in
from triggerpoint.clinic.models import DrawingSource, Measurement, PainDrawing

pytestmark = pytest.mark.django_db


def drawing(*marks: tuple[str, int]) -> str:
    return json.dumps({"marks": [{"region": r, "intensity": i} for r, i in marks]})


def test_the_diary_page_is_the_body_map_with_its_own_form(world: World):
    login_for(world.client_a)
    page = html(signed_in(world.client_a.user).get("/portal/diary/"))
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any(s.endswith("web/bodymap.js") for s in scripts), "the body map script, not a fork"
    form = page.select_one("form#drawing-actions")
    assert form["action"] == "/portal/diary/"
    assert len(form.select("input[name='rating']")) == 11
    assert page.select_one("input[data-drawing-field]")["form"] == "drawing-actions"


def test_a_saved_entry_stores_the_rating_and_the_diary_drawing(world: World):
    login_for(world.client_a)
    http = signed_in(world.client_a.user)
    response = http.post("/portal/diary/", {"rating": "4", "drawing": drawing(("temple-r", 4))})
    assert response.status_code == 302
    rating = Measurement.objects.get()
    assert (rating.measure, rating.value, rating.timing, rating.client) == (
        "pain-now",
        4,
        "between",
        world.client_a,
    )
    saved = PainDrawing.objects.get()
    assert (saved.source, saved.client) == (DrawingSource.DIARY, world.client_a)
    page = html(http.get("/portal/diary/"))
    assert "temple (right) 4" in page.select_one("[data-diary-entries]").get_text()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"drawing": drawing()}, "choose how strong"),
        ({"rating": "11"}, "outside"),
        ({"rating": "3", "drawing": "{not json"}, "could not be read"),
        ({"rating": "3", "drawing": drawing(("nowhere", 3))}, "not a body region"),
    ],
)
def test_a_bad_entry_is_explained_and_stores_nothing(world: World, body, message):
    login_for(world.client_a)
    response = signed_in(world.client_a.user).post("/portal/diary/", body)
    assert response.status_code == 400
    assert message in html(response).get_text().lower()
    assert not Measurement.objects.exists() and not PainDrawing.objects.exists()


def test_diary_entries_show_on_the_clients_own_pain_chart(world: World):
    login_for(world.client_a)
    http = signed_in(world.client_a.user)
    from tests.clinic.test_outcomes_records import pains

    pains(world, 6)
    http.post("/portal/diary/", {"rating": "3"})
    page = html(http.get("/portal/progress/"))
    figure = page.select_one("[data-outcomes] figure[data-trend='pain-now']")
    assert len(figure.select("svg circle.diary")) == 1
