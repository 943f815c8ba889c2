"""The waitlist pages: join from the booking steps, answer an offer from its link."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from triggerpoint.clinic.booking import waitlist
from triggerpoint.clinic.booking.appointments import Guest, book, cancel
from triggerpoint.clinic.models import (
    Appointment,
    EntryStatus,
    OfferStatus,
    Status,
    WaitlistEntry,
    WaitlistOffer,
)

pytestmark = pytest.mark.django_db

DAY = date(2026, 12, 9)


def soup(response, status=200):
    assert response.status_code == status, response.content[:2000]
    return BeautifulSoup(response.content, "html.parser")


def test_the_date_and_time_pages_link_to_the_waitlist(client, world):
    dates = soup(client.get(f"/book/{world.session60.pk}/any/"))
    link = dates.select_one("[data-waitlist-link] a")["href"]
    assert link == f"/waitlist/{world.session60.pk}/any/"
    times = soup(client.get(f"/book/{world.session60.pk}/{world.alice.pk}/2026-12-03/"))
    assert times.select_one("[data-waitlist-link] a")["href"] == (
        f"/waitlist/{world.session60.pk}/{world.alice.pk}/"
    )


def test_a_guest_joins_with_name_email_and_agreement(client, world):
    url = f"/waitlist/{world.session60.pk}/{world.alice.pk}/"
    form = soup(client.get(url))
    for name in ("earliest", "latest", "name", "email", "consent"):
        field = form.select_one(f"[name={name}]")
        labelled = form.select_one(f"label[for={field['id']}]") or field.find_parent("label")
        assert labelled is not None, name
    refused = soup(client.post(url, {"earliest": "2026-12-08", "latest": "2026-12-07"}), 400)
    assert "before the first" in refused.get_text()
    assert not WaitlistEntry.objects.exists()
    done = soup(
        client.post(
            url,
            {
                "earliest": "2026-12-08",
                "latest": "2026-12-10",
                "name": "Gus Guest",
                "email": "gus@example.com",
                "consent": "on",
            },
        ),
        201,
    )
    entry = WaitlistEntry.objects.get()
    assert done.select_one("[data-waitlist-entry]")["data-waitlist-entry"] == str(entry.pk)
    assert (entry.guest_email, entry.therapist, entry.earliest) == (
        "gus@example.com",
        world.alice,
        date(2026, 12, 8),
    )
    # A past start date is refused with a message, not a 500.
    past = soup(
        client.post(
            url,
            {
                "earliest": "2026-11-01",
                "latest": "2026-12-10",
                "name": "G",
                "email": "g@example.com",
                "consent": "on",
            },
        ),
        400,
    )
    assert "has passed" in past.select_one("[role=alert]").get_text()


def test_a_signed_in_client_joins_as_themselves(client, world):
    user = get_user_model().objects.create_user(username="ann@example.com", password="pw-12345678")
    world.client_a.user = user
    world.client_a.save()
    client.force_login(user)
    url = f"/waitlist/{world.session60.pk}/any/"
    page = soup(client.get(url))
    assert page.select_one("[data-signed-in]") and not page.select_one("[name=email]")
    soup(client.post(url, {"earliest": "2026-12-08", "latest": "2026-12-10"}), 201)
    assert WaitlistEntry.objects.get().client == world.client_a


def _offered(world, django_capture_on_commit_callbacks):
    ten = datetime.combine(DAY, time(10), tzinfo=world.clinic.zone)
    taken = book(
        service=world.session60,
        therapist=world.alice,
        start=ten,
        client=Guest("Gail", "gail@example.com"),
    ).appointment
    waitlist.join(
        waitlist.Wanted(world.session60, None, DAY, DAY), name="Gus", email="gus@example.com"
    )
    with django_capture_on_commit_callbacks(execute=True):
        cancel(taken)
    offer = WaitlistOffer.objects.get()
    return offer, waitlist.offer_token(offer)


def test_the_offer_link_books_the_held_time(client, world, django_capture_on_commit_callbacks):
    offer, token = _offered(world, django_capture_on_commit_callbacks)
    page = soup(client.get(f"/waitlist/offer/{token}/"))
    assert page.select_one("[data-offer-status]")["data-offer-status"] == "offered"
    assert page.select_one("button[value=accept]") and page.select_one("button[value=decline]")
    response = client.post(f"/waitlist/offer/{token}/", {"action": "accept"})
    booking = Appointment.objects.get(status=Status.BOOKED, start=offer.start)
    assert response.status_code == 302 and response["Location"] == f"/book/confirmed/{booking.pk}/"
    confirmed = soup(client.get(response["Location"]))
    assert "You are booked in" in confirmed.get_text()
    intake = confirmed.select_one("[data-intake-link]")["href"]
    assert client.get(intake).status_code == 200  # the health questions for this booking
    assert booking.client.email == "gus@example.com"
    again = soup(client.get(f"/waitlist/offer/{token}/"))
    assert again.select_one("[data-offer-status]")["data-offer-status"] == "accepted"
    assert not again.select_one("button[value=accept]")


def test_letting_the_offer_go_and_bad_links(client, world, django_capture_on_commit_callbacks):
    offer, token = _offered(world, django_capture_on_commit_callbacks)
    assert client.get("/waitlist/offer/not-a-token/").status_code == 404
    assert client.get(f"/waitlist/offer/{token}x/").status_code == 404
    assert client.post(f"/waitlist/offer/{token}/", {"action": "?"}).status_code == 400
    response = client.post(f"/waitlist/offer/{token}/", {"action": "decline"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DECLINED
    assert offer.entry.status == EntryStatus.WAITING
    closed = soup(client.get(f"/waitlist/offer/{token}/"))
    assert "has closed" in closed.h1.get_text()
    refused = soup(client.post(f"/waitlist/offer/{token}/", {"action": "accept"}), 409)
    assert "closed" in refused.select_one("[role=alert]").get_text()
    assert not Appointment.objects.filter(status__in=[Status.HELD, Status.BOOKED]).exists()


def test_an_offer_past_its_hold_shows_as_closed(
    client, world, django_capture_on_commit_callbacks, clock
):
    _offer, token = _offered(world, django_capture_on_commit_callbacks)
    clock.shift(timedelta(hours=3))
    page = soup(client.get(f"/waitlist/offer/{token}/"), 410)
    assert not page.select_one("button[value=accept]")
