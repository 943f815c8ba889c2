"""The therapist's workspace: schedule, clients, the chart and its finder, read as HTML."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.test import Client as HttpClient
from django.utils import timezone

from tests.conftest import MONDAY, World
from tests.web.roles import appointment, drawing, login_for, other_clinic_therapist
from triggerpoint.clinic.models import AuditEvent, Client, Status

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def soup(response) -> Any:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def signed_in(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def rows(page: Any) -> list[list[str]]:
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.select("tr[data-appointment]")
    ]


# Schedule


def test_the_day_schedule_shows_the_therapists_own_appointments_in_clinic_time(world: World):
    appointment(world.client_a, world.alice, world.session60, at(MONDAY, 10))
    appointment(world.client_b, world.bob, world.session60, at(MONDAY, 11))
    page = soup(signed_in(world.alice.user).get("/staff/schedule/", {"date": str(MONDAY)}))
    # 10:00 in London in June is 09:00 UTC: the page must show the clinic's clock.
    assert rows(page) == [
        [
            "10:00–11:00",
            "Ann Able",
            f"{world.session60.name} Room 1",
            "Booked Manage 10:00 Ann Able",
        ]
    ]
    assert "Europe/London" in page.get_text()


def test_the_week_schedule_runs_monday_to_sunday_whatever_day_is_asked(world: World):
    wednesday = MONDAY + timedelta(days=2)
    appointment(world.client_a, world.alice, world.session30, at(wednesday, 9, 30))
    appointment(world.client_b, world.alice, world.session30, at(MONDAY + timedelta(7), 9))
    page = soup(
        signed_in(world.alice.user).get(
            "/staff/schedule/", {"date": str(MONDAY + timedelta(days=4)), "view": "week"}
        )
    )
    days = [section["data-day"] for section in page.select("section[data-day]")]
    assert days == [(MONDAY + timedelta(n)).isoformat() for n in range(7)]
    wednesday_rows = page.select_one(f'section[data-day="{wednesday}"]')
    assert [r[0] for r in rows(wednesday_rows)] == ["09:30–10:00"]
    assert len(page.select("tr[data-appointment]")) == 1


def test_an_evening_appointment_belongs_to_its_local_day_not_its_utc_day(world_factory):
    world = world_factory(time_zone="America/New_York", hours=(time(9), time(23)))
    start = datetime.combine(MONDAY, time(21), tzinfo=ZoneInfo("America/New_York"))
    appointment(world.client_a, world.alice, world.session60, start)  # 01:00 UTC on Tuesday
    page = soup(
        signed_in(world.alice.user).get("/staff/schedule/", {"date": str(MONDAY), "view": "week"})
    )
    monday = page.select_one(f'section[data-day="{MONDAY}"]')
    assert [r[0] for r in rows(monday)] == ["21:00–22:00"]


def test_cancelled_appointments_stay_on_the_schedule_marked_as_such(world: World):
    appointment(world.client_a, world.alice, world.session60, at(MONDAY, 10), Status.CANCELLED)
    page = soup(signed_in(world.alice.user).get("/staff/schedule/", {"date": str(MONDAY)}))
    assert page.select_one("tr.status-cancelled del").get_text() == "Cancelled"


def test_a_therapist_cannot_open_a_colleagues_schedule(world: World):
    http = signed_in(world.alice.user)
    assert http.get("/staff/schedule/", {"therapist": world.bob.pk}).status_code == 404
    page = soup(http.get("/staff/schedule/"))
    assert page.select("select[name=therapist]") == []


def test_the_owner_picks_any_therapist_of_the_clinic_but_none_elsewhere(world: World):
    appointment(world.client_b, world.bob, world.session60, at(MONDAY, 11))
    http = signed_in(world.owner.user)
    page = soup(http.get("/staff/schedule/", {"date": str(MONDAY), "therapist": str(world.bob.pk)}))
    assert page.h1.get_text() == "Schedule of Bob"
    assert [r[1] for r in rows(page)] == ["Ben Baker"]
    offered = {o.get_text() for o in page.select("select[name=therapist] option")}
    assert {"Alice", "Bob"} <= offered
    stranger = other_clinic_therapist()
    assert http.get("/staff/schedule/", {"therapist": stranger.pk}).status_code == 404


@pytest.mark.dated
@pytest.mark.parametrize("bad", ["31-02-2026", "2026-02-30", "9999-12-31", "0001-01-01", "x" * 300])
def test_a_bad_date_shows_today_instead_of_an_error(world: World, bad: str):
    http = signed_in(world.alice.user)
    page = soup(http.get("/staff/schedule/", {"date": bad, "view": "week"}))
    today = timezone.now().astimezone(LONDON).date()
    shown = [section["data-day"] for section in page.select("section[data-day]")]
    assert today.isoformat() in shown


def test_the_schedule_links_step_by_day_or_week(world: World):
    page = soup(
        signed_in(world.alice.user).get("/staff/schedule/", {"date": str(MONDAY), "view": "week"})
    )
    assert f"date={MONDAY + timedelta(7)}" in page.select_one("a[rel=next]")["href"]
    assert f"date={MONDAY - timedelta(7)}" in page.select_one("a[rel=prev]")["href"]


# Clients


def test_the_client_list_searches_name_email_and_phone(world: World):
    world.client_b.phone = "+44 7700 900456"
    world.client_b.save()
    http = signed_in(world.alice.user)
    names = lambda q: [  # noqa: E731
        a.get_text() for a in soup(http.get("/staff/clients/", {"q": q})).select("tr a")
    ]
    assert names("") == ["Ann Able", "Ben Baker"]
    assert names("ann") == ["Ann Able"]
    assert names("ben@") == ["Ben Baker"]
    assert names("900456") == ["Ben Baker"]
    assert names("nobody") == []


def test_the_client_list_holds_only_the_therapists_own_clinic(world: World):
    stranger = other_clinic_therapist()
    Client.objects.create(clinic=stranger.clinic, name="Zoe Elsewhere", email="zoe@example.org")
    page = soup(signed_in(world.alice.user).get("/staff/clients/"))
    assert "Zoe Elsewhere" not in page.get_text()
    page = soup(signed_in(stranger.user).get("/staff/clients/"))
    assert [a.get_text() for a in page.select("tr a")] == ["Zoe Elsewhere"]


# The chart


def test_the_chart_shows_contact_consent_and_appointments(world: World):
    world.client_a.phone = "+44 7700 900123"
    world.client_a.consent_given_at = datetime(2026, 1, 5, 8, tzinfo=LONDON)
    world.client_a.save()
    appointment(world.client_a, world.bob, world.session30, at(MONDAY, 15))
    page = soup(signed_in(world.alice.user).get(f"/staff/clients/{world.client_a.pk}/"))
    assert page.h1.get_text() == "Ann Able"
    text = page.select_one("dl.facts").get_text(" ")
    assert "ann@example.com" in text
    assert "+44 7700 900123" in text
    assert "5 January 2026" in page.select_one("[data-consent]").get_text()
    assert rows(page) == [["Mon 1 Jun 2026, 15:00", world.session30.name, "Bob", "Booked"]]


def test_a_chart_without_consent_says_so(world: World):
    page = soup(signed_in(world.alice.user).get(f"/staff/clients/{world.client_a.pk}/"))
    assert "Not recorded" in page.select_one("[data-consent]").get_text()


def test_opening_a_chart_is_recorded_in_the_audit_trail(world: World):
    signed_in(world.alice.user).get(f"/staff/clients/{world.client_a.pk}/")
    event = AuditEvent.objects.get()
    assert (event.actor_id, event.action) == (world.alice.user.pk, "client.chart_viewed")
    assert (event.record_type, event.record_id) == ("client", world.client_a.pk)


def test_a_therapist_of_another_clinic_gets_404_and_leaves_no_trace(world: World):
    stranger = signed_in(other_clinic_therapist().user)
    for url in (
        f"/staff/clients/{world.client_a.pk}/",
        f"/staff/clients/{world.client_a.pk}/find/",
    ):
        assert stranger.get(url).status_code == 404
    response = stranger.post(f"/staff/clients/{world.client_a.pk}/", {"notes": "mine now"})
    assert response.status_code == 404
    world.client_a.refresh_from_db()
    assert world.client_a.notes == ""
    assert not AuditEvent.objects.exists()


def test_a_client_cannot_open_a_chart_not_even_their_own(world: World):
    http = signed_in(login_for(world.client_a))
    assert http.get(f"/staff/clients/{world.client_a.pk}/").status_code == 403


def test_saving_notes_changes_the_chart_and_is_audited(world: World):
    http = signed_in(world.alice.user)
    response = http.post(f"/staff/clients/{world.client_a.pk}/", {"notes": "Left QL tender."})
    assert response.status_code == 302
    world.client_a.refresh_from_db()
    assert world.client_a.notes == "Left QL tender."
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["client.notes_changed"]
    page = soup(http.get(response["Location"]))
    assert page.select_one("textarea[name=notes]").get_text().strip() == "Left QL tender."


def test_notes_that_are_too_long_come_back_with_an_error(world: World):
    http = signed_in(world.alice.user)
    page = soup(http.post(f"/staff/clients/{world.client_a.pk}/", {"notes": "x" * 10_001}))
    assert page.select(".errorlist")
    world.client_a.refresh_from_db()
    assert world.client_a.notes == ""


def test_drawings_show_over_time_as_small_heat_maps_with_unique_ids(world: World):
    older = drawing(world.client_a, temple_r=6)
    newer = drawing(world.client_a, temple_r=3, occiput_l=7)
    drawing(world.client_b, lateral_thigh_r=9)
    page = soup(signed_in(world.alice.user).get(f"/staff/clients/{world.client_a.pk}/"))
    cards = page.select("[data-drawing]")
    assert [c["data-drawing"] for c in cards] == [str(older.pk), str(newer.pk)]
    painted = [
        {p["data-region"] for p in card.select("path.region") if p["data-value"] != "0"}
        for card in cards
    ]
    assert painted == [{"temple-r"}, {"temple-r", "occiput-l"}]
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))


def test_the_chart_lists_the_finders_candidates_for_the_latest_drawing(world: World):
    drawing(world.client_a, lateral_thigh_r=7)
    drawing(world.client_a, temple_r=7, upper_back_neck_r=5, mastoid_r=4)
    page = soup(signed_in(world.alice.user).get(f"/staff/clients/{world.client_a.pk}/"))
    points = [li["data-trigger-point"] for li in page.select("li.candidate")]
    assert 1 <= len(points) <= 5
    assert any(p.startswith("upper-trapezius") for p in points)
    assert "not a diagnosis" in page.get_text()


def test_a_drawing_that_needs_a_doctor_leads_the_chart_with_what_to_do(world: World):
    # Chest with the left inner arm: a cardiac pattern (AHA/ACC 2021 chest pain guideline).
    drawing(world.client_a, sternum_r=7, inner_arm_l=5)
    page = soup(signed_in(world.alice.user).get(f"/staff/clients/{world.client_a.pk}/"))
    flags = page.select_one(".finder-flags")
    assert flags is not None and flags.select_one('[data-flag="cardiac"]')
    assert "emergency" in flags.get_text().lower()
    candidates = page.select_one("ol.candidates")
    if candidates is not None:  # the flags come first, and nothing says where to press
        assert flags.sourceline < candidates.sourceline
        assert not candidates.select(".press, .confirm")


def test_a_myofascial_drawing_has_no_flags_and_says_where_to_press(world: World):
    drawing(world.client_a, temple_r=7, upper_back_neck_r=5, mastoid_r=4)
    page = soup(signed_in(world.alice.user).get(f"/staff/clients/{world.client_a.pk}/"))
    assert page.select_one(".finder-flags") is None
    assert page.select("ol.candidates .press")


def test_a_chart_without_drawings_offers_the_finder(world: World):
    page = soup(signed_in(world.alice.user).get(f"/staff/clients/{world.client_a.pk}/"))
    assert not page.select("li.candidate")
    assert page.select_one(f'a[href="/staff/clients/{world.client_a.pk}/find/"]')


# The finder workspace


def initial(page: Any) -> list[dict[str, object]]:
    return json.loads(page.select_one("#initial-drawing").string)["marks"]


def test_the_finder_workspace_is_the_find_page_preloaded_with_the_latest_drawing(world: World):
    drawing(world.client_a, temple_r=6)
    drawing(world.client_a, occiput_l=7)
    page = soup(signed_in(world.alice.user).get(f"/staff/clients/{world.client_a.pk}/find/"))
    assert initial(page) == [{"region": "occiput-l", "intensity": 7, "quality": "aching"}]
    assert page.select_one("[data-finder]")["data-find-url"] == "/api/v1/find"
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any(s.endswith("web/bodymap.js") for s in scripts)
    assert any(s.endswith("web/finder.js") for s in scripts)
    assert page.h1.get_text() == "Finder for Ann Able"
    assert AuditEvent.objects.get().action == "client.finder_viewed"


def test_the_finder_workspace_opens_an_older_drawing_but_only_the_clients_own(world: World):
    older = drawing(world.client_a, temple_r=6)
    drawing(world.client_a, occiput_l=7)
    theirs = drawing(world.client_b, temple_l=2)
    http = signed_in(world.alice.user)
    url = f"/staff/clients/{world.client_a.pk}/find/"
    page = soup(http.get(url, {"drawing": older.pk}))
    assert initial(page) == [{"region": "temple-r", "intensity": 6, "quality": "aching"}]
    assert http.get(url, {"drawing": theirs.pk}).status_code == 404
    assert http.get(url, {"drawing": "x"}).status_code == 404


def test_the_finder_workspace_starts_empty_without_a_drawing(world: World):
    page = soup(signed_in(world.alice.user).get(f"/staff/clients/{world.client_b.pk}/find/"))
    assert initial(page) == []
