"""The clinic's contact details: in every page's footer and in every "call the clinic"."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from triggerpoint.clinic.booking.appointments import book, cancel
from triggerpoint.clinic.errors import TooLateToCancelError
from triggerpoint.clinic.models import OpeningHours
from triggerpoint.clinic.people.contact import call_the_clinic, opening_week, tel_uri

pytestmark = pytest.mark.django_db


@pytest.fixture
def reachable(world):
    clinic = world.clinic
    clinic.phone = "+44 20 7946 0000"
    clinic.email = "desk@testclinic.example"
    clinic.address = "1 Test Street\nTestville TE1 1ST"
    clinic.save()
    OpeningHours.objects.create(clinic=clinic, weekday=0, opens=time(9), closes=time(13))
    OpeningHours.objects.create(clinic=clinic, weekday=0, opens=time(14), closes=time(18))
    OpeningHours.objects.create(clinic=clinic, weekday=5, opens=time(10), closes=time(12))
    return world


def soup(response, status=200):
    assert response.status_code == status
    return BeautifulSoup(response.content, "html.parser")


def test_opening_hours_are_per_weekday_with_closed_days_said(reachable):
    week = {day.day: day.hours for day in opening_week(reachable.clinic)}
    assert week["Monday"] == "09:00–13:00, 14:00–18:00"
    assert week["Saturday"] == "10:00–12:00"
    assert week["Sunday"] == week["Tuesday"] == "Closed"
    assert tel_uri("+44 20 7946 0000") == "tel:+442079460000"
    assert tel_uri("(023) 9200-0000") == "tel:02392000000"


@pytest.mark.parametrize("path", ["/", "/book/", "/muscles/", "/search/?q=neck"])
def test_every_page_has_the_contact_in_its_footer(client, reachable, path):
    footer = soup(client.get(path)).select_one("footer [data-contact]")
    assert footer.select_one("[data-contact-phone]")["href"] == "tel:+442079460000"
    assert footer.select_one("[data-contact-email]").get_text() == "desk@testclinic.example"
    assert "Testville TE1 1ST" in footer.address.get_text()
    rows = {tr.th.get_text(): tr.td.get_text() for tr in footer.select("[data-opening-hours] tr")}
    assert rows["Monday"] == "09:00–13:00, 14:00–18:00" and rows["Sunday"] == "Closed"


def test_too_late_to_cancel_says_whom_to_call(reachable):
    soon = timezone.now() + timedelta(hours=3)
    soon = soon.replace(minute=0, second=0, microsecond=0)
    visit = book(
        service=reachable.session30,
        therapist=reachable.alice,
        start=soon.astimezone(reachable.clinic.zone),
        client=reachable.client_a,
    ).appointment
    with pytest.raises(TooLateToCancelError) as refused:
        cancel(visit, enforce_notice=True)
    assert "call the clinic on +44 20 7946 0000 or email desk@testclinic.example" in str(
        refused.value
    )
    assert call_the_clinic(reachable.clinic).startswith("call the clinic on +44")


def test_service_cards_and_service_search_results_link_straight_to_booking(client, reachable):
    home = soup(client.get("/"))
    for service in (reachable.session60, reachable.session30):
        link = home.select_one(f"[data-service='{service.pk}'] a[data-book-service]")
        assert link["href"] == f"/book/{service.pk}/"
        assert client.get(link["href"]).status_code == 200
    results = soup(client.get("/search/?q=trigger+point+therapy+60"))
    services = results.select("[data-kind=service] a")
    assert services and all(a["href"].startswith("/book/") for a in services)
    assert f"/book/{reachable.session60.pk}/" in {a["href"] for a in services}
