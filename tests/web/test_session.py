"""The treatment room over HTTP: the plan, the therapist's screen, the phone, findings."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.test import Client as HttpClient

from tests.conftest import World
from tests.web.roles import appointment, drawing, login_for, other_clinic_therapist
from triggerpoint.clinic.models import AuditEvent, Finding, SessionEvent, Visit
from triggerpoint.clinic.treatment import sessions

pytestmark = pytest.mark.django_db

POINT = "upper-trapezius-1-r"
OTHER = "levator-scapulae-upper-r"
START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def signed_in(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def soup(response) -> Any:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def live_visit(world: World, plan: tuple[str, ...] = (POINT, OTHER)) -> Visit:
    slot = appointment(world.client_a, world.alice, world.session60, START)
    return sessions.start_visit(slot, world.alice.user, planned=plan)


def send(http: HttpClient, url: str, **body: Any) -> Any:
    return http.post(url, data=json.dumps(body), content_type="application/json")


def screen_url(visit: Visit, tail: str = "") -> str:
    return f"/staff/visits/{visit.pk}/session/{tail}"


# Planning and starting


def test_the_plan_ticks_the_finders_suggestions_and_starting_opens_the_screen(world: World):
    slot = appointment(world.client_a, world.alice, world.session60, START)
    drawing(world.client_a, temple_r=7, upper_back_neck_r=4)
    http = signed_in(world.alice.user)
    page = soup(http.get(f"/staff/appointments/{slot.pk}/session/"))
    ticked = [box["value"] for box in page.select("input[name=point][checked]")]
    assert ticked == sessions.suggested_points(slot) and ticked
    assert page.select_one(".find-it").get_text(strip=True)

    response = http.post(
        f"/staff/appointments/{slot.pk}/session/", {"point": ticked[:1], "extra": OTHER}
    )
    visit = Visit.objects.get(appointment=slot)
    assert response["Location"] == screen_url(visit)
    assert visit.planned_points == [ticked[0], OTHER]
    assert AuditEvent.objects.filter(action="visit.session_started", record_id=visit.pk).exists()
    # Once started, the plan page leads to the running session instead of a second one.
    assert http.get(f"/staff/appointments/{slot.pk}/session/")["Location"] == screen_url(visit)


def test_the_plan_leads_with_a_red_flag_and_holds_back_where_to_press(world: World):
    slot = appointment(world.client_a, world.alice, world.session60, START)
    # Chest with the left inner arm: a cardiac pattern (AHA/ACC 2021 chest pain guideline).
    drawing(world.client_a, sternum_r=7, inner_arm_l=5)
    page = soup(signed_in(world.alice.user).get(f"/staff/appointments/{slot.pk}/session/"))
    flags = page.select_one(".finder-flags")
    assert flags is not None and flags.select_one('[data-flag="cardiac"]')
    assert flags.sourceline < page.select_one("form.plan-form").sourceline
    assert not page.select(".find-it")


def test_the_screen_lists_each_point_with_where_to_press_and_the_join_code(world: World):
    visit = live_visit(world)
    page = soup(signed_in(world.alice.user).get(screen_url(visit)))
    points = page.select("[data-plan-point]")
    assert [p["data-plan-point"] for p in points] == [POINT, OTHER]
    assert "Where to press:" in points[0].get_text()
    assert points[0]["data-status"] == "next" and points[1]["data-status"] == "planned"
    assert page.select_one("[data-join-code]").get_text(strip=True) == visit.join_code
    assert page.select_one("[data-phase-label]").get_text(strip=True) == "Between trigger points"
    enabled = [b["data-action"] for b in page.select("button[data-action]:not([disabled])")]
    assert enabled == ["locate", "skip", "finish"]
    state = json.loads(page.select_one("#session-state").string)
    assert state["phase"] == "ready" and state["plan"][0]["id"] == POINT
    assert AuditEvent.objects.filter(action="visit.session_viewed", record_id=visit.pk).exists()


def test_a_cancelled_appointment_cannot_start(world: World):
    slot = appointment(world.client_a, world.alice, world.session60, START, status="cancelled")
    page = signed_in(world.alice.user).post(
        f"/staff/appointments/{slot.pk}/session/", {"extra": POINT}
    )
    assert page.status_code == 400
    assert "this appointment was cancelled" in page.content.decode()
    assert not Visit.objects.exists()


# Permissions


def test_another_clinics_therapist_finds_nothing_of_the_visit(world: World):
    visit = live_visit(world)
    assert visit.appointment is not None
    http = signed_in(other_clinic_therapist().user)
    urls = [
        f"/staff/appointments/{visit.appointment.pk}/session/",
        screen_url(visit),
        screen_url(visit, "state/"),
    ]
    assert [http.get(url).status_code for url in urls] == [404, 404, 404]
    assert send(http, screen_url(visit, "events/"), kind="locate").status_code == 404
    finding = http.post(f"/staff/visits/{visit.pk}/findings/", {"trigger_point": POINT})
    assert finding.status_code == 404
    assert SessionEvent.objects.filter(visit=visit).count() == 1


def test_clients_may_not_open_the_therapists_screen_even_their_own(world: World):
    visit = live_visit(world)
    http = signed_in(login_for(world.client_a))
    assert http.get(screen_url(visit)).status_code == 403
    assert send(http, screen_url(visit, "events/"), kind="press").status_code == 403


def test_client_b_cannot_join_as_visit_without_its_code(world: World):
    visit = live_visit(world)
    http = signed_in(login_for(world.client_b))
    wrong = "ABCDEF" if visit.join_code != "ABCDEF" else "ABCDEG"
    assert http.get(f"/join/{wrong}/").status_code == 404
    assert send(http, f"/join/{wrong}/events/", kind="stop").status_code == 404
    assert SessionEvent.objects.filter(visit=visit).count() == 1
    # The code is the key: whoever holds it reports, and sees nothing about the client.
    page = http.get(f"/join/{visit.join_code}/")
    assert page.status_code == 200
    assert "Ann" not in page.content.decode()


# The therapist's controls


def test_every_therapist_event_works_as_a_plain_form_and_as_json(world: World):
    visit = live_visit(world)
    http = signed_in(world.alice.user)
    response = http.post(screen_url(visit, "events/"), {"kind": "locate", "trigger_point": OTHER})
    assert response.status_code == 302
    state = send(http, screen_url(visit, "events/"), kind="press").json()
    assert (state["phase"], state["point"], state["cycle"]) == ("holding", OTHER, 1)
    assert state["breath"]["period"] == 10.0
    state = send(http, screen_url(visit, "events/"), kind="report", intensity=9).json()
    assert state["intensity"] == 9 and state["intensity_by"] == "therapist"
    assert state["ease_off"] and state["prompts"][0]["code"] == "ease_off"
    state = send(http, screen_url(visit, "events/"), kind="therapist_release").json()
    assert state["phase"] == "resting"
    assert state["holds"][0]["reason"] == "the tissue let go under your hand"
    assert [e.kind for e in SessionEvent.objects.filter(visit=visit)] == [
        "start",
        "locate",
        "press",
        "report",
        "therapist_release",
    ]


def test_a_refused_event_says_why_and_stores_nothing(world: World):
    visit = live_visit(world)
    http = signed_in(world.alice.user)
    response = send(http, screen_url(visit, "events/"), kind="press")
    assert response.status_code == 409
    assert response.json()["error"].startswith("cannot press while ready")
    form = http.post(screen_url(visit, "events/"), {"kind": "rest_done"}, follow=True)
    assert "cannot rest_done while ready" in form.content.decode()
    bad = send(http, screen_url(visit, "events/"), kind="report", intensity="loud")
    assert bad.status_code == 409
    assert SessionEvent.objects.filter(visit=visit).count() == 1


def test_finishing_from_the_screen_ends_the_visit(world: World):
    visit = live_visit(world, plan=())
    http = signed_in(world.alice.user)
    state = send(http, screen_url(visit, "events/"), kind="finish").json()
    assert state["ended"] and state["phase"] == "done"
    page = soup(http.get(screen_url(visit)))
    assert page.select_one("[data-ended]").get("hidden") is None
    assert http.get(f"/join/{visit.join_code}/").status_code == 404


# The client's phone


def test_the_join_form_leads_to_the_phone_page_and_a_wrong_code_says_so(world: World):
    visit = live_visit(world)
    http = HttpClient()
    typed = visit.join_code.lower()[:3] + " " + visit.join_code.lower()[3:]
    assert http.post("/join/", {"code": typed})["Location"] == f"/join/{visit.join_code}/"
    wrong = http.post("/join/", {"code": "ZZZZZZ"})
    assert wrong.status_code == 400
    assert "No session is running with this code" in wrong.content.decode()


def test_the_phone_reports_and_stops_and_the_therapist_sees_both(world: World):
    visit = live_visit(world)
    therapist = signed_in(world.alice.user)
    send(therapist, screen_url(visit, "events/"), kind="locate")
    send(therapist, screen_url(visit, "events/"), kind="press")
    phone = HttpClient()
    page = soup(phone.get(f"/join/{visit.join_code}/"))
    assert page.select_one("[data-phase-label]").get_text(strip=True) == "Pressure on"
    assert len(page.select("button[data-intensity-button]")) == 11
    mine = send(phone, f"/join/{visit.join_code}/events/", kind="report", intensity=6).json()
    assert mine["intensity"] == 6 and mine["phase"] == "holding"
    assert therapist.get(screen_url(visit, "state/")).json()["intensity"] == 6
    stopped = send(phone, f"/join/{visit.join_code}/events/", kind="stop").json()
    assert stopped["stopped"] and stopped["phase"] == "resting"
    seen = therapist.get(screen_url(visit, "state/")).json()
    assert seen["stopped"] and seen["holds"][0]["reason"] == "the client asked to stop"
    reports = SessionEvent.objects.filter(visit=visit, kind="report")
    assert [r.data["by"] for r in reports] == ["client"]


def test_the_phone_cannot_send_therapist_events_or_claim_to_be_the_therapist(world: World):
    visit = live_visit(world)
    phone = HttpClient()
    refused = send(phone, f"/join/{visit.join_code}/events/", kind="locate")
    assert refused.status_code == 409
    send(signed_in(world.alice.user), screen_url(visit, "events/"), kind="locate")
    send(signed_in(world.alice.user), screen_url(visit, "events/"), kind="press")
    send(phone, f"/join/{visit.join_code}/events/", kind="report", intensity=5, by="therapist")
    assert SessionEvent.objects.get(visit=visit, kind="report").data["by"] == "client"


def test_the_phone_works_without_javascript(world: World):
    visit = live_visit(world)
    phone = HttpClient()
    response = phone.post(f"/join/{visit.join_code}/events/", {"kind": "stop"})
    assert response["Location"] == f"/join/{visit.join_code}/"
    assert SessionEvent.objects.filter(visit=visit, kind="stop").count() == 1


def test_an_ended_visits_code_stops_working(world: World):
    visit = live_visit(world, plan=())
    phone = HttpClient()
    assert phone.get(f"/join/{visit.join_code}/").status_code == 200
    sessions.end_visit(visit, world.alice.user)
    assert phone.get(f"/join/{visit.join_code}/").status_code == 404
    gone = send(phone, f"/join/{visit.join_code}/events/", kind="stop")
    assert gone.status_code == 404 and gone.json()["ended"]
    assert phone.get(f"/join/{visit.join_code}/state/").status_code == 404


def test_wrong_codes_are_rate_limited_per_address_but_a_joined_phone_keeps_working(
    world: World,
):
    visit = live_visit(world)
    joined = HttpClient()
    assert joined.get(f"/join/{visit.join_code}/").status_code == 200
    guesser = HttpClient()
    for n in range(10):  # JOIN_CODE_RATE, 10/10m
        assert guesser.get(f"/join/WRONG{n}/").status_code == 404
    assert guesser.get(f"/join/{visit.join_code}/").status_code == 429
    assert guesser.post("/join/", {"code": visit.join_code}).status_code == 429
    assert send(guesser, f"/join/{visit.join_code}/events/", kind="stop").status_code == 429
    # Same address (the test client's), but this phone joined before the guessing began.
    assert joined.get(f"/join/{visit.join_code}/state/").status_code == 200
    assert send(joined, f"/join/{visit.join_code}/events/", kind="stop").status_code == 200


def test_the_phone_state_has_the_pacer_while_pressure_is_on(world: World):
    visit = live_visit(world)
    therapist = signed_in(world.alice.user)
    send(therapist, screen_url(visit, "events/"), kind="locate")
    send(therapist, screen_url(visit, "events/"), kind="press")
    state = HttpClient().get(f"/join/{visit.join_code}/state/").json()
    assert set(state) == {"seq", "ended", "phase", "phase_label", "breath", "intensity", "stopped"}
    assert state["breath"]["phase"] in ("inhale", "exhale")
    assert state["breath"]["inhale"] == pytest.approx(4.0)


# Findings


def finding_form(**changes: Any) -> dict[str, Any]:
    return {
        "trigger_point": POINT,
        "taut_band": "on",
        "recognised": "on",
        "referral": ["temple-r"],
        "referral_other": ["occiput-r"],
        "ppt_1": "2.0",
        "ppt_2": "2.5",
        "ppt_3": "3.0",
        "note": "",
    } | changes


def test_a_finding_is_saved_from_the_screen_with_its_ppt_mean_in_both_units(world: World):
    visit = live_visit(world)
    http = signed_in(world.alice.user)
    response = http.post(f"/staff/visits/{visit.pk}/findings/", finding_form())
    assert response["Location"] == screen_url(visit) + f"#finding-{POINT}"
    finding = Finding.objects.get(visit=visit)
    assert finding.referral_regions == ["temple-r", "occiput-r"]
    assert (finding.ppt_kg_cm2, round(finding.ppt_kpa or 0)) == (2.5, 245)
    page = soup(http.get(screen_url(visit)))
    saved = page.select_one(f"#finding-{POINT}")
    assert "2.50 kg/cm² (245 kPa)" in saved.get_text(" ", strip=True)
    assert saved.select_one("input[name=recognised]").has_attr("checked")
    assert AuditEvent.objects.filter(action="finding.created", record_id=finding.pk).exists()


def test_a_finding_with_two_trials_is_refused_on_the_screen(world: World):
    visit = live_visit(world)
    response = signed_in(world.alice.user).post(
        f"/staff/visits/{visit.pk}/findings/", finding_form(ppt_3="")
    )
    assert response.status_code == 400
    assert "needs 3 trials, got 2" in response.content.decode()
    assert not Finding.objects.exists()


def test_findings_can_be_written_after_the_visit_ends(world: World):
    visit = live_visit(world, plan=(POINT,))
    sessions.act(visit, "skip", by="therapist", now=START + timedelta(seconds=1))
    sessions.end_visit(visit, world.alice.user)
    http = signed_in(world.alice.user)
    assert http.post(f"/staff/visits/{visit.pk}/findings/", finding_form()).status_code == 302
    assert Finding.objects.filter(visit=visit).count() == 1


@pytest.mark.dated
def test_todays_appointments_link_to_their_session_from_the_schedule_and_the_chart(
    world: World,
):
    from django.utils import timezone

    zone = world.clinic.zone
    today = timezone.now().astimezone(zone).replace(hour=12, minute=0, second=0, microsecond=0)
    slot = appointment(world.client_a, world.alice, world.session60, today)
    later = appointment(world.client_a, world.alice, world.session60, today + timedelta(days=8))
    http = signed_in(world.alice.user)
    plan = f"/staff/appointments/{slot.pk}/session/"
    schedule = soup(http.get("/staff/schedule/"))
    assert [a["href"] for a in schedule.select("a.session-link")] == [plan]
    chart = soup(http.get(f"/staff/clients/{world.client_a.pk}/"))
    assert [a["href"] for a in chart.select("a.session-link")] == [plan]
    assert chart.select_one(f'tr[data-appointment="{later.pk}"] a.session-link') is None


# The poll is the hottest request of a running session: twice a second from two screens.


def test_each_poll_answers_from_at_most_three_queries(
    world: World, django_capture_on_commit_callbacks: Any
):
    """Session, user with staff profile, visit with its latest seq; the events only when
    one arrived since this process last replayed them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    visit = live_visit(world)
    therapist = signed_in(world.alice.user)
    phone = HttpClient()
    assert phone.get(f"/join/{visit.join_code}/").status_code == 200
    send(therapist, screen_url(visit, "events/"), kind="locate")
    for http, url in (
        (therapist, screen_url(visit, "state/")),
        (phone, f"/join/{visit.join_code}/state/"),
    ):
        with django_capture_on_commit_callbacks(execute=True):  # as autocommit would
            assert http.get(url).status_code == 200  # the first poll replays the log
        with CaptureQueriesContext(connection) as queries:
            response = http.get(url)
        assert response.status_code == 200
        assert len(queries) <= 3, "\n".join(q["sql"][:150] for q in queries)
        assert not any(q["sql"].startswith('SELECT "clinic_sessionevent"') for q in queries)
    # A new event is replayed on the next poll of either screen.
    send(phone, f"/join/{visit.join_code}/events/", kind="stop")
    assert therapist.get(screen_url(visit, "state/")).json()["stopped"]


def test_a_poll_answers_304_until_something_the_screen_shows_changes(world: World, clock: Any):
    """The ETag covers the state but its clock readings (the screen animates those)."""
    visit = live_visit(world)
    therapist = signed_in(world.alice.user)
    send(therapist, screen_url(visit, "events/"), kind="locate")
    phone = HttpClient()
    for http, url in (
        (therapist, screen_url(visit, "state/")),
        (phone, f"/join/{visit.join_code}/state/"),
    ):
        first = http.get(url)
        assert first.status_code == 200 and first["ETag"].startswith('W/"')
        clock.shift(timedelta(seconds=30))  # time passes, nothing happens
        again = http.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == first["ETag"]
    send(phone, f"/join/{visit.join_code}/events/", kind="report", intensity=7)
    for http, url in (
        (therapist, screen_url(visit, "state/")),
        (phone, f"/join/{visit.join_code}/state/"),
    ):
        stale = http.get(url, headers={"If-None-Match": 'W/"0"'})
        assert stale.status_code == 200 and stale.json()["intensity"] == 7
        fresh = http.get(url, headers={"If-None-Match": stale["ETag"]})
        assert fresh.status_code == 304


def test_during_a_hold_the_poll_is_news_only_when_the_planned_time_is_reached(
    world: World, clock: Any
):
    """The seconds and the breath run on the screen's own clock: the words change at
    the planned time, not every second (nor does the list a screen reader reads out)."""
    visit = live_visit(world)
    therapist = signed_in(world.alice.user)
    send(therapist, screen_url(visit, "events/"), kind="locate")
    pressed = send(therapist, screen_url(visit, "events/"), kind="press").json()
    planned = pressed["hold"]["planned"]
    url = screen_url(visit, "state/")
    first = therapist.get(url)
    for _ in range(int(planned) - 2):  # every second of the planned hold but the last
        clock.shift(timedelta(seconds=1))
        assert therapist.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    clock.shift(timedelta(seconds=2))
    reached = therapist.get(url, headers={"If-None-Match": first["ETag"]})
    assert reached.status_code == 200
    assert "Planned time reached" in reached.json()["prompts"][-1]["text"]


def test_the_stable_state_drops_only_the_clock_readings():
    from triggerpoint.web.session_state import etag, stable

    state: dict[str, Any] = {
        "seq": 3,
        "phase": "holding",
        "hold": {"left": 40.0, "cap_left": 80.0, "elapsed": 20.0, "planned": 60, "cap": 100},
        "breath": {"period": 6.0, "inhale": 2.4, "elapsed": 20.0, "phase": "inhale"},
        "rest_left": None,
        "stretch_left": None,
        "allowed": ["therapist_release", "skip"],
    }
    later = {
        **state,
        "hold": {**state["hold"], "left": 39.0, "cap_left": 79.0, "elapsed": 21.0},
        "breath": {**state["breath"], "elapsed": 21.0, "phase": "exhale"},
    }
    assert stable(later) == stable(state) and etag(later) == etag(state)
    assert stable(state)["hold"] == {"planned": 60, "cap": 100}
    changed = {**later, "allowed": ["skip"]}
    assert etag(changed) != etag(state)
    resting = {**state, "hold": None, "breath": None, "rest_left": 20.0}
    assert etag({**resting, "rest_left": 12.0}) == etag(resting) != etag(state)
