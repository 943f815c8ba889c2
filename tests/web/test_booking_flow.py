"""Booking a session page by page, as a browser without JavaScript would (HTML parsed)."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, time, timedelta
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client as Browser
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triggerpoint.clinic.booking.appointments import book
from triggerpoint.clinic.models import Appointment, AuditEvent, Client, PainDrawing, Status, TimeOff
from triggerpoint.clinic.privacy import tokens

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def soup(response, status=200):
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.content, "html.parser")


def local_day(world, days_ahead: int) -> date:
    return timezone.now().astimezone(world.clinic.zone).date() + timedelta(days=days_ahead)


def at(world, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=world.clinic.zone)


def slot_form(world, therapist, start: datetime, who: str | None = None, **details) -> dict:
    """The fields the details page posts: the chosen slot, a key and the guest's details."""
    data = {
        "service": world.session60.pk,
        "therapist": therapist.pk,
        "who": who or str(therapist.pk),
        "start": start.isoformat(),
        "key": uuid.uuid4().hex,
        "name": "Gail Guest",
        "email": "gail@example.com",
        "phone": "+44 7700 900123",
        "consent": "on",
    }
    data.update(details)
    return data


def test_the_first_step_lists_the_active_services(client, world):
    world.spa_afternoon.active = False
    world.spa_afternoon.save()
    page = soup(client.get("/book/"))
    cards = {int(card["data-service"]) for card in page.select("[data-service]")}
    assert cards == {world.session60.pk, world.session30.pk}
    link = page.select_one(f"[data-service='{world.session60.pk}'] a")["href"]
    assert link == f"/book/{world.session60.pk}/"


def test_the_therapist_step_offers_first_available_and_each_therapist(client, world):
    page = soup(client.get(f"/book/{world.session60.pk}/"))
    offered = [card["data-therapist"] for card in page.select("[data-therapist]")]
    assert offered == ["any", str(world.alice.pk), str(world.bob.pk)]  # the owner takes none


def test_the_date_step_shows_the_clinics_horizon_and_says_which_days_are_full(client, world):
    world.clinic.booking_horizon_days = 14
    world.clinic.save()
    full = local_day(world, 3)
    TimeOff.objects.create(staff=world.alice, start=at(world, full, 0), end=at(world, full, 23))
    page = soup(client.get(f"/book/{world.session60.pk}/{world.alice.pk}/"))
    days = page.select("[data-day]")
    assert len(days) == 14
    by_day = {d["data-day"]: d for d in days}
    assert by_day[full.isoformat()]["data-free"] == "0"
    assert "No free times" in by_day[full.isoformat()].get_text()
    assert by_day[full.isoformat()].a is None
    other = by_day[local_day(world, 4).isoformat()]
    assert int(other["data-free"]) == 29  # 09:00 to 16:00 every quarter hour
    # With either therapist the day still has times: Bob is free.
    either = soup(client.get(f"/book/{world.session60.pk}/any/"))
    assert either.select_one(f"[data-day='{full.isoformat()}']")["data-free"] == "29"


def test_the_time_step_shows_times_in_the_clinics_zone_and_says_which(client, world_factory):
    tokyo = world_factory(time_zone="Asia/Tokyo")
    day = timezone.now().astimezone(tokyo.clinic.zone).date() + timedelta(days=2)
    page = soup(client.get(f"/book/{tokyo.session60.pk}/{tokyo.alice.pk}/{day.isoformat()}/"))
    slots = page.select("[data-slot]")
    assert slots[0].get_text(strip=True) == "09:00"
    assert slots[0]["data-slot"] == f"{day.isoformat()}T09:00:00+09:00"
    assert "Asia/Tokyo time (JST)" in page.select_one("[data-zone]").get_text()


def test_first_available_shows_each_time_once_with_who_is_free(client, world):
    day = local_day(world, 2)
    book(
        service=world.session60,
        therapist=world.alice,
        start=at(world, day, 9),
        client=world.client_b,
    )
    page = soup(client.get(f"/book/{world.session60.pk}/any/{day.isoformat()}/"))
    starts = [s["data-slot"] for s in page.select("[data-slot]")]
    assert len(starts) == len(set(starts))
    assert page.select_one("[data-slot]").get_text(" ", strip=True) == "09:00 with Bob"


def test_a_date_outside_the_horizon_or_not_a_date_is_not_found(client, world):
    world.clinic.booking_horizon_days = 14
    world.clinic.save()
    assert client.get(f"/book/{world.session60.pk}/any/{local_day(world, 13)}/").status_code == 200
    assert client.get(f"/book/{world.session60.pk}/any/{local_day(world, 14)}/").status_code == 404
    base = f"/book/{world.session60.pk}/any/"
    assert client.get(base + local_day(world, 20).isoformat() + "/").status_code == 404
    assert client.get(base + "2026-13-45/").status_code == 404
    assert client.get(f"/book/{world.session60.pk}/99999/").status_code == 404


def test_a_guest_books_through_every_step_and_gets_the_confirmation(client, world):
    day = local_day(world, 2)
    dates = soup(client.get(f"/book/{world.session60.pk}/{world.alice.pk}/"))
    slots = soup(client.get(dates.select_one(f"[data-day='{day.isoformat()}'] a")["href"]))
    link = slots.select("[data-slot] a")[4]["href"]  # 10:00
    form = soup(client.get(link)).select_one("form[data-details-form]")
    fields = {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}
    assert fields["csrfmiddlewaretoken"]
    assert len(fields["key"]) == 32
    response = client.post(
        form["action"],
        {**fields, "name": "Gail Guest", "email": "Gail@Example.com", "consent": "on"},
    )
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert response["Location"] == f"/book/confirmed/{appointment.pk}/"
    assert appointment.start == at(world, day, 10)
    assert appointment.client.email == "gail@example.com"
    assert appointment.client.consent_given_at is not None

    page = soup(client.get(response["Location"]))
    assert "10:00 to 11:00" in page.select_one("[data-when]").get_text()
    cancel_link = page.select_one("[data-cancel-link]")["href"]
    # The link's token is signed with the time, so compare what it opens, not its text.
    token = urlparse(cancel_link).path.removeprefix("/book/cancel/").removesuffix("/")
    assert tokens.read(tokens.CANCEL, token) == appointment.pk
    ics = client.get(page.find("a", download=True)["href"])
    assert ics["Content-Type"].startswith("text/calendar")
    assert f"UID:{appointment.uid}" in ics.content.decode()


def test_a_double_submit_books_once(client, world):
    form = slot_form(world, world.alice, at(world, local_day(world, 2), 11))
    first = client.post("/book/details/", form)
    second = client.post("/book/details/", form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Appointment.objects.count() == 1
    assert AuditEvent.objects.filter(action="appointment.booked").count() == 1


def test_a_just_taken_time_is_explained_with_the_nearest_free_times_that_day_first(client, world):
    day = local_day(world, 2)
    taken = at(world, day, 12)
    book(service=world.session60, therapist=world.alice, start=taken, client=world.client_b)
    response = client.post("/book/details/", slot_form(world, world.alice, taken))
    page = soup(response, status=409)
    assert "just been taken" in page.h1.get_text()
    offered = [datetime.fromisoformat(s["data-slot"]) for s in page.select("[data-slot]")]
    assert offered[:2] == [at(world, day, 11), at(world, day, 13)]
    assert all(s.date() == day for s in offered)
    assert Appointment.objects.count() == 1
    # What the guest typed is kept for the next try.
    again = soup(client.get(page.select_one("[data-slot] a")["href"]))
    assert again.select_one("input[name=email]")["value"] == "gail@example.com"


def test_when_the_day_is_full_the_next_days_free_times_are_offered(client, world):
    day = local_day(world, 2)
    TimeOff.objects.create(staff=world.alice, start=at(world, day, 0), end=at(world, day, 23))
    page = soup(
        client.post("/book/details/", slot_form(world, world.alice, at(world, day, 10))), 409
    )
    offered = [datetime.fromisoformat(s["data-slot"]) for s in page.select("[data-slot]")]
    assert offered[0] == at(world, day + timedelta(days=1), 9)
    assert len(offered) == 6


def test_bad_details_show_the_form_again_with_errors_and_book_nothing(client, world):
    form = slot_form(world, world.alice, at(world, local_day(world, 2), 10))
    form.update(name="  ", email="not-an-email", phone="call me")
    del form["consent"]
    page = soup(client.post("/book/details/", form), status=400)
    errors = {
        group.select_one("input")["name"]
        for group in page.select("form[data-details-form] div")
        if group.select(".errorlist")
    }
    assert errors == {"name", "email", "phone", "consent"}
    assert page.select_one("input[name=key]")["value"] == form["key"]
    assert not Appointment.objects.exists()
    assert not Client.objects.filter(email="not-an-email").exists()


@pytest.mark.parametrize(
    "change",
    [
        {"start": "tomorrow at ten"},
        {"start": "2030-01-01T10:00:00"},  # no time zone
        {"service": "999999"},
        {"therapist": "abc"},
        {"who": "123456"},  # not the therapist the slot is with
    ],
)
def test_a_mangled_slot_starts_the_booking_again_instead_of_failing(client, world, change):
    form = slot_form(world, world.alice, at(world, local_day(world, 2), 10))
    form.update(change)
    response = client.post("/book/details/", form)
    assert response.status_code == 302
    assert response["Location"] == "/book/"
    assert not Appointment.objects.exists()


def test_a_time_outside_working_hours_is_refused_with_alternatives(client, world):
    day = local_day(world, 2)
    page = soup(
        client.post("/book/details/", slot_form(world, world.alice, at(world, day, 20))), 409
    )
    assert "outside the therapist's working hours" in page.select_one("[data-taken]").get_text()
    assert page.select("[data-slot]")
    assert not Appointment.objects.exists()


def test_every_booking_form_needs_the_csrf_token(world):
    browser = Browser(enforce_csrf_checks=True)
    form = slot_form(world, world.alice, at(world, local_day(world, 2), 10))
    assert browser.post("/book/details/", form).status_code == 403
    assert browser.post("/book/drawing/", {"drawing": "{}"}).status_code == 403
    assert not Appointment.objects.exists()


def confirmed_booking(client, world, hour: int = 10) -> Appointment:
    response = client.post(
        "/book/details/", slot_form(world, world.alice, at(world, local_day(world, 3), hour))
    )
    assert response.status_code == 302
    return Appointment.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])


def test_the_confirmation_is_only_for_the_browser_that_booked(client, world):
    appointment = confirmed_booking(client, world)
    assert Browser().get(f"/book/confirmed/{appointment.pk}/").status_code == 404


def test_the_cancel_link_cancels_once(client, world):
    appointment = confirmed_booking(client, world)
    url = f"/book/cancel/{tokens.cancel_token(appointment.pk)}/"
    stranger = Browser()  # the link works from any device, e.g. the phone that got the email
    page = soup(stranger.get(url))
    assert page.select_one("form[data-cancel-form] button").get_text() == "Cancel this booking"
    response = stranger.post(url)
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED
    again = soup(stranger.post(url), status=410)
    assert "cancelled" in again.h1.get_text()
    assert again.select_one("[data-cancelled]") is not None
    assert AuditEvent.objects.filter(action="appointment.cancelled").count() == 1


def test_a_tampered_cancel_link_is_refused(client, world):
    appointment = confirmed_booking(client, world)
    other = confirmed_booking(client, world, hour=14)
    token = tokens.cancel_token(appointment.pk)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert Browser().post(f"/book/cancel/{forged}/").status_code == 404
    # A genuine token names one booking; it cannot be moved onto another.
    assert Browser().get(f"/book/cancel/{tokens.make('other', other.pk)}/").status_code == 404
    assert Browser().get(f"/book/calendar/{forged}.ics").status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED


def test_the_cancel_link_inside_the_notice_window_says_to_call_the_clinic(client, world):
    appointment = confirmed_booking(client, world)
    world.clinic.cancellation_notice_hours = 24 * 30
    world.clinic.save()
    url = f"/book/cancel/{tokens.cancel_token(appointment.pk)}/"
    page = soup(client.get(url))
    assert page.select_one("[data-call-clinic]") is not None
    assert page.select_one("form[data-cancel-form]") is None
    refused = soup(client.post(url), status=409)
    assert "call the clinic" in refused.select_one("[role=alert]").get_text()
    appointment.refresh_from_db()
    assert appointment.status == Status.BOOKED


def test_a_signed_in_client_books_without_retyping_their_details(client, world):
    user = get_user_model().objects.create_user("ann@example.com", password="a long pass phrase")
    world.client_a.user = user
    world.client_a.save()
    client.force_login(user)
    start = at(world, local_day(world, 2), 10)
    query = (
        f"?service={world.session60.pk}&therapist={world.alice.pk}&who=any"
        f"&start={start.isoformat().replace('+', '%2B')}"
    )
    page = soup(client.get("/book/details/" + query))
    assert (
        page.select_one("[data-signed-in]")
        .get_text(" ", strip=True)
        .startswith("Booking as Ann Able")
    )
    assert page.select_one("input[name=email]") is None
    form = {i["name"]: i.get("value", "") for i in page.select("form[data-details-form] input")}
    assert client.post("/book/details/", form).status_code == 302
    assert Appointment.objects.get().client == world.client_a


def drawing(*marks: tuple[str, int, str]) -> str:
    keys = ("region", "intensity", "quality")
    return json.dumps({"marks": [dict(zip(keys, m, strict=True)) for m in marks]})


def test_the_drawing_from_the_body_map_goes_with_the_booking(client, world):
    response = client.post(
        "/book/drawing/",
        {"drawing": drawing(("temple-r", 7, "throbbing"), ("occiput-l", 3, "dull"))},
    )
    assert response["Location"] == "/book/"
    note = soup(client.get("/book/")).select_one("[data-drawing-note]")
    assert "2 places" in note.get_text()
    appointment = confirmed_booking(client, world)
    saved = PainDrawing.objects.get()
    assert saved.appointment == appointment
    assert saved.client == appointment.client
    assert saved.source == "intake"
    assert saved.heat_values() == {"temple-r": 7.0, "occiput-l": 3.0}
    # The drawing went with that booking; the next one starts without it.
    confirmed_booking(client, world, hour=14)
    assert PainDrawing.objects.count() == 1


@pytest.mark.parametrize(
    "posted",
    ["not json", drawing(("elbow-of-the-knee", 5, "aching")), drawing(("temple-r", 11, "dull"))],
)
def test_a_bad_drawing_goes_back_to_the_body_map_with_a_reason(client, world, posted):
    response = client.post("/book/drawing/", {"drawing": posted}, follow=True)
    page = soup(response)
    assert response.redirect_chain[-1][0] == "/find/"
    assert "could not be kept" in page.select_one(".messages").get_text()


def test_the_body_map_page_offers_to_book_with_the_drawing(client, world):
    page = soup(client.get("/find/"))
    form = page.select_one("form#drawing-actions")
    assert form["action"] == "/book/drawing/"
    assert page.select_one("[data-drawing-field]")["form"] == "drawing-actions"
    assert form.select_one("input[name=csrfmiddlewaretoken]") is not None


def test_a_guest_booking_with_a_known_email_gets_a_record_of_its_own(client, world):
    """Typing someone's address must not add a visit to their record (or their portal)."""
    form = slot_form(
        world, world.alice, at(world, local_day(world, 2), 10), email="ANN@example.com"
    )
    client.post("/book/details/", form)
    booked = Appointment.objects.get()
    assert booked.client != world.client_a
    assert (booked.client.name, booked.client.email) == ("Gail Guest", "ann@example.com")
    assert not world.client_a.appointments.exists()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    junk=st.dictionaries(
        st.sampled_from(["service", "therapist", "who", "start", "key", "name", "email", "phone"]),
        st.text(max_size=40),
    )
)
def test_no_posted_details_can_make_the_booking_form_fail(client, world, junk):
    form = slot_form(world, world.alice, at(world, local_day(world, 2), 10))
    form.update(junk)
    assert client.post("/book/details/", form).status_code in {302, 400, 409}


def test_the_date_page_counts_each_day_as_its_time_page_lists_it_in_few_queries(client, world):
    """The fortnight's counts come from one pass; each equals the times its day page shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    book(
        service=world.session60,
        therapist=world.alice,
        start=at(world, local_day(world, 3), 11),
        client=world.client_b,
    )
    base = f"/book/{world.session60.pk}/any/"
    with CaptureQueriesContext(connection) as queries:
        page = soup(client.get(base))
    assert len(queries) <= 12  # was 14 days x 5 queries and more
    for day in page.select("[data-day]")[:5]:
        times = soup(client.get(f"{base}{day['data-day']}/")).select("[data-slot]")
        assert int(day["data-free"]) == len(times)
