"""Every page each role reaches, parsed: element ids are unique (a repeated id sends a
label, a skip link or aria-labelledby to the wrong element) and every form field has a
label a screen reader announces.

The same crawl as the browser test, without a browser: Django's test client follows the
links of each page, one page per route and set of query keys, on the demo clinic at a
fixed time. The booking confirmation and the live session are reached the way a person
reaches them, through their forms.
"""

from __future__ import annotations

from collections import Counter, deque

import pytest
from bs4 import BeautifulSoup
from django.test import Client as HttpClient

from tests.web.crawl import (
    DJANGO_ADMIN,
    FIXED_NOW,
    LOGINS,
    REACHED,
    ROLES,
    make_demo_clinic,
    route_of,
    starts,
    todays_first_visit,
)
from triggerpoint.clinic.models import Staff
from triggerpoint.clinic.treatment import sessions

pytestmark = pytest.mark.django_db

# Fields that need no label: not shown, or labelled by their own text.
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


def duplicate_ids(page: BeautifulSoup) -> list[str]:
    counts = Counter(str(tag["id"]) for tag in page.find_all(id=True))
    return sorted(f"id {name!r} x{n}" for name, n in counts.items() if n > 1)


def unlabelled_fields(page: BeautifulSoup) -> list[str]:
    """Fields with neither a <label for>, a wrapping <label>, aria-label(ledby) nor title."""
    targets = {str(label["for"]) for label in page.find_all("label", attrs={"for": True})}
    missing = []
    for field in page.find_all(["input", "select", "textarea"]):
        if field.name == "input" and field.get("type", "text") in UNLABELLED_TYPES:
            continue
        named = (
            field.get("id") in targets
            or field.find_parent("label") is not None
            or field.get("aria-label")
            or field.get("aria-labelledby")
            or field.get("title")
        )
        if not named:
            missing.append(f"<{field.name} name={field.get('name')!r}> has no label")
    return missing


def dangling_labels(page: BeautifulSoup) -> list[str]:
    ids = {str(tag["id"]) for tag in page.find_all(id=True)}
    return [
        f"<label for={label['for']!r}> points at nothing"
        for label in page.find_all("label", attrs={"for": True})
        if label["for"] not in ids
    ]


def problems_of(html: bytes) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    return duplicate_ids(page) + unlabelled_fields(page) + dangling_labels(page)


def book_as_visitor(http: HttpClient, details_url: str) -> str:
    """Fill in and send the booking form of a details page; the confirmation's address."""
    page = BeautifulSoup(http.get(details_url).content, "html.parser")
    form = page.select_one("form[data-details-form]")
    assert form is not None
    data = {str(i["name"]): i.get("value", "") for i in form.select("input[type=hidden]")}
    data |= {"name": "Vera Visitor", "email": "vera@example.org", "consent": "on"}
    response = http.post(str(form["action"]), data)
    assert response.status_code == 302, response.content[:400]
    return str(response["Location"])


def crawl(http: HttpClient, role: str) -> dict[str, list[str]]:
    """Each page reached, with what is wrong in its markup."""
    seen: set[str] = set()
    queue = deque(starts(role))
    found: dict[str, list[str]] = {}
    while queue:
        url = queue.popleft()
        key = route_of(url)
        if key is None or key[1] in seen:
            continue
        seen.add(key[1])
        response = http.get(url, follow=True)
        if response.status_code >= 400:
            found[url] = [f"HTTP {response.status_code}"]
            continue
        path = response.request["PATH_INFO"]
        landed = route_of(path)
        name = landed[0] if landed else key[0]
        if role == "visitor" and name == "book-details":
            queue.appendleft(book_as_visitor(http, url))
        found[f"{name} {path}"] = problems_of(response.content)
        if path.startswith(DJANGO_ADMIN):
            continue
        page = BeautifulSoup(response.content, "html.parser")
        queue.extend(str(a["href"]) for a in page.select("a[href]:not([download])"))
    return found


@pytest.fixture
def demo_clinic(monkeypatch) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: FIXED_NOW)
    make_demo_clinic()
    first = todays_first_visit(LOGINS["therapist"])
    therapist = Staff.objects.get(pk=first.therapist_id)
    planned = sessions.suggested_points(first)
    assert len(planned) >= 2, "the session page needs several finding forms to test"
    sessions.start_visit(first, therapist.user, planned=planned)


def signed_in(role: str) -> HttpClient:
    from django.contrib.auth import get_user_model

    http = HttpClient()
    if role in LOGINS:
        http.force_login(get_user_model().objects.get(username=LOGINS[role]))
    return http


@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_unique_ids_and_labelled_fields(demo_clinic, role):
    pages = crawl(signed_in(role), role)
    reached = {name.split()[0] for name in pages}
    assert not REACHED[role] - reached, f"{role} never reached {REACHED[role] - reached}"
    wrong = [
        f"{page}: {problem}"
        for page, problems in pages.items()
        if not page.split()[-1].startswith(DJANGO_ADMIN)
        for problem in problems
    ]
    assert not wrong, "\n".join(wrong)


def test_the_checks_find_repeated_ids_and_unlabelled_fields():
    html = b"""<form><label for="a">A</label><input id="a" name="a">
    <input id="a" name="b"><label>C <input name="c"></label><select name="d"></select>
    <input type="hidden" name="e"><label for="gone">G</label></form>"""
    assert problems_of(html) == [
        "id 'a' x2",
        "<select name='d'> has no label",
        "<label for='gone'> points at nothing",
    ]
