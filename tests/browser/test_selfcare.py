"""The public self-care plan in a real browser: a visitor's right-sided headache, on a
390 px phone and on paper (PDF), and a red-flag drawing that gets no plan."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS, PHONE, screenshot

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
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + HEADACHE)
    muscles = page.locator("[data-muscle] h2").all_inner_texts()
    assert muscles and muscles[0] == "Upper trapezius"
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
