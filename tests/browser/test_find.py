"""Where does it hurt? The body map, the finder's ranking and its next question, and the
search box, in a real browser at phone and desktop widths."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def mark(page, region: str, intensity: int) -> None:
    """Mark a region the keyboard way: focus its path, press Enter, choose the intensity."""
    page.focus(f"[data-map-stage] #{region}")
    page.keyboard.press("Enter")
    page.click(f"[data-editor] [data-intensity='{intensity}']")
    page.click("[data-editor] [data-close]")


def leader(page) -> str:
    return page.locator(".candidate").first.get_attribute("data-trigger-point") or ""


def test_a_right_sided_headache_points_to_the_right_upper_trapezius(page, live_server):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/find/")
    mark(page, "temple-r", 7)
    mark(page, "angle-of-neck-r", 5)
    mark(page, "eye-r", 6)
    expect(page.locator("[data-mark-list] li")).to_have_count(3)
    expect(page.locator(".candidate").first).to_have_attribute(
        "data-trigger-point", "upper-trapezius-1-r"
    )
    # The drawing is painted on the map, and only there (the preview shows referral zones).
    assert page.get_attribute("[data-map-stage] #temple-r", "data-value") == "7"
    assert page.locator("[data-preview] #preview-temple-r").count() == 1
    for size, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        screenshot(page, f"find-headache-{name}")
    page.set_viewport_size(DESKTOP)

    # Answering the next question re-ranks the candidates.
    before = page.locator(".candidate").all_inner_texts()
    question = page.locator("[data-next-question]")
    asked = question.get_attribute("data-next-question")
    question.get_by_role("button", name="A lot").click()
    expect(page.locator(f"[data-mark-list] li[data-region='{asked}']")).to_have_count(1)
    expect(page.locator("[data-next-question]")).not_to_have_attribute(
        "data-next-question", asked or ""
    )
    assert page.locator(".candidate").all_inner_texts() != before
    screenshot(page, "find-after-answer-desktop")


def test_hovering_a_candidate_paints_its_referral_pattern(page, live_server):
    page.goto(live_server.url + "/find/?mark=si-joint-r:6&mark=greater-trochanter-r:7")
    page.wait_for_selector(".candidate")
    first = page.locator(".candidate").first
    first.hover()
    painted = page.eval_on_selector_all(
        "[data-preview] path.region", "ps => ps.filter(p => p.dataset.value !== '0').length"
    )
    assert painted > 0
    assert "usually sends pain" in page.inner_text("[data-preview-caption]")


def test_search_for_tension_headache_reaches_a_muscle_page(page, live_server):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/")
    page.fill("#site-search", "tension headache")
    page.keyboard.press("Enter")
    expect(page.locator(".results li").first).to_be_visible()
    screenshot(page, "search-tension-headache-desktop")
    page.locator(".results li[data-kind='muscle'] a").first.click()
    expect(page.locator("h1")).to_have_count(1)
    assert page.url.startswith(live_server.url + "/muscles/")
    assert page.locator("section.trigger-point").count() > 0
    page.set_viewport_size(PHONE)
    screenshot(page, "muscle-page-phone")
