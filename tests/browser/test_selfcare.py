"""The public self-care plan in a real browser: a visitor's right-sided headache, on a
390 px phone and on paper (PDF), and a red-flag drawing that gets no plan."""

from __future__ import annotations

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
