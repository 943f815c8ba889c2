"""Signed-in pages honour the host (clinic/people/sites.honour_host, asked by the access
policy's require_role): staff and clients of one clinic on another clinic's host are
refused with the way to their own site, never shown either clinic's records there; on a
host no clinic lists they work on their own clinic, under its own name.

North is the world of tests/conftest.py (the first clinic, so also the default site);
South is a second clinic with its own therapist and client.
"""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client as Browser

from tests.conftest import World
from triggerpoint.clinic.models import Client, Clinic, Role, Staff

NORTH = "book.north.example"
SOUTH = "south.example"


@pytest.fixture
def south(world: World, settings) -> Clinic:
    settings.ALLOWED_HOSTS = [NORTH, SOUTH, f"www.{SOUTH}", "unlisted.example", "testserver"]
    world.clinic.name = "North Clinic"
    world.clinic.hosts = f"{NORTH} north.example"
    world.clinic.save()
    return Clinic.objects.create(name="South Clinic", hosts=f"{SOUTH}, www.{SOUTH}")


def person(clinic: Clinic, name: str, role: str = Role.THERAPIST) -> Staff:
    user = get_user_model().objects.create_user(username=f"{name}@example.com", password=None)
    return Staff.objects.create(user=user, clinic=clinic, display_name=name.title(), role=role)


def signed_in(user, host: str) -> Browser:
    browser = Browser(HTTP_HOST=host)
    browser.force_login(user)
    return browser


def alert(response) -> Any:
    found = BeautifulSoup(response.content, "html.parser").select_one("[role=alert]")
    assert found is not None, response.content[:500]
    return found


def test_staff_on_another_clinics_host_are_refused_with_the_way_to_their_own(world, south):
    Client.objects.create(clinic=south, name="Sally Southern", email="sally@example.com")
    north_staff = signed_in(world.alice.user, SOUTH)
    for path in ("/staff/schedule/", "/staff/clients/", f"/staff/clients/{world.client_a.pk}/"):
        response = north_staff.get(path)
        assert response.status_code == 403, path
        text = response.content.decode()
        # Neither clinic's records: not the south clients, not the north ones.
        assert "Sally Southern" not in text and world.client_a.name not in text, path
        message = alert(response)
        assert "signed in for North Clinic" in message.get_text()
        assert "this is South Clinic's site" in message.get_text()
        assert message.a["href"] == f"http://{NORTH}{path}"


def test_each_clinics_staff_work_on_their_own_host(world, south):
    sam = person(south, "sam")
    north = signed_in(world.alice.user, NORTH).get("/staff/clients/")
    assert north.status_code == 200
    assert world.client_a.name in north.content.decode()
    south_page = signed_in(sam.user, f"www.{SOUTH}").get("/staff/schedule/")
    assert south_page.status_code == 200
    assert "South Clinic" in south_page.content.decode()
    refused = signed_in(sam.user, NORTH).get("/staff/schedule/")
    assert refused.status_code == 403
    assert alert(refused).a["href"] == f"http://{SOUTH}/staff/schedule/"


def test_the_link_keeps_the_port_the_browser_used(world, south):
    response = signed_in(world.alice.user, f"{SOUTH}:8443").get("/staff/schedule/?day=x")
    assert response.status_code == 403
    assert alert(response).a["href"] == f"http://{NORTH}:8443/staff/schedule/?day=x"


def test_a_clinic_without_a_host_name_is_told_to_list_one(world, south):
    west = Clinic.objects.create(name="West Clinic")
    wendy = person(west, "wendy", Role.OWNER)
    response = signed_in(wendy.user, NORTH).get("/staff/report/")
    assert response.status_code == 403
    message = alert(response)
    assert message.a is None
    assert "ask West Clinic's owner to list its host name" in message.get_text()


@pytest.mark.parametrize("host", ["unlisted.example", "testserver"])
def test_on_a_host_no_clinic_lists_staff_see_their_own_clinic_by_its_name(world, south, host):
    # The default (North) site answers this host's public pages; a South therapist's
    # own pages are South's, and say so, rather than wearing the default's name.
    sam = person(south, "sam")
    Client.objects.create(clinic=south, name="Sally Southern", email="sally@example.com")
    response = signed_in(sam.user, host).get("/staff/clients/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sally Southern" in text and world.client_a.name not in text
    brand = BeautifulSoup(response.content, "html.parser").select_one("a.brand")
    assert brand is not None and brand.get_text(strip=True) == "South Clinic"
    public = Browser(HTTP_HOST=host).get("/")
    assert "North Clinic" in public.content.decode()


def test_a_client_portal_honours_the_host_too(world, south):
    user = get_user_model().objects.create_user(username="ann@example.com", password=None)
    world.client_a.user = user
    world.client_a.save(update_fields=["user"])
    assert signed_in(user, NORTH).get("/portal/").status_code == 200
    refused = signed_in(user, SOUTH).get("/portal/")
    assert refused.status_code == 403
    assert alert(refused).a["href"] == f"http://{NORTH}/portal/"


def test_a_worker_sees_another_workers_new_host_name_within_seconds(world, south, monkeypatch):
    from triggerpoint.clinic.people import sites

    assert sites.listed_hosts()[SOUTH] == south.pk
    # Changed by another process: no signal here, so this worker's copy holds a while.
    Clinic.objects.filter(pk=south.pk).update(hosts="south.example.org")
    assert SOUTH in sites.listed_hosts()
    later = sites.time.monotonic() + sites.LISTED_SECONDS + 1
    monkeypatch.setattr(sites.time, "monotonic", lambda: later)
    assert SOUTH not in sites.listed_hosts()
    assert sites.listed_hosts()["south.example.org"] == south.pk


def test_the_admin_honours_the_host_for_owners(world, south):
    olga = person(south, "olga", Role.OWNER)
    own = signed_in(olga.user, SOUTH).get("/admin/")
    assert own.status_code == 200
    refused = signed_in(olga.user, NORTH).get("/admin/clinic/client/")
    assert refused.status_code == 403
    assert "this is North Clinic's site" in alert(refused).get_text()
    assert alert(refused).a["href"] == f"http://{SOUTH}/admin/clinic/client/"
