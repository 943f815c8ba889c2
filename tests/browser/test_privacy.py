"""A client downloads and erases their data; the owner reads what the finder learned.
Screenshots at phone and desktop widths for people to look at."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.browser.test_staff import both_widths, sign_in, watch_for_csp_violations
from tests.conftest import NOW
from tests.interop.records import OTHER, POINT, full_record
from tests.web.roles import drawing
from triggerpoint.clinic.models import Client, Finding, PainDrawing, Visit
from triggerpoint.clinic.privacy import deletion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_client_asks_for_erasure_and_confirms_it_from_the_email(page, live_server, world):
    from playwright.sync_api import expect

    full_record(world)
    client = Client.objects.get(pk=world.client_a.pk)
    refused = watch_for_csp_violations(page)
    sign_in(page, live_server, client.user)
    page.goto(live_server.url + "/portal/my-data/")
    expect(page.locator("[data-my-data] a")).to_have_count(2)
    both_widths(page, "privacy-0-portal")
    page.get_by_role("link", name="Ask the clinic to erase my data").click()
    expect(page.get_by_role("heading", name="Erase my data")).to_be_visible()
    both_widths(page, "privacy-1-ask")
    page.get_by_role("button", name="Email me a confirmation link").click()
    expect(page.locator("[data-erasure-sent]")).to_be_visible()
    found = re.search(r"/privacy/erase/\S+/", str(mail.outbox[-1].body))
    assert found is not None
    page.goto(live_server.url + found.group(0))
    expect(page.get_by_role("heading", name="Erase your data at Test Clinic?")).to_be_visible()
    both_widths(page, "privacy-2-confirm")
    page.get_by_role("button", name="Erase my data").click()
    expect(page.get_by_role("heading", name="Your data is erased")).to_be_visible()
    both_widths(page, "privacy-3-erased")
    assert Client.objects.get(pk=client.pk).email == ""
    assert refused == []


def test_the_owner_reads_the_counts_and_the_calibration(page, live_server, world):
    from playwright.sync_api import expect

    full_record(world)
    # More visits with intake drawings so the calibration chart has several bins.
    for n in range(12):
        sketch = drawing(world.client_b, temple_r=3 + n % 6, side_neck_r=2 + n % 3)
        PainDrawing.objects.filter(pk=sketch.pk).update(created_at=NOW)
        visit = Visit.objects.create(client=world.client_b, therapist=world.alice, ended_at=NOW)
        Finding.objects.create(visit=visit, trigger_point=POINT, recognised=n % 3 != 0)
        Finding.objects.create(visit=visit, trigger_point=OTHER, recognised=n % 4 == 0)
    deletion.erase(deletion.ask(world.client_b, None, NOW), None, NOW)
    deletion.ask(world.client_a, None, NOW)
    refused = watch_for_csp_violations(page)
    sign_in(page, live_server, world.owner.user)
    page.goto(live_server.url + "/staff/learning/")
    expect(page.locator("[data-counts] tr[data-point]")).to_have_count(2)
    expect(page.locator("figure.calibration svg circle").first).to_be_visible()
    both_widths(page, "learning-1-page")
    page.goto(live_server.url + "/staff/privacy/")
    expect(page.locator("[data-pending] tr[data-request]")).to_have_count(1)
    expect(page.locator("[data-done] tr[data-request]")).to_have_count(1)
    both_widths(page, "privacy-4-staff")
    assert refused == []
