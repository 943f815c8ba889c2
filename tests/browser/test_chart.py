"""Progress charts of a demo client with several visits, as the therapist and as the client
see them; the SOAP note, the home plan and the diary. Screenshots at phone and desktop
widths land in artifacts/screenshots/ for people to look at."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from tests.browser.test_staff import sign_in, watch_for_csp_violations
from triggerpoint.clinic.demo import seed as demo
from triggerpoint.clinic.models import Client, Measurement, Staff, Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def both_widths(page, name: str, section=None) -> None:
    """The whole page at both widths, and the section alone when one is named."""
    for width, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        path = screenshot(page, f"{name}-{width}")
        if section is not None:
            section.screenshot(path=str(path.with_name(f"{name}-{width}-section.png")))


@pytest.fixture
def demo_client() -> Client:
    demo.create(weeks=4, clients=12)
    client = Client.objects.get(email="client1@example.com")
    assert Visit.objects.filter(client=client).count() >= 3
    return client


def test_the_therapist_reads_the_trends_of_a_demo_client(page, live_server, demo_client):
    from playwright.sync_api import expect

    refused = watch_for_csp_violations(page)
    visit = Visit.objects.filter(client=demo_client).order_by("-started_at").first()
    assert visit is not None
    therapist = Staff.objects.get(pk=visit.therapist_id)
    sign_in(page, live_server, therapist.user)
    page.goto(f"{live_server.url}/staff/clients/{demo_client.pk}/")
    outcomes = page.locator("[data-outcomes]")
    expect(outcomes.locator("figure.trend").first).to_be_visible()
    pain = outcomes.locator("[data-trend='pain-now']")
    expect(pain).to_contain_text("Pain now fell from")
    expect(pain.locator("svg text.key")).to_contain_text("Lower is better")
    expect(pain.locator("svg circle.diary").first).to_be_attached()
    expect(outcomes.locator("[data-note-status='signed']").first).to_be_visible()
    outcomes.scroll_into_view_if_needed()
    both_widths(page, "chart-outcomes", outcomes)

    page.goto(f"{live_server.url}/staff/visits/{visit.pk}/note/")
    expect(page.locator("[data-note-status='signed']")).to_be_visible()
    expect(page.locator("[data-section='assessment']")).to_contain_text("Since ")
    both_widths(page, "note-signed")

    page.goto(f"{live_server.url}/staff/visits/{visit.pk}/outcomes/")
    page.get_by_label("Pain now (0-10)").fill("12")
    page.get_by_role("button", name="Record").click()
    expect(page.locator("[data-error-for='pain_now']")).to_contain_text("outside 0-10")
    both_widths(page, "outcomes-form-error")

    page.goto(f"{live_server.url}/staff/visits/{visit.pk}/home-plan/")
    expect(page.locator("table.plan-items")).to_be_visible()
    both_widths(page, "home-plan-edit")
    assert refused == []


def test_the_client_sees_their_progress_plan_and_diary(page, live_server, demo_client):
    from playwright.sync_api import expect

    refused = watch_for_csp_violations(page)
    assert demo_client.user is not None
    sign_in(page, live_server, demo_client.user)
    page.goto(f"{live_server.url}/portal/progress/")
    outcomes = page.locator("[data-outcomes]")
    expect(outcomes.locator("[data-trend='pain-now']")).to_contain_text("Pain now fell from")
    outcomes.scroll_into_view_if_needed()
    both_widths(page, "portal-progress", outcomes)
    page.set_viewport_size(PHONE)
    outcomes.locator("figure.trend").first.screenshot(
        path=str(screenshot(page, "portal-progress-phone").with_name("portal-pain-phone.png"))
    )

    page.goto(f"{live_server.url}/portal/home-plan/")
    expect(page.locator("[data-aftercare]")).to_contain_text("water")
    both_widths(page, "portal-home-plan")
    page.emulate_media(media="print")
    screenshot(page, "portal-home-plan-print")
    page.emulate_media(media="screen")

    before = Measurement.objects.filter(client=demo_client, timing="between").count()
    page.goto(f"{live_server.url}/portal/diary/")
    # The first click zooms into the head, the second marks the temple.
    temple = page.locator("[data-map-stage] path.region[data-region='temple-r']")
    temple.click()
    temple.click()
    page.locator("[data-editor] [data-intensity='4']").click()
    page.locator("[data-editor] [data-close]").click()
    page.locator(".rating-scale label").filter(has_text="4").first.click()
    both_widths(page, "diary")
    page.get_by_role("button", name="Save today's entry").click()
    expect(page.locator(".messages")).to_contain_text("Diary entry saved")
    assert Measurement.objects.filter(client=demo_client, timing="between").count() == before + 1
    assert refused == []
