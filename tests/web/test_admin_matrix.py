"""Every route of Django's admin, tried as each role of the role matrix and as the owner of
a second clinic, against the records of the first.

Only an owner opens the admin, and only for their own clinic: the owner of clinic 2 and
the therapists of either clinic reach nothing of clinic 1 by any admin URL, read or write.
`test_every_admin_route_has_an_entry` fails when Django adds a route the table lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client as HttpClient
from django.urls import get_resolver
from django.utils import timezone

from tests.conftest import World
from tests.web.roles import ROLES, appointment, cast_of
from tests.web.test_role_matrix import walk
from triggerpoint.clinic.booking import waitlist
from triggerpoint.clinic.models import AuditEvent, Clinic, RecurringSeries, Role, Staff
from triggerpoint.clinic.privacy import audit
from triggerpoint.clinic.treatment import health_intake

ADMIN_ROLES = (*ROLES, "other_owner")
SIGN_IN = "admin-login"  # sent to the admin's sign-in page
MOVED = "moved"  # any other redirect (the admin's "no such record" goes to its index)
A_TRACES = ("Ann Able", "ann@example.com")
STRANGERS = ("anonymous", "client_b", "other_therapist", "other_owner")  # see nothing of A
Outcome = int | str


@dataclass
class AdminScene:
    world: World
    users: dict[str, Any]
    records: dict[str, int]  # model name -> the pk of one clinic-1 record

    def http(self, role: str) -> HttpClient:
        http = HttpClient()
        if self.users[role] is not None:
            http.force_login(self.users[role])
        return http


@pytest.fixture
def admin_scene(world: World) -> AdminScene:
    cast = cast_of(world)
    clinic2 = Clinic.objects.create(name="Second Clinic", time_zone="Europe/Paris")
    owner2 = get_user_model().objects.create_user(username="omar@example.org", password=None)
    Staff.objects.create(user=owner2, clinic=clinic2, role=Role.OWNER, display_name="Omar")
    zone = ZoneInfo("Europe/London")
    start = datetime.combine(timezone.now().date() + timedelta(days=9), time(14), tzinfo=zone)
    visit = appointment(world.client_a, world.alice, world.session60, start)
    series = RecurringSeries.objects.create(
        client=world.client_a,
        therapist=world.alice,
        service=world.session60,
        first_start=start,
        weeks=4,
    )
    event = audit.record(world.alice.user, "client.viewed", world.client_a)
    records = {
        "clinic": world.clinic.pk,
        "room": world.room1.pk,
        "service": world.session60.pk,
        "staff": world.alice.pk,
        "client": world.client_a.pk,
        "appointment": visit.pk,
        "recurringseries": series.pk,
        "auditevent": event.pk,
        "questionnaire": health_intake.current(world.clinic).pk,
        "waitlistentry": waitlist.join(
            waitlist.Wanted(world.session60, None, start.date(), start.date()),
            client=world.client_a,
        ).pk,
    }
    return AdminScene(world, {**cast.users, "other_owner": owner2}, records)


def nobody_but(owner: Outcome, other_owner: Outcome) -> dict[str, Outcome]:
    """Everyone else, whatever their role in the app, is sent to the admin's sign-in."""
    return {**dict.fromkeys(ROLES, SIGN_IN), "owner": owner, "other_owner": other_owner}


Url = Callable[[AdminScene], str]

# Adding a row: only rooms, services and clients; the rest arrive through the app.
ADDABLE = {"room", "service", "client", "questionnaire"}


def model_routes(model: str) -> dict[tuple[str, str], tuple[Url, dict[str, Outcome]]]:
    base = f"admin/clinic/{model}/"
    one: Url = lambda s: f"/{base}{s.records[model]}/"  # noqa: E731
    added = 200 if model in ADDABLE else 403
    return {
        (base, f"admin:clinic_{model}_changelist"): (lambda s: f"/{base}", nobody_but(200, 200)),
        (f"{base}add/", f"admin:clinic_{model}_add"): (
            lambda s: f"/{base}add/",
            nobody_but(added, added),
        ),
        (f"{base}<path:object_id>/history/", f"admin:clinic_{model}_history"): (
            lambda s: one(s) + "history/",
            nobody_but(200, MOVED),
        ),
        (f"{base}<path:object_id>/delete/", f"admin:clinic_{model}_delete"): (
            lambda s: one(s) + "delete/",
            nobody_but(403, 403),
        ),
        (f"{base}<path:object_id>/change/", f"admin:clinic_{model}_change"): (
            lambda s: one(s) + "change/",
            nobody_but(200, MOVED),
        ),
        (f"{base}<path:object_id>/", "admin:"): (one, nobody_but(MOVED, MOVED)),
    }


MODELS = (
    *("clinic", "room", "service", "staff", "client", "appointment"),
    *("recurringseries", "auditevent", "questionnaire", "waitlistentry"),
)

ADMIN_TABLE: dict[tuple[str, str], tuple[Url, dict[str, Outcome]]] = {
    ("admin/", "admin:index"): (lambda s: "/admin/", nobody_but(200, 200)),
    ("admin/login/", "admin:login"): (
        lambda s: "/admin/login/",
        {**dict.fromkeys(ROLES, 200), "owner": MOVED, "other_owner": MOVED},
    ),
    ("admin/logout/", "admin:logout"): (
        lambda s: "/admin/logout/",
        # Signing out takes a POST; a visitor who cannot use the admin goes to its index.
        {**dict.fromkeys(ROLES, MOVED), "owner": 405, "other_owner": 405},
    ),
    ("admin/password_change/", "admin:password_change"): (
        lambda s: "/admin/password_change/",
        nobody_but(200, 200),
    ),
    ("admin/password_change/done/", "admin:password_change_done"): (
        lambda s: "/admin/password_change/done/",
        nobody_but(200, 200),
    ),
    ("admin/autocomplete/", "admin:autocomplete"): (
        lambda s: "/admin/autocomplete/?app_label=clinic&model_name=appointment&field_name=client",
        nobody_but(200, 200),  # each owner's own clinic's clients only (see below)
    ),
    ("admin/jsi18n/", "admin:jsi18n"): (lambda s: "/admin/jsi18n/", nobody_but(200, 200)),
    ("admin/r/<path:content_type_id>/<path:object_id>/", "admin:view_on_site"): (
        lambda s: f"/admin/r/1/{s.records['client']}/",
        nobody_but(404, 404),
    ),
    ("admin/^(?P<app_label>clinic)/$", "admin:app_list"): (
        lambda s: "/admin/clinic/",
        nobody_but(200, 200),
    ),
    ("admin/(?P<url>.*)$", "admin:"): (lambda s: "/admin/nowhere/", nobody_but(404, 404)),
}
for _model in MODELS:
    ADMIN_TABLE.update(model_routes(_model))


def admin_routes() -> list[tuple[str, str]]:
    return [r for r in walk(get_resolver().url_patterns) if r[0].startswith("admin/")]


def outcome(response: Any) -> Outcome:
    if response.status_code in (301, 302, 303):
        return SIGN_IN if response["Location"].startswith("/admin/login/") else MOVED
    return int(response.status_code)


def test_every_admin_route_has_an_entry():
    missing = [route for route in admin_routes() if route not in ADMIN_TABLE]
    assert missing == [], f"add these admin routes to the table: {missing}"
    stale = [route for route in ADMIN_TABLE if route not in admin_routes()]
    assert stale == [], f"these entries name admin routes that are gone: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize("route", list(ADMIN_TABLE), ids=lambda r: f"{r[1]} {r[0]}")
def test_each_role_gets_the_expected_outcome_in_the_admin(
    admin_scene: AdminScene, route: tuple[str, str]
):
    url_of, expected = ADMIN_TABLE[route]
    url = url_of(admin_scene)
    seen: dict[str, Outcome] = {}
    for role in ADMIN_ROLES:
        response = admin_scene.http(role).get(url)
        seen[role] = outcome(response)
        if role in STRANGERS:
            body = response.content.decode(errors="replace")
            leaked = [trace for trace in A_TRACES if trace in body]
            assert leaked == [], f"{role} saw {leaked} at GET {url}"
    assert seen == expected, url


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS)
def test_nobody_but_the_owner_changes_a_record_by_posting(admin_scene: AdminScene, model: str):
    url = f"/admin/clinic/{model}/{admin_scene.records[model]}/change/"
    before = AuditEvent.objects.count()
    for role in ADMIN_ROLES:
        if role == "owner":
            continue
        response = admin_scene.http(role).post(url, {"name": "Taken over", "email": "x@evil.org"})
        assert outcome(response) in (SIGN_IN, MOVED, 403), (role, response.status_code)
    # Nothing was written, so nothing was audited as changed.
    changed = AuditEvent.objects.filter(action__endswith=".changed")
    assert changed.count() == 0
    assert AuditEvent.objects.count() == before
    assert admin_scene.world.client_a.__class__.objects.get(pk=admin_scene.records["client"]).name


@pytest.mark.django_db
def test_the_autocompletion_offers_an_owner_only_their_own_clients(admin_scene: AdminScene):
    url = "/admin/autocomplete/?app_label=clinic&model_name=appointment&field_name=client"
    own = admin_scene.http("owner").get(url).json()["results"]
    other = admin_scene.http("other_owner").get(url).json()["results"]
    assert sorted(r["text"] for r in own) == ["Ann Able", "Ben Baker"]
    assert other == []
