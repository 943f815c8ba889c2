"""The portal's downloads and the erasure flow, through HTTP."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client as HttpClient
from fhir.resources.R4B.bundle import Bundle

from tests.conftest import World
from tests.interop.records import full_record
from tests.web.roles import cast_of
from triggerpoint.clinic.models import AuditEvent, Client, DeletionRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(world: World) -> HttpClient:
    full_record(world)
    http = HttpClient()
    user = Client.objects.get(pk=world.client_a.pk).user
    assert user is not None
    http.force_login(user)
    return http


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_the_portal_offers_both_downloads_and_the_erasure_page(ann: HttpClient):
    page = soup(ann.get("/portal/my-data/"))
    links = {a["href"] for a in page.select("[data-my-data] a")}
    assert links == {"/portal/my-data.json", "/portal/my-data.fhir.json"}
    erase = page.select_one("a[data-erase-link]")
    assert erase is not None and erase["href"] == "/portal/erase/"


def test_the_json_download_is_the_full_export(ann: HttpClient, world: World):
    response = ann.get("/portal/my-data.json")
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)
    assert data["schema"]["name"] == "triggerpoint.client-export"
    assert data["visits"][0]["findings"]
    assert AuditEvent.objects.filter(action="client.exported", record_id=world.client_a.pk).exists()


def test_the_fhir_download_is_a_valid_bundle(ann: HttpClient):
    response = ann.get("/portal/my-data.fhir.json")
    assert response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"] == 'attachment; filename="my-data.fhir.json"'
    bundle = Bundle.model_validate_json(response.content)
    assert bundle.type == "transaction"  # a server can ingest it at its base URL


def erasure_link() -> str:
    found = re.search(r"https?://\S+/privacy/erase/(\S+)/", str(mail.outbox[-1].body))
    assert found is not None
    return f"/privacy/erase/{found.group(1)}/"


def test_asking_emails_a_link_and_erases_nothing_yet(ann: HttpClient, world: World):
    response = ann.post("/portal/erase/")
    assert soup(response).select_one("[data-erasure-sent]")
    assert mail.outbox[-1].to == ["ann@example.com"]
    assert Client.objects.get(pk=world.client_a.pk).name == "Ann Able"
    assert DeletionRequest.objects.get().is_pending


def test_following_the_link_and_confirming_erases_and_signs_out(ann: HttpClient, world: World):
    ann.post("/portal/erase/")
    link = erasure_link()
    page = soup(ann.get(link))
    assert page.select_one("button[data-confirm-erasure]")
    assert Client.objects.get(pk=world.client_a.pk).name == "Ann Able"  # GET changes nothing
    response = ann.post(link)
    assert response["Location"] == "/privacy/erase/done/"
    assert Client.objects.get(pk=world.client_a.pk).email == ""
    assert ann.get("/portal/")["Location"].startswith("/accounts/login/")
    assert ann.get(link).status_code == 404  # used
    assert AuditEvent.objects.filter(action="client.erased").count() == 1


def test_a_forged_link_erases_nothing(ann: HttpClient, world: World):
    ann.post("/portal/erase/")
    assert ann.post(erasure_link().replace("/erase/", "/erase/x")).status_code == 404
    assert Client.objects.get(pk=world.client_a.pk).name == "Ann Able"


def test_staff_see_their_clinics_pending_requests_and_no_other(world: World):
    cast = cast_of(world)
    cast.http("client_a").post("/portal/erase/")
    therapist = soup(cast.http("therapist").get("/staff/privacy/"))
    assert [a.text for a in therapist.select("[data-pending] a")] == ["Ann Able"]
    other = cast.http("other_therapist").get("/staff/privacy/")
    assert other.status_code == 200
    assert "Ann Able" not in other.content.decode()


def test_staff_see_an_erased_request_by_number_and_date_only(world: World):
    cast = cast_of(world)
    cast.http("client_b").post("/portal/erase/")
    HttpClient().post(erasure_link())
    page = cast.http("owner").get("/staff/privacy/")
    rows = soup(page).select("[data-done] tr[data-request]")
    assert len(rows) == 1
    assert "Ben" not in page.content.decode() and "ben@example.com" not in page.content.decode()
