"""The guided self-treatment timer: the protocol engine's rules over a browser-held log,
on a fixed clock, and the save to a signed-in client's record."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup

from tests.web.roles import login_for
from tests.web.test_outcomes import signed_in
from triggerpoint.clinic.models import SelfTreatment
from triggerpoint.web import selftimer

POINT = "temporalis-anterior-r"  # hold 60 s, 3 times, pressure 4-6 (selfcare.yaml)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def run(taps: list[tuple[float, str, int | None]], point: str = POINT):
    """Apply (seconds after T0, action, intensity) taps; the log round-trips as JSON."""
    events: list = []
    session = None
    for seconds, action, intensity in taps:
        session = selftimer.step(events, action, point, T0 + timedelta(seconds=seconds), intensity)
        assert session.last_at is not None
        events = json.loads(json.dumps(selftimer.state(session, session.last_at)["events"]))
    return session, events


def test_the_dose_sets_the_engine_hold_cycles_and_pressure_band():
    settings = selftimer.settings_for(selftimer.treatment_of(POINT))
    assert (settings.hold_seconds, settings.cycles) == (60.0, 3)
    assert (settings.target_low, settings.target_high, settings.ease_off_at) == (4, 6, 8)


def test_a_hold_releases_when_the_intensity_falls_to_half():
    session, _ = run([(0, "begin", None), (5, "press", None), (8, "report", 6), (40, "report", 3)])
    assert session.phase == "resting"
    assert session.last_hold.end_reason == "intensity_halved"
    state = selftimer.state(session, T0 + timedelta(seconds=41))
    assert "the discomfort fell to half" in state["prompts"][0]["text"]
    assert state["summary"]["holds"][0]["seconds"] == 35


def test_a_hold_releases_at_two_or_less_and_at_the_cap():
    low, _ = run([(0, "begin", None), (1, "press", None), (2, "report", 3), (9, "report", 2)])
    assert low.last_hold.end_reason == "intensity_low"
    capped, _ = run([(0, "begin", None), (1, "press", None), (2, "report", 5), (95, "tick", None)])
    assert capped.last_hold.end_reason == "cap_reached"
    assert capped.last_hold.duration_seconds == 94


def test_eight_or_more_says_ease_off_and_stop_ends_at_once():
    session, events = run([(0, "begin", None), (1, "press", None), (3, "report", 8)])
    state = selftimer.state(session, T0 + timedelta(seconds=4))
    assert state["ease_off"] and state["prompts"][0]["code"] == "ease_off"
    stopped = selftimer.step(events, "stop", POINT, T0 + timedelta(seconds=5))
    assert stopped.phase == "done"
    assert stopped.last_hold is not None and stopped.last_hold.end_reason == "client_stop"


def test_three_rounds_then_the_stretch_finish_the_session():
    taps: list[tuple[float, str, int | None]] = [(0, "begin", None)]
    for n in range(3):
        start = 1 + n * 100
        taps += [(start, "press", None), (start + 1, "report", 6), (start + 30, "report", 2)]
        taps += [(start + 60, "rest_done", None)]
    taps += [(400, "stretch_done", None)]
    session, _ = run(taps)
    assert session.phase == "done" and len(session.holds) == 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"point": "nowhere-r", "action": "begin"}, "unknown trigger point"),
        ({"point": "extensor-digitorum-1-r", "action": "begin"}, "worked in strokes"),
        ({"point": POINT, "action": "press"}, "cannot press while new"),
        ({"point": POINT, "action": "dance"}, "unknown action"),
        ({"point": POINT, "action": "report", "events": "x"}, "events must be a list"),
    ],
)
@pytest.mark.django_db
def test_bad_taps_are_refused_with_a_message(client, world, body, message):
    response = client.post("/self-care/timer/step/", body, content_type="application/json")
    assert response.status_code == 400
    assert message in response.json()["error"]


@pytest.mark.django_db
def test_the_step_endpoint_runs_the_engine_for_a_visitor(client, world):
    def tap(events, action, **extra):
        response = client.post(
            "/self-care/timer/step/",
            {"point": POINT, "events": events, "action": action, **extra},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return response.json()

    state = tap([], "begin")
    assert state["phase"] == "located"
    state = tap(state["events"], "press")
    assert state["phase"] == "holding" and state["breath"]["phase"] == "inhale"
    state = tap(state["events"], "report", intensity=6)
    state = tap(state["events"], "report", intensity=3)
    assert state["phase"] == "resting"
    assert state["summary"]["holds"][0]["end_reason"] == "intensity_halved"


@pytest.mark.django_db
def test_a_signed_in_client_saves_a_finished_session_and_a_visitor_cannot(client, world):
    _, events = run([(0, "begin", None), (1, "press", None), (2, "report", 6), (20, "report", 3)])
    done = selftimer.step(events, "stop", POINT, T0 + timedelta(seconds=30))
    assert done.last_at is not None
    finished = selftimer.state(done, done.last_at)["events"]
    body = {"point": POINT, "events": finished}
    anonymous = client.post("/self-care/timer/save/", body, content_type="application/json")
    assert anonymous.status_code == 403 and "browser" in anonymous.json()["error"]
    client.force_login(login_for(world.client_a))
    unfinished = client.post(
        "/self-care/timer/save/",
        {"point": POINT, "events": events},
        content_type="application/json",
    )
    assert unfinished.status_code == 400
    saved = client.post("/self-care/timer/save/", body, content_type="application/json")
    assert saved.status_code == 201
    record = SelfTreatment.objects.get(pk=saved.json()["saved"])
    assert record.client == world.client_a and record.trigger_point == POINT
    assert record.cycles == 1 and record.started_at == T0
    staff = signed_in(world.alice.user)
    chart: Any = BeautifulSoup(
        staff.get(f"/staff/clients/{world.client_a.pk}/").content, "html.parser"
    )
    assert POINT in chart.select_one("[data-self-treatments]").get_text()


@pytest.mark.django_db
def test_the_timer_page_offers_the_plans_timed_points(client, world):
    response = client.get("/self-care/timer/?mark=temple-r:7&mark=eyebrow-r:5")
    html: Any = BeautifulSoup(response.content, "html.parser")
    options = [o["value"] for o in html.select("[data-point-select] option")]
    assert options and options[0].startswith("temporalis-")
    assert client.get("/self-care/timer/?point=nowhere-r").status_code == 400


def test_only_points_with_a_timed_hold_are_offered_to_the_timer():
    from triggerpoint.atlas import load_atlas
    from triggerpoint.web.selfcare_plan import _point_plan

    atlas = load_atlas()
    stroked = _point_plan(atlas, "finger-flexors-1-r", 0.4, [])
    held = _point_plan(atlas, "pectoralis-minor-1-r", 0.2, [])
    assert stroked.treatment is not None and held.treatment is not None
    assert stroked.treatment.strokes == 12 and held.treatment.hold_seconds == 30
    offered = selftimer.point_choices([stroked, held])
    assert [c["id"] for c in offered] == ["pectoralis-minor-1-r"]


@pytest.mark.django_db
def test_a_plan_of_stroked_points_only_says_so_on_the_timer_page(client, world):
    response = client.get("/self-care/timer/?mark=back-of-hand-r:6")
    page: Any = BeautifulSoup(response.content, "html.parser")
    text = page.select_one("[data-timer]").get_text()
    assert "timed hold" in text and "strokes" in text
