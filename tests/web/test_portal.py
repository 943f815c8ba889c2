"""The client portal: each client sees and changes only their own visits and data."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.utils import timezone

from triggerpoint.clinic.booking.appointments import book
from triggerpoint.clinic.models import AuditEvent, PainDrawing, Status

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def soup(response, status=200):
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def at(world, days_ahead: int, hour: int) -> datetime:
    day = timezone.now().astimezone(world.clinic.zone).date() + timedelta(days=days_ahead)
    return datetime.combine(day, time(hour), tzinfo=world.clinic.zone)


def sign_in_as(browser, client_record):
    user = get_user_model().objects.create_user(client_record.email, email=client_record.email)
    client_record.user = user
    client_record.save()
    browser.force_login(user)
    return user


@pytest.fixture
def visits(world):
    """Ann: a visit in three days and a past one; Ben: a visit in four days."""
    ann_next = book(
        service=world.session60,
        therapist=world.alice,
        start=at(world, 3, 10),
        client=world.client_a,
    ).appointment
    ben_next = book(
        service=world.session60, therapist=world.bob, start=at(world, 4, 10), client=world.client_b
    ).appointment
    ann_past = book(
        service=world.session30,
        therapist=world.alice,
        start=at(world, -7, 10),
        client=world.client_a,
        now=at(world, -30, 9),
    ).appointment
    return {"ann_next": ann_next, "ann_past": ann_past, "ben_next": ben_next}


@pytest.fixture
def ann(client, world):
    return sign_in_as(client, world.client_a)


def test_visitors_must_sign_in_and_staff_cannot_open_the_portal(client, world):
    response = client.get("/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/portal/")
    client.force_login(world.alice.user)
    assert client.get("/portal/").status_code == 403


def test_a_client_sees_their_own_upcoming_and_past_visits_only(client, world, visits, ann):
    page = soup(client.get("/portal/"))
    upcoming = [int(li["data-appointment"]) for li in page.select("[data-upcoming] li")]
    past = [int(tr["data-appointment"]) for tr in page.select("[data-past] tbody tr")]
    assert upcoming == [visits["ann_next"].pk]
    assert past == [visits["ann_past"].pk]
    assert "Ben" not in page.select_one("main").get_text()


def test_every_portal_read_of_the_record_is_audited(client, world, visits, ann):
    client.get("/portal/")
    client.get(f"/portal/visits/{visits['ann_next'].pk}/cancel/")
    actions = set(
        AuditEvent.objects.filter(actor=ann).values_list("action", "record_type", "record_id")
    )
    assert ("client.viewed", "client", world.client_a.pk) in actions
    assert ("appointment.viewed", "appointment", visits["ann_next"].pk) in actions


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/portal/visits/{id}/cancel/"),
        ("post", "/portal/visits/{id}/cancel/"),
        ("get", "/portal/visits/{id}/move/"),
        ("post", "/portal/visits/{id}/move/"),
    ],
)
def test_another_clients_visit_is_not_found(client, world, visits, ann, method, path):
    ben_visit = visits["ben_next"]
    response = getattr(client, method)(path.format(id=ben_visit.pk))
    assert response.status_code == 404
    ben_visit.refresh_from_db()
    assert ben_visit.status == Status.BOOKED
    assert ben_visit.start == at(world, 4, 10)


def test_another_clients_visit_cannot_get_a_drawing(client, world, visits, ann):
    drawing = json.dumps({"marks": [{"region": "temple-r", "intensity": 6}]})
    response = client.post(
        "/portal/drawing/", {"appointment": visits["ben_next"].pk, "drawing": drawing}
    )
    assert response.status_code == 404
    assert not PainDrawing.objects.exists()


def test_a_client_cancels_a_visit_before_the_notice_window(client, world, visits, ann):
    url = f"/portal/visits/{visits['ann_next'].pk}/cancel/"
    assert soup(client.get(url)).select_one("form[data-cancel-form]") is not None
    response = client.post(url)
    assert response["Location"] == "/portal/"
    visits["ann_next"].refresh_from_db()
    assert visits["ann_next"].status == Status.CANCELLED
    event = AuditEvent.objects.get(action="appointment.cancelled")
    assert event.actor == ann


def test_inside_the_notice_window_the_buttons_give_way_to_call_the_clinic(
    client, world, visits, ann
):
    world.clinic.cancellation_notice_hours = 24 * 5  # the visit is three days away
    world.clinic.save()
    card = soup(client.get("/portal/")).select_one(f"[data-appointment='{visits['ann_next'].pk}']")
    assert card.select_one(".actions") is None
    assert "call the clinic" in card.select_one("[data-call-clinic]").get_text()
    refused = soup(client.post(f"/portal/visits/{visits['ann_next'].pk}/cancel/"), status=409)
    assert "call the clinic" in refused.select_one("[role=alert]").get_text()
    moved = soup(client.post(f"/portal/visits/{visits['ann_next'].pk}/move/", {"start": "x"}), 409)
    assert "call the clinic" in moved.select_one("[role=alert]").get_text()
    visits["ann_next"].refresh_from_db()
    assert visits["ann_next"].status == Status.BOOKED
    assert visits["ann_next"].start == at(world, 3, 10)


def test_a_client_moves_a_visit_to_a_free_time_with_the_same_therapist(client, world, visits, ann):
    day = at(world, 5, 12).date()
    page = soup(client.get(f"/portal/visits/{visits['ann_next'].pk}/move/?day={day.isoformat()}"))
    starts = [li["data-slot"] for li in page.select("[data-slot]")]
    assert starts[0] == at(world, 5, 9).isoformat()
    response = client.post(
        f"/portal/visits/{visits['ann_next'].pk}/move/", {"start": at(world, 5, 14).isoformat()}
    )
    assert response["Location"] == "/portal/"
    visits["ann_next"].refresh_from_db()
    assert visits["ann_next"].start == at(world, 5, 14)
    assert visits["ann_next"].therapist == world.alice
    assert visits["ann_next"].ics_sequence == 1


def test_moving_onto_a_taken_time_offers_the_nearest_free_ones(client, world, visits, ann):
    book(
        service=world.session60,
        therapist=world.alice,
        start=at(world, 5, 14),
        client=world.client_b,
    )
    page = soup(
        client.post(
            f"/portal/visits/{visits['ann_next'].pk}/move/", {"start": at(world, 5, 14).isoformat()}
        ),
        status=409,
    )
    assert "just taken" in page.select_one("[data-move-error]").get_text()
    offered = [datetime.fromisoformat(li["data-slot"]) for li in page.select("[data-slot]")]
    assert offered[:2] == [at(world, 5, 13), at(world, 5, 15)]


def intake_drawing(marks) -> str:
    return json.dumps({"marks": marks})


def test_the_next_visit_shows_its_intake_drawing_as_a_heat_map(client, world, visits, ann):
    PainDrawing.for_visit(
        visits["ann_next"], [{"region": "temple-r", "intensity": 7, "quality": "throbbing"}]
    )
    section = soup(client.get("/portal/")).select_one("[data-intake]")
    painted = {
        path["data-region"]: path.get("data-value")
        for path in section.select("svg.bodymap path.region")
        if path.get("data-value") not in (None, "0")
    }
    assert painted == {"temple-r": "7"}
    marks = [li.get_text() for li in section.select("[data-intake-marks] li")]
    assert marks == ["temple (right): 7/10, throbbing"]
    edit = section.select_one("a.button")["href"]
    assert edit == f"/find/?visit={visits['ann_next'].pk}&mark=temple-r%3A7"


def test_the_body_map_page_posts_an_edited_drawing_back_to_the_visit(client, world, visits, ann):
    find = soup(client.get(f"/find/?visit={visits['ann_next'].pk}&mark=temple-r:7"))
    form = find.select_one("form#drawing-actions")
    assert form["action"] == "/portal/drawing/"
    assert form.select_one("input[name=appointment]")["value"] == str(visits["ann_next"].pk)
    marks = [{"region": "occiput-l", "intensity": 4, "quality": "dull"}]
    response = client.post(
        form["action"], {"appointment": visits["ann_next"].pk, "drawing": intake_drawing(marks)}
    )
    assert response["Location"] == "/portal/"
    saved = PainDrawing.objects.get(appointment=visits["ann_next"])
    assert saved.marks == marks
    assert AuditEvent.objects.filter(action="paindrawing.created", record_id=saved.pk).exists()


def test_a_bad_or_empty_drawing_is_not_saved(client, world, visits, ann):
    bad = intake_drawing([{"region": "temple-r", "intensity": 99}])
    client.post("/portal/drawing/", {"appointment": visits["ann_next"].pk, "drawing": bad})
    client.post("/portal/drawing/", {"appointment": visits["ann_next"].pk, "drawing": ""})
    assert client.post("/portal/drawing/", {"appointment": "x1", "drawing": bad}).status_code == 404
    assert not PainDrawing.objects.exists()


def test_download_my_data_holds_everything_linked_to_me_and_nothing_else(
    client, world, visits, ann
):
    PainDrawing.for_visit(visits["ann_next"], [{"region": "temple-r", "intensity": 7}])
    PainDrawing.for_visit(visits["ben_next"], [{"region": "occiput-l", "intensity": 2}])
    response = client.get("/portal/my-data.json")
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["client"]["email"] == "ann@example.com"
    assert data["client"]["name"] == "Ann Able"
    assert {a["id"] for a in data["appointments"]} == {
        visits["ann_next"].pk,
        visits["ann_past"].pk,
    }
    assert [d["marks"][0]["region"] for d in data["drawings"]] == ["temple-r"]
    assert AuditEvent.objects.filter(
        action="client.exported", record_id=world.client_a.pk, actor=ann
    ).exists()
