"""The body map by keyboard alone, with focus visible at every step, and axe on /find/.

The map is one Tab stop; arrow keys walk to the neighbouring region in that direction;
Enter opens the editor beside the region, a digit sets the intensity, Escape closes it
and focus is back on the region; a digit on a focused region sets it directly, and Page
Down turns to the same place on the other view.

Focus is visible when the focused element has an outline of at least 2 px, or, for a
region (whose outline would be its bounding box, half covered by its neighbours), when
the focus ring copy of its outline is drawn on top of the map. The arrow walk between
two regions is planned with
the page's own neighbour rule (a breadth-first search over it), so the test keeps
working when the drawing changes, and every key it plans is pressed for real and
counted.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import blocking
from tests.browser.conftest import DESKTOP, PHONE, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP = "[data-map-stage] svg.bodymap"
BUDGET = 40

PLAN = """([start, goal]) => {
  const view = document.querySelector('[data-bodymap]').bodymap.view;
  const keys = ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'PageDown'];
  const seen = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const region = queue.shift();
    if (region === goal) break;
    for (const key of keys) {
      const next = view.neighbour(region, key);
      if (next && !seen.has(next)) { seen.set(next, [region, key]); queue.push(next); }
    }
  }
  const path = [];
  for (let at = goal; seen.get(at); at = seen.get(at)[0]) path.unshift(seen.get(at)[1]);
  return seen.has(goal) ? path : null;
}"""

FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: 'body', visible: false};
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  let ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
    && style.outlineColor !== 'rgba(0, 0, 0, 0)';
  if (el.matches('path.region')) {
    // A region's ring is a copy of its outline drawn over the whole map.
    const copy = el.ownerSVGElement.querySelector('.focus-ring');
    const drawn = copy && getComputedStyle(copy);
    ring = !!copy && copy.getAttribute('d') === el.getAttribute('d')
      && drawn.stroke !== 'none' && parseFloat(drawn.strokeWidth) >= 2
      && copy === el.ownerSVGElement.lastElementChild;
  }
  const inView = box.bottom > 0 && box.top < innerHeight && box.width > 0 && box.height > 0;
  return {
    name: el.getAttribute('aria-label')
      || (el.labels && el.labels[0] ? el.labels[0].textContent.trim() : '')
      || el.textContent.trim().slice(0, 40),
    region: el.dataset ? el.dataset.region || null : null,
    visible: ring && inView && el.matches(':focus-visible'),
  };
}"""


class Keyboard:
    """Presses keys, counts them, and checks after each that focus is visible."""

    def __init__(self, page):
        self.page = page
        self.presses = 0
        self.trail: list[str] = []

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        self.presses += 1
        focus = self.page.evaluate(FOCUS)
        self.trail.append(f"{key} -> {focus['name']}")
        assert focus["visible"], f"focus not visible after {key}: {self.trail}"
        return focus

    def focused_region(self) -> str | None:
        return self.page.evaluate(FOCUS)["region"]

    def walk_to(self, region: str) -> None:
        keys = self.page.evaluate(PLAN, [self.focused_region(), region])
        assert keys is not None, f"no arrow path to {region}"
        for key in keys:
            self.press(key)
        assert self.focused_region() == region

    def mark(self, region: str, intensity: int, editor: bool = True) -> None:
        """Enter, a digit in the editor, Escape; or (no editor) the digit on the region."""
        self.walk_to(region)
        if editor:
            self.press("Enter")
            assert self.page.locator("[data-editor]").is_visible()
            self.press(str(intensity))
            focus = self.press("Escape")
        else:
            focus = self.press(str(intensity))
        # Back on the region, which now says its intensity.
        assert focus["region"] == region
        assert f"pain {intensity} of 10" in focus["name"]

    def tab_until(self, selector: str, limit: int = 30) -> None:
        """Tab (or Shift+Tab, when the target comes earlier in the page) to an element."""
        before = self.page.evaluate(
            """s => { const t = document.querySelector(s);
                return !!t && !!(t.compareDocumentPosition(document.activeElement)
                    & Node.DOCUMENT_POSITION_FOLLOWING); }""",
            selector,
        )
        for _ in range(limit):
            if self.page.evaluate("s => document.activeElement.matches(s)", selector):
                return
            self.press("Shift+Tab" if before else "Tab")
        raise AssertionError(f"{selector} not reached by Tab: {self.trail}")


def test_marking_a_headache_answering_and_reaching_book_takes_at_most_40_keys(page, live_server):
    from playwright.sync_api import expect

    page.goto(live_server.url + "/find/")
    page.wait_for_selector(MAP)
    keys = Keyboard(page)
    keys.press("Tab")  # the skip link
    page.keyboard.press("Enter")  # jump to the content: no focus to check yet
    keys.presses += 1
    keys.tab_until(f"{MAP} path.region")
    assert page.locator(f"{MAP} path.region[tabindex='0']").count() == 1
    keys.mark("temple-r", 7)
    keys.mark("eye-r", 6, editor=False)
    screenshot(page, "bodymap-keyboard-front")
    keys.mark("upper-back-neck-r", 5, editor=False)
    screenshot(page, "bodymap-keyboard-back")
    expect(page.locator("[data-mark-list] li")).to_have_count(3)
    question = page.locator("[data-next-question]").first
    expect(question).to_be_visible()
    asked = question.get_attribute("data-next-question")
    keys.tab_until("[data-next-question] button")
    keys.press("Enter")
    expect(page.locator("[data-next-question]").first).not_to_have_attribute(
        "data-next-question", asked or ""
    )
    keys.tab_until("#drawing-actions button[type=submit]")
    print(f"{keys.presses} key presses: {keys.trail}")
    assert keys.presses <= BUDGET, keys.trail


def test_the_list_instead_is_within_three_tabs_of_the_map(page, live_server):
    page.goto(live_server.url + "/find/")
    page.wait_for_selector(MAP)
    page.focus(f"{MAP} path.region[tabindex='0']")
    presses = 0
    while not page.evaluate("() => document.activeElement.matches('.list-alternative summary')"):
        assert presses < 3, "the list alternative is more than 3 Tabs from the map"
        page.keyboard.press("Tab")
        presses += 1
    print(f"list alternative: {presses} Tab(s) from the map")


def test_escape_returns_focus_to_the_region_and_the_name_says_place_side_and_pain(
    page, live_server
):
    page.goto(live_server.url + "/find/?mark=occiput-l:4")
    page.wait_for_selector(MAP)
    label = page.get_attribute(f"{MAP} #occiput-l", "aria-label")
    assert label == "base of the skull, your left, back: pain 4 of 10, aching"
    page.focus(f"{MAP} #occiput-l")
    page.keyboard.press("Space")
    assert page.locator("[data-editor]").is_visible()
    screenshot(page, "bodymap-desktop-popover")
    assert page.evaluate("() => document.activeElement.dataset.intensity") == "4"
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.id") == "occiput-l"
    assert page.locator("[data-editor]").is_hidden()


def test_arrow_keys_move_in_their_direction(page, live_server):
    page.goto(live_server.url + "/find/")
    page.wait_for_selector(MAP)
    centres = """(id) => { const b = document.getElementById(id).getBBox();
        return [b.x + b.width / 2, b.y + b.height / 2]; }"""
    page.focus(f"{MAP} #lumbar-r")
    for key, axis, sign in (("ArrowUp", 1, -1), ("ArrowLeft", 0, -1), ("ArrowDown", 1, 1)):
        before = page.evaluate(centres, page.evaluate("() => document.activeElement.id"))
        page.keyboard.press(key)
        after = page.evaluate(centres, page.evaluate("() => document.activeElement.id"))
        assert (after[axis] - before[axis]) * sign > 0, key
        # Still one Tab stop, wherever focus went.
        assert page.locator(f"{MAP} path.region[tabindex='0']").count() == 1


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_serious_or_critical_problem_on_find(page, live_server, size):
    page.set_viewport_size(size)
    page.goto(live_server.url + "/find/?mark=temple-r:7&mark=eye-r:6")
    page.wait_for_selector(".candidate")
    assert blocking(page) == []
    # Zoomed in, and with the editor open.
    page.focus(f"{MAP} #temple-r")
    page.keyboard.press("Enter")
    assert blocking(page) == [], "with the editor open"
    page.keyboard.press("Escape")
    page.get_by_label("Paint").check()
    assert blocking(page) == [], "in paint mode"
