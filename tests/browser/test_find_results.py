"""The finder's results where a phone user sees them, in two voices: a compact summary
(flags, top candidates, the next question as one-tap answers) in view at 390 x 844 above
the Book button, focus on the results after an answer, plain words on the public page and
clinical words in the therapist's finder. Real Chromium."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, screenshot
from tests.browser.test_find import mark
from tests.browser.test_staff import sign_in
from tests.web.roles import drawing

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLINICAL_WORDS = re.compile(r"\b(key|satellite|the client)\b", re.IGNORECASE)
SUMMARY = "[data-finder-summary]"
BOOK = ".finder-actions button[type=submit]"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def both_shots(page, name: str) -> None:
    """The whole page, and what the phone's screen shows (where the sheet sits)."""
    screenshot(page, name)
    page.screenshot(path=str(ARTIFACTS / f"{name}-viewport.png"))


def box(page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not rendered"
    return found


def in_view(found: dict[str, float], height: int = PHONE["height"]) -> bool:
    return found["y"] >= 0 and found["y"] + found["height"] <= height


def focus_is_in(page, selector: str) -> bool:
    return page.evaluate(f"!!document.activeElement.closest('{selector}')")


def report(page, label: str) -> None:
    """Positions in the viewport, printed for the record (pytest -s)."""
    top, question, book = (box(page, s) for s in (f"{SUMMARY} li", "[data-next-question]", BOOK))
    scrolled = page.evaluate("window.scrollY")
    print(
        f"{label}: scrollY={scrolled}, top candidate y={top['y']:.0f}, next question "
        f"y={question['y']:.0f}..{question['y'] + question['height']:.0f}, "
        f"Book y={book['y']:.0f} (page y={book['y'] + scrolled:.0f})"
    )


def test_a_right_temple_headache_shows_its_summary_in_view_on_a_phone(phone, live_server):
    from playwright.sync_api import expect

    phone.goto(live_server.url + "/find/")
    mark(phone, "temple-r", 7)
    expect(phone.locator(f"{SUMMARY} [data-next-question]")).to_have_count(1)
    # Marking on the map announces the change but leaves focus where the person was.
    assert not focus_is_in(phone, SUMMARY)
    expect(phone.locator("[data-finder-status]")).to_contain_text("Results updated")
    if phone.locator("[data-summary-body]").is_hidden():
        # A zoomed frame fills the screen, so the sheet keeps one line, the leader, and
        # one tap on Show opens the rest without leaving the frame.
        peek = phone.locator("[data-summary-peek]")
        expect(peek).to_be_visible()
        assert in_view(box(phone, "[data-summary-peek]"))
        leader = phone.locator(f"{SUMMARY} .summary-title").first.text_content() or ""
        assert leader in peek.inner_text()
        phone.get_by_role("button", name="Show").click()
    expect(phone.locator(f"{SUMMARY} .summary-candidate").first).to_be_visible()
    report(phone, "after marking")
    top = box(phone, f"{SUMMARY} .summary-candidate")
    question = box(phone, f"{SUMMARY} [data-next-question]")
    book = box(phone, BOOK)
    assert in_view(top) and in_view(question)
    # The person has not scrolled past Book: it is still below what they read.
    assert book["y"] > question["y"] + question["height"]
    both_shots(phone, "find-results-phone")

    # Where the sheet settles in the page's flow, under the map, once scrolled to.
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    settled = phone.evaluate(
        "document.querySelector('[data-finder-summary]').getBoundingClientRect().top"
        " + window.scrollY"
    )
    details = phone.evaluate(
        "document.querySelector('[data-results]').getBoundingClientRect().top + window.scrollY"
    )
    print(f"in the page's flow: summary at y={settled:.0f}, details at y={details:.0f}")

    # From the top of the page the sheet is in view too, before any scrolling.
    phone.evaluate("window.scrollTo(0, 0)")
    report(phone, "scrolled to the top")
    assert in_view(box(phone, f"{SUMMARY} .summary-candidate"))
    assert in_view(box(phone, f"{SUMMARY} [data-next-question]"))


def test_one_tap_answers_the_question_re_ranks_and_moves_focus(phone, live_server):
    from playwright.sync_api import expect

    phone.goto(live_server.url + "/find/?mark=temple-r:7&mark=angle-of-neck-r:5&mark=eye-r:6")
    question = phone.locator(f"{SUMMARY} [data-next-question]")
    expect(question).to_have_count(1)
    asked = question.get_attribute("data-next-question") or ""
    before = phone.locator(".candidate").all_inner_texts()
    question.get_by_role("button", name="A lot").click()
    expect(phone.locator(f"[data-mark-list] li[data-region='{asked}']")).to_have_count(1)
    expect(phone.locator(f"{SUMMARY} [data-next-question]")).not_to_have_attribute(
        "data-next-question", asked
    )
    assert phone.locator(".candidate").all_inner_texts() != before
    assert focus_is_in(phone, SUMMARY)
    assert in_view(box(phone, SUMMARY + " h2"))
    both_shots(phone, "find-answered-phone")

    # "No" re-ranks too, and focus lands on the results again.
    phone.locator("#site-search").focus()
    asked = phone.locator(f"{SUMMARY} [data-next-question]").get_attribute("data-next-question")
    phone.locator(f"{SUMMARY} [data-next-question]").get_by_role("button", name="No").click()
    expect(phone.locator(f"{SUMMARY} [data-next-question]")).not_to_have_attribute(
        "data-next-question", asked or ""
    )
    assert focus_is_in(phone, SUMMARY)


def test_the_public_page_speaks_plainly(phone, live_server):
    from playwright.sync_api import expect

    # This drawing's leader is a key point with satellites, so the clinic's words would
    # show if the public voice leaked them.
    phone.goto(live_server.url + "/find/?mark=temple-r:7&mark=angle-of-neck-r:5&mark=eye-r:6")
    expect(phone.locator(".candidate").first).to_be_visible()
    text = phone.inner_text("main")
    assert not CLINICAL_WORDS.search(text), CLINICAL_WORDS.search(text)
    # Folded details too: everything the results could show once opened.
    hidden_too = " ".join(phone.locator(f"{SUMMARY}, [data-results]").all_text_contents())
    assert not CLINICAL_WORDS.search(hidden_too), CLINICAL_WORDS.search(hidden_too)
    assert re.search(r"\b(Likely|Possible|Less likely)\b", phone.inner_text(SUMMARY))
    assert "What a therapist will check" in text
    phone.set_viewport_size(DESKTOP)
    screenshot(phone, "find-results-desktop")


def test_a_possible_heart_cause_comes_first_without_where_to_press(phone, live_server):
    from playwright.sync_api import expect

    phone.goto(live_server.url + "/find/?mark=sternum-l:8&mark=inner-arm-l:6&mark=jaw-angle-l:4")
    first_flag = phone.locator(f"{SUMMARY} [data-flag]").first
    expect(first_flag).to_contain_text("heart")
    assert in_view(first_flag.bounding_box())
    expect(phone.locator(".candidate").first).to_be_visible()
    assert "Where it sits" not in phone.inner_text("[data-results]")
    both_shots(phone, "find-cardiac-phone")


def test_the_therapists_finder_keeps_the_clinical_words(page, live_server, world):
    from playwright.sync_api import expect

    drawing(world.client_a, temple_r=7, angle_of_neck_r=5, eye_r=6)
    sign_in(page, live_server, world.alice.user)
    page.goto(live_server.url + f"/staff/clients/{world.client_a.pk}/find/")
    expect(page.locator(".candidate").first).to_be_visible()
    text = page.inner_text("[data-results]")
    assert re.search(r"\bkey\b", text)
    assert "the client recognises" in text
    assert "Where to press" in text
    answers = page.locator(f"{SUMMARY} [data-next-question] button").all_inner_texts()
    assert answers == ["No", *[str(n) for n in range(1, 11)]]
    screenshot(page, "find-therapist-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, "find-therapist-phone")


def test_a_yes_to_a_safety_question_brings_its_flag_to_the_top(phone, live_server):
    from playwright.sync_api import expect

    phone.goto(live_server.url + "/find/?mark=lumbar-r:6")
    safety = phone.locator(f"{SUMMARY} [data-safety-questions]")
    if not safety.count():
        expect(phone.locator(f"{SUMMARY} .summary-candidate").first).to_be_visible()
    if not safety.count():
        pytest.skip("this finder asks no red-flag questions (before finder/redflags)")
    expect(phone.locator(f"{SUMMARY} [data-flag]")).to_have_count(0)
    safety.locator("summary").click()
    safety.locator("button[data-symptom='fever']", has_text="Yes").click()
    expect(phone.locator(f"{SUMMARY} [data-flag]").first).to_contain_text("fever")
    assert focus_is_in(phone, SUMMARY)
    assert "Where it sits" not in phone.inner_text("[data-results]")
    both_shots(phone, "find-fever-phone")


def test_the_pain_diary_speaks_plainly_and_saves_after_the_results(phone, live_server, world):
    from playwright.sync_api import expect

    from tests.web.roles import login_for

    sign_in(phone, live_server, login_for(world.client_a))
    phone.goto(live_server.url + "/portal/diary/")
    mark(phone, "temple-r", 6)
    expect(phone.locator(f"{SUMMARY} [data-next-question]")).to_have_count(1)
    if phone.locator("[data-summary-body]").is_hidden():
        phone.get_by_role("button", name="Show").click()
    expect(phone.locator(f"{SUMMARY} .summary-candidate").first).to_be_visible()
    assert not CLINICAL_WORDS.search(phone.inner_text(SUMMARY))
    save = box(phone, ".finder-actions button[type=submit]")
    details = box(phone, "[data-results]")
    assert save["y"] > details["y"] + details["height"]
    both_shots(phone, "find-diary-phone")


def test_the_sheet_folds_while_the_map_is_used_and_opens_for_new_results(phone, live_server):
    from playwright.sync_api import expect

    phone.goto(live_server.url + "/find/?mark=temple-r:7")
    body = phone.locator("[data-summary-body]")
    peek = phone.locator("[data-summary-peek]")
    expect(phone.locator(f"{SUMMARY} .summary-candidate").first).to_be_visible()
    phone.locator("[data-bodymap]").click(position={"x": 2, "y": 2})
    expect(body).to_be_hidden()
    expect(peek).to_be_visible()
    assert re.match(r"(Likely|Possible|Less likely): ", peek.inner_text())
    folded = box(phone, SUMMARY)
    print(f"folded sheet: {folded['height']:.0f} px tall")
    assert folded["height"] < 90
    both_shots(phone, "find-sheet-folded-phone")

    phone.evaluate("document.querySelector('[data-bodymap]').bodymap.set('eye-r', 5, 'aching')")
    expect(body).to_be_visible()
    # Folded by the person's own choice, it stays folded when the results change.
    phone.get_by_role("button", name="Hide").click()
    phone.evaluate("document.querySelector('[data-bodymap]').bodymap.set('eye-r', 7, 'aching')")
    expect(phone.locator("[data-finder-status]")).to_contain_text("Results updated")
    phone.wait_for_timeout(600)
    expect(body).to_be_hidden()
    phone.get_by_role("button", name="Show").click()
    expect(body).to_be_visible()
