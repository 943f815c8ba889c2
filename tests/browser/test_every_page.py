"""Every page a visitor, a client, a therapist and the owner reach, on a 390 x 844 phone.

Each role starts from its landing page and follows the site's own links (one page per
route and set of query keys, so the schedule's endless "next week" is one page), plus the
two pages only a form leads to: the booking confirmation and the live session. On each
page: the document must not scroll sideways and axe-core must find no serious or critical
violation. The table of pages x violations is printed; screenshots land in
artifacts/screenshots/pages-<role>-<route>.png for people to look at.

The clock is fixed (the demo's bookings and "today" derive from it), so the crawl sees the
same pages whatever the date.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import pytest

from tests.browser.axe import Violation, blocking
from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, screenshot
from tests.web.crawl import (
    DJANGO_ADMIN,
    FIXED_NOW,
    LOGINS,
    REACHED,
    ROLES,
    make_demo_clinic,
    route_of,
    starts,
)
from triggerpoint.clinic.demo import seed as demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_PAGES_PER_ROLE = 90


@dataclass
class Visited:
    role: str
    route: str
    path: str
    scroll_width: int
    viewport: int
    axe: list[Violation]
    problems: list[str] = field(default_factory=list)


def check(page, role: str, route: str, origin: str) -> Visited:
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    viewport = page.evaluate("document.documentElement.clientWidth")
    found = blocking(page)
    path = page.url.removeprefix(origin)
    visited = Visited(role, route, path, width, viewport, found)
    if width > viewport:
        wide = page.evaluate(WIDEST)
        visited.problems.append(f"scrolls sideways: {width} px > {viewport} px ({wide})")
    if found:
        visited.problems.extend(str(v) for v in found)
    screenshot(page, f"pages-{role}-{route}")
    return visited


# Inside the Django admin: its own pages only, without a query (a change list's filters,
# sort orders and date drill-down are the same page again). So the owner's crawl opens the
# index, each model's change list, add form, first record's change form and history.
ADMIN_LINKS = f"a[href^='{DJANGO_ADMIN}']:not([href*='?'])"


# The element that sticks out furthest on the right, to name in the failure.
WIDEST = """() => {
  let worst = null, right = document.documentElement.clientWidth;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect().right;
    if (r > right + 0.5) { right = r; worst = el; }
  }
  if (!worst) return '';
  const cls = worst.className && worst.className.baseVal === undefined ? '.' + worst.className : '';
  return worst.tagName.toLowerCase() + cls + ' to ' + Math.round(right) + ' px';
}"""


def crawl(page, role: str, origin: str, extra: list[str]) -> list[Visited]:
    seen: set[str] = set()
    queue = deque([*(origin + url for url in starts(role)), *extra])
    visited: list[Visited] = []
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        key = route_of(url, origin)
        if key is None or key[1] in seen:
            continue
        seen.add(key[1])
        response = page.goto(url)
        assert response is not None
        if response.status >= 400:
            visited.append(Visited(role, key[0], url, 0, 0, [], [f"HTTP {response.status}"]))
            continue
        landed = route_of(page.url, origin)
        if landed is None or (landed[1] != key[1] and landed[1] in seen):
            continue  # a redirect to a page already checked
        seen.add(landed[1])
        visited.append(check(page, role, landed[0], origin))
        in_admin = page.url.startswith(origin + DJANGO_ADMIN)
        links = page.eval_on_selector_all(
            ADMIN_LINKS if in_admin else "a[href]:not([download])",
            "links => links.map(a => a.href)",
        )
        queue.extend(links)
    return visited


def sign_in(page, origin: str, email: str) -> None:
    page.goto(origin + "/accounts/login/")
    page.get_by_label("Username").fill(email)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")


def book_as_visitor(page, origin: str) -> str:
    """The first free time of the first service, booked as a visitor: the confirmation."""
    page.goto(origin + "/book/")
    page.locator("main a[href^='/book/']").first.click()
    page.locator("main a[href^='/book/']").first.click()
    page.locator(".days a").first.click()
    page.locator(".slots a").first.click()
    page.get_by_label("Your name").fill("Vera Visitor")
    page.get_by_label("Email").fill("vera@example.org")
    page.locator(".consent input").check()
    page.get_by_role("button", name="Confirm booking").click()
    page.wait_for_load_state("networkidle")
    assert "/book/confirmed/" in page.url, page.url
    return page.url


def start_a_session(page, origin: str) -> str:
    """Today's first session link on the schedule, started with the suggested points."""
    page.goto(origin + "/staff/schedule/")
    page.locator("a.session-link").first.click()
    page.get_by_role("button", name="Start the session").click()
    page.wait_for_url("**/session/")
    return page.url


@pytest.fixture
def fixed_clock(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: FIXED_NOW)
    return FIXED_NOW


def table(rows: list[Visited]) -> str:
    lines = [f"{'role':<10} {'route':<34} {'width':>6} {'axe':>4}  path / violations"]
    for row in rows:
        axe = len(row.axe)
        lines.append(f"{row.role:<10} {row.route:<34} {row.scroll_width:>6} {axe:>4}  {row.path}")
        lines.extend(f"{'':>58}- {problem}" for problem in row.problems)
    return "\n".join(lines)


def test_every_page_fits_a_phone_and_passes_axe(browser, live_server, fixed_clock):
    make_demo_clinic(fixed_clock)
    origin = live_server.url
    rows: list[Visited] = []
    errors: list[str] = []
    for role in ROLES:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.on("pageerror", lambda error, role=role: errors.append(f"{role}: {error}"))
        extra = []
        if role == "visitor":
            extra.append(book_as_visitor(page, origin))
        else:
            sign_in(page, origin, LOGINS[role])
        if role == "therapist":
            extra.append(start_a_session(page, origin))
        rows.extend(crawl(page, role, origin, extra))
        context.close()
    report = table(rows)
    print("\n" + report)
    (ARTIFACTS.parent / "pages-crawl.txt").write_text(report + "\n")
    for role in ROLES:
        routes = {row.route for row in rows if row.role == role}
        assert not REACHED[role] - routes, f"{role} never reached {REACHED[role] - routes}"
    failing = [f"{r.role} {r.path}: {p}" for r in rows for p in r.problems]
    assert not errors, errors
    assert not failing, "\n".join(failing)


def test_the_portal_is_short_and_each_section_is_one_tap_away(browser, live_server, fixed_clock):
    from playwright.sync_api import expect

    make_demo_clinic(fixed_clock)
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, live_server.url, LOGINS["client"])
    page.goto(live_server.url + "/portal/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 4 * PHONE["height"], f"the portal is {height} px tall on a phone"
    page.mouse.wheel(0, height)
    bar = page.locator("nav[data-portal-sections]")
    page.wait_for_function("window.scrollY > 0")
    box = bar.bounding_box()
    assert box is not None and box["y"] <= 1, "the section bar stays in reach at the top"
    headings = {
        "Progress": "My progress",
        "Home plan": "Your home plan",
        "Diary": "Pain diary",
        "My data": "My data",
        "Visits": "My visits",
    }
    for link, heading in headings.items():
        bar.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1, name=heading)).to_be_visible()
        expect(bar.get_by_role("link", name=link)).to_have_attribute("aria-current", "page")
        tap = bar.get_by_role("link", name=link).bounding_box()
        assert tap is not None and tap["height"] >= 44 and tap["width"] >= 44
    screenshot(page, "pages-client-portal-phone-top")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "pages-client-portal-desktop")
    context.close()
