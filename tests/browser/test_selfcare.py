"""The public self-care plan in a real browser: a visitor's right-sided headache, on a
390 px phone and on paper (PDF), and a red-flag drawing that gets no plan."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, screenshot
from tests.browser.test_staff import sign_in, watch_for_csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A right-sided headache as the body map page writes it into the address.
HEADACHE = "/self-care/?mark=temple-r:7&mark=angle-of-neck-r:5&mark=eye-r:6"
CARDIAC = "/self-care/?mark=breast-l:8&mark=front-arm-l:6&mark=jaw-angle-l:5"


def screens(page, name: str, height: int = 1400) -> None:
    """The full page in phone-screen-sized slices too, for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    total = page.evaluate("document.documentElement.scrollHeight")
    width = page.viewport_size["width"]
    for number, top in enumerate(range(0, total, height), start=1):
        clip = {"x": 0, "y": top, "width": width, "height": min(height, total - top)}
        page.screenshot(path=str(ARTIFACTS / f"{name}-{number}.png"), full_page=True, clip=clip)


def pdf_text(path) -> str:
    """The printed words, as a reader of the PDF gets them."""
    from pypdf import PdfReader

    text = " ".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return " ".join(text.split())


def test_a_visitor_gets_a_printable_plan_for_a_right_sided_headache(page, live_server):
    refused = watch_for_csp_violations(page)
    page.goto(live_server.url + HEADACHE)
    screenshot(page, "selfcare-plan-desktop")
    page.set_viewport_size(PHONE)
    muscles = page.locator("[data-muscle] h2").all_inner_texts()
    assert "Upper trapezius" in muscles  # a right-sided headache (Travell & Simons)
    # Readable at 390 px: nothing runs off the side of the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width
    screenshot(page, "selfcare-plan-phone")
    screens(page, "selfcare-plan-phone")

    page.emulate_media(media="print")
    assert page.locator("header.site").is_hidden()
    assert page.locator(".sc-actions").is_hidden()
    screenshot(page, "selfcare-plan-print")
    screens(page, "selfcare-plan-print")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "selfcare-plan.pdf"
    page.pdf(path=str(target), format="A4", print_background=True)
    text = pdf_text(target)
    assert "Your self-care plan" in text
    for name in muscles:
        assert name in text
    assert "hold 60 seconds" in text and "out of 10" in text
    assert "Blood thinners" in text
    assert refused == []


def test_a_red_flag_drawing_shows_no_plan_and_says_what_to_do(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + CARDIAC)
    stop = page.locator("[data-stop]")
    assert stop.is_visible()
    assert "emergency" in stop.inner_text().lower()
    assert page.locator("[data-point]").count() == 0
    screenshot(page, "selfcare-red-flag-phone")


def test_a_guided_timer_cycle_on_a_phone_holds_falls_and_releases(page, live_server):
    from playwright.sync_api import expect

    refused = watch_for_csp_violations(page)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + HEADACHE)
    first = page.locator("[data-point]").first
    point = first.get_attribute("data-point")
    first.locator("[data-timer-link]").click()
    expect(page.locator("[data-point-select]")).to_have_value(point)
    page.click("[data-action=begin]")
    page.click("[data-action=press]")
    page.click("[data-scale] [data-intensity='6']")
    expect(page.locator("[data-phase]")).to_have_text("Hold")
    expect(page.locator("[data-pacer]")).to_be_visible()
    expect(page.locator("[data-clock]")).to_have_text(re.compile(r"^\d+ s$"))
    page.click("[data-scale] [data-intensity='9']")
    expect(page.locator("[data-prompts] .ease-off")).to_contain_text("Ease off")
    screenshot(page, "selfcare-timer-hold")
    page.click("[data-scale] [data-intensity='3']")  # half of the 6 it started at
    expect(page.locator("[data-phase]")).to_have_text("Rest")
    expect(page.locator("[data-prompts]")).to_contain_text("fell to half")
    screenshot(page, "selfcare-timer-release")
    page.click("[data-action=stop]")
    expect(page.locator("[data-summary]")).to_be_visible()
    expect(page.locator("[data-holds] li")).to_have_count(1)
    expect(page.locator("[data-holds] li")).to_contain_text("6 → 3 out of 10")
    kept = page.evaluate("JSON.parse(localStorage.getItem('triggerpoint-self-treatments'))")
    assert len(kept) == 1 and kept[0]["point"] == point
    with page.expect_download() as download:
        page.click("[data-download]")
    assert download.value.suggested_filename == "self-treatments.json"
    screenshot(page, "selfcare-timer-summary")
    assert refused == []


def test_a_client_saves_a_timed_session_and_ticks_a_home_plan_item(page, live_server, world):
    from playwright.sync_api import expect

    from tests.clinic.test_outcomes_records import past_visit
    from tests.web.roles import login_for
    from triggerpoint.clinic.models import HomePlanCheck, SelfTreatment
    from triggerpoint.clinic.treatment import homecare

    user = login_for(world.client_a)
    plan = homecare.plan_for(past_visit(world, 0), None)
    assert plan.items.exists()
    sign_in(page, live_server, user)
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + HEADACHE)
    page.locator("[data-timer-link]").first.click()
    page.click("[data-action=begin]")
    page.click("[data-action=press]")
    page.click("[data-scale] [data-intensity='5']")
    page.click("[data-scale] [data-intensity='2']")
    page.click("[data-action=stop]")
    expect(page.locator("[data-saved]")).to_have_text(
        "Saved to your record and kept in this browser."
    )
    assert SelfTreatment.objects.filter(client=world.client_a).count() == 1

    page.goto(live_server.url + "/portal/home-plan/")
    first = page.locator("[data-done-today] li").first
    first.get_by_role("button", name="Done today").click()
    expect(page.locator("[data-done-today] li").first).to_contain_text("1 day in a row")
    assert HomePlanCheck.objects.count() == 1
    screenshot(page, "selfcare-portal-done-today")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "selfcare-portal-done-today-desktop")


def test_the_body_map_page_links_to_the_plan_for_the_drawing_on_it(page, live_server):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/find/?mark=temple-r:7&mark=angle-of-neck-r:5&mark=eye-r:6")
    link = page.locator("[data-selfcare-link]")
    link.wait_for(state="visible")
    href = link.get_attribute("href") or ""
    assert all(m in href for m in ("temple-r%3A7", "angle-of-neck-r%3A5", "eye-r%3A6"))
    link.click()
    page.wait_for_url(re.compile(r"/self-care/\?"))
    assert "Upper trapezius" in page.locator("[data-muscle] h2").all_inner_texts()
