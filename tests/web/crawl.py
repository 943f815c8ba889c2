"""What the page crawls share: the demo clinic on a fixed day, each role's login and
landing page, and which links count as one more page to check.

The browser crawl (tests/browser/test_every_page.py) and the HTML crawl
(tests/web/test_html_validity.py) visit the same pages, one per route and set of query
keys, so "next week" on the schedule is one page, not an endless chain.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qsl, urldefrag, urlsplit

from django.urls import Resolver404, resolve

from triggerpoint.clinic.demo import seed as demo
from triggerpoint.clinic.models import Appointment, Client, PainDrawing, Status

# A Wednesday morning in June: the demo books from weeks before to weeks after it.
FIXED_NOW = datetime(2026, 6, 3, 8, 30, tzinfo=UTC)

ROLES = ("visitor", "client", "therapist", "owner")
LANDING = {
    "visitor": "/",
    "client": "/portal/",
    "therapist": "/staff/schedule/",
    "owner": "/staff/report/",
}
LOGINS = {
    "client": "client1@example.com",
    "therapist": "therapist1@example.com",
    "owner": "owner@example.com",
}
# Django's own admin, behind the owner's "Manage services, staff..." button. The browser
# crawl walks it as the owner (index, change lists, forms); the HTML validity crawl checks
# only our pages, as the admin's markup is Django's.
DJANGO_ADMIN = "/admin/"
# Routes that answer with a file or change something on GET; never opened.
NOT_PAGES = {"portal-data", "portal-data-fhir", "book-calendar", "book-drawing"}
# The pages the issue names (and the portal's new sections): each role's crawl must
# reach its own.
REACHED = {
    "visitor": {"home", "find", "book", "book-confirmed", "login"},
    "client": {"portal", "portal-progress", "my-home-plan", "diary", "portal-my-data"},
    "therapist": {"schedule", "clients", "client_chart", "visit-home-plan", "session"},
    "owner": {"report", "schedule", "clients", "client_chart", "learning", "privacy-requests"},
}


def route_of(url: str, origin: str = "") -> tuple[str, str] | None:
    """The route name and a key (route and query keys) for a page of the site, else None."""
    url = urldefrag(url)[0]
    if origin:
        if not url.startswith(origin):
            return None
        url = url.removeprefix(origin)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        name = resolve(parts.path).url_name or ""
    except Resolver404:
        return None
    if name in NOT_PAGES:
        return None
    keys = ",".join(sorted({k for k, _ in parse_qsl(parts.query)}))
    return name, f"{name}?{keys}"


def starts(role: str) -> list[str]:
    """Where a role's crawl begins: its landing page and, for staff, the chart of the demo
    client with a treatment history (so the visit pages show notes and home plans; the
    crawl checks one chart only, and today's first client has none yet)."""
    if role not in ("therapist", "owner"):
        return [LANDING[role]]
    client = Client.objects.get(email="client1@example.com")
    return [f"/staff/clients/{client.pk}/", LANDING[role]]


def make_demo_clinic(now: datetime = FIXED_NOW) -> None:
    """The demo clinic, and an intake drawing for the therapist's first visit of the day,
    so its session plan suggests several trigger points (one finding form each)."""
    demo.create(weeks=4, clients=8, now=now)
    first = todays_first_visit(LOGINS["therapist"], now)
    marks = [
        {"region": "temple-r", "intensity": 7, "quality": "aching"},
        {"region": "upper-back-neck-r", "intensity": 5, "quality": "aching"},
    ]
    PainDrawing.objects.create(client_id=first.client_id, appointment=first, marks=marks)


def todays_first_visit(email: str, now: datetime = FIXED_NOW) -> Appointment:
    mine = Appointment.objects.filter(therapist__user__username=email)
    some = mine.select_related("therapist__clinic").first()
    assert some is not None, "the demo gave the therapist no appointment"
    day = now.astimezone(some.therapist.clinic.zone).date()
    first = mine.filter(start__date=day).exclude(status=Status.CANCELLED).order_by("start").first()
    assert first is not None, "the demo gave the therapist no visit on the fixed day"
    return first
