"""Every page and API route, tried as each role, against a table of expected outcomes.

The table is keyed by route (pattern and name) as the URL resolver lists them, so a new
route without an entry fails `test_every_route_has_an_entry`. Outcomes: an HTTP status,
or LOGIN (a redirect to the sign-in page) or MOVED (a redirect anywhere else). Client B
and the therapist of another clinic never see anything of client A: beyond the status,
no response to them may carry A's name or email.

Django's admin (`admin/...`) has its own table, with the owner of a second clinic as one
more role, in tests/web/test_admin_matrix.py; `test_every_route_has_an_entry` counts
its routes as covered only when that table names them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.conftest import World
from tests.web.roles import ROLES, Cast, appointment, cast_of, drawing
from triggerpoint.clinic.models import Appointment, HomePlan, HomePlanItem, Visit
from triggerpoint.clinic.privacy import deletion, tokens
from triggerpoint.clinic.treatment import health_intake, homecare, sessions
from triggerpoint.web import selftimer

LOGIN = "login"
MOVED = "moved"
Outcome = int | str


@dataclass
class Scene:
    """The records every route is tried against: A's upcoming visit and drawing."""

    world: World
    cast: Cast
    visit: Appointment
    day: str  # a bookable date within the next two weeks

    @property
    def token(self) -> str:
        return tokens.cancel_token(self.visit.pk)


@dataclass(frozen=True)
class Case:
    url: Callable[[Scene], str]
    expect: dict[str, Outcome]
    method: str = "get"
    body: Callable[[Scene, str], dict[str, Any]] = field(default=lambda scene, role: {})
    json: bool = False


def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(ROLES, outcome)


def roles(
    anonymous: Outcome,
    client_a: Outcome,
    client_b: Outcome,
    therapist: Outcome,
    other_therapist: Outcome,
    owner: Outcome,
) -> dict[str, Outcome]:
    outcomes = (anonymous, client_a, client_b, therapist, other_therapist, owner)
    return dict(zip(ROLES, outcomes, strict=True))


PUBLIC = everyone(200)
STAFF = roles(LOGIN, 403, 403, 200, 200, 200)
A_CHART = roles(LOGIN, 403, 403, 200, 404, 200)
OWNER = roles(LOGIN, 403, 403, 403, 403, 200)
CLIENT = roles(LOGIN, 200, 200, 403, 403, 403)
A_VISIT = roles(LOGIN, 200, 404, 403, 403, 403)
SIGNED_IN = roles(LOGIN, 200, 200, 200, 200, 200)
THERAPIST_OF_A = roles(LOGIN, 403, 403, 200, 404, 403)


def fixed(url: str) -> Callable[[Scene], str]:
    return lambda scene: url


def session_of(scene: Scene) -> Visit:
    """The guided session of A's visit, started on first use."""
    return sessions.start_visit(scene.visit, scene.world.alice.user, planned=[])


def plan_of(scene: Scene) -> HomePlan:
    """The home plan of A's visit, made on first use."""
    return homecare.plan_for(session_of(scene), None)


def item_of(scene: Scene) -> HomePlanItem:
    """A stretch in the home plan of A's visit."""
    plan = plan_of(scene)
    return plan.items.first() or HomePlanItem.objects.create(
        plan=plan, stretch="chin-tuck", hold_seconds=10, repetitions=5, frequency="daily"
    )


def erasure_token(scene: Scene) -> str:
    """The link emailed to A after A asked for erasure."""
    asked = deletion.ask(scene.world.client_a, None, timezone.now())
    return deletion.token_for(asked)


SELF_POINT = "temporalis-anterior-r"


def finished_self_treatment() -> list[dict[str, Any]]:
    """A self-treatment begun and stopped at once: a finished log to save."""
    now = timezone.now()
    begun = selftimer.step([], "begin", SELF_POINT, now)
    done = selftimer.step(selftimer.state(begun, now)["events"], "stop", SELF_POINT, now)
    return list(selftimer.state(done, now)["events"])


def booking_body(scene: Scene, role: str) -> dict[str, Any]:
    hour = 9 + ROLES.index(role)
    start = datetime.combine(
        datetime.fromisoformat(scene.day).date(), time(hour), tzinfo=ZoneInfo("Europe/London")
    )
    return {
        "service": scene.world.session60.pk,
        "therapist": scene.world.bob.pk,
        "start": start.isoformat(),
        "name": f"Guest {role}",
        "email": f"{role}@example.org",
        "phone": "+44 7700 900000",
        "consent": True,
    }


TABLE: dict[tuple[str, str], list[Case]] = {
    # Public pages
    ("", "web:home"): [Case(fixed("/"), PUBLIC)],
    ("trigger-point-therapy/", "web:therapy"): [Case(fixed("/trigger-point-therapy/"), PUBLIC)],
    ("find/", "web:find"): [Case(fixed("/find/?mark=temple-r:6"), PUBLIC)],
    # The body map drawing, the same file for everyone; it takes no writes.
    ("find/bodymap.svg", "web:bodymap-svg"): [
        Case(fixed("/find/bodymap.svg"), PUBLIC),
        Case(fixed("/find/bodymap.svg"), everyone(405), method="post"),
    ],
    ("self-care/", "web:self-care"): [Case(fixed("/self-care/?mark=temple-r:7"), PUBLIC)],
    ("self-care/timer/", "web:self-care-timer"): [
        Case(fixed("/self-care/timer/?mark=temple-r:7"), PUBLIC)
    ],
    ("self-care/timer/step/", "web:self-care-step"): [
        Case(
            fixed("/self-care/timer/step/"),
            PUBLIC,
            method="post",
            body=lambda s, role: {"point": SELF_POINT, "events": [], "action": "begin"},
            json=True,
        )
    ],
    # A finished self-treatment is saved to a client's own record; no one else has one.
    ("self-care/timer/save/", "web:self-care-save"): [
        Case(
            fixed("/self-care/timer/save/"),
            roles(403, 201, 201, 403, 403, 403),
            method="post",
            body=lambda s, role: {"point": SELF_POINT, "events": finished_self_treatment()},
            json=True,
        )
    ],
    ("search/", "web:search"): [Case(fixed("/search/?q=Ann"), PUBLIC)],
    ("muscles/", "web:atlas"): [Case(fixed("/muscles/"), PUBLIC)],
    ("muscles/<slug:muscle_id>/", "web:muscle"): [Case(fixed("/muscles/upper-trapezius/"), PUBLIC)],
    # The therapist's workspace and the owner's report
    ("staff/schedule/", "web:schedule"): [Case(fixed("/staff/schedule/?view=week"), STAFF)],
    ("staff/clients/", "web:clients"): [Case(fixed("/staff/clients/?q=a"), STAFF)],
    # The front desk: the schedules a user may open; bad input is a 400, never a change.
    ("staff/desk/book/", "web:desk-book"): [
        Case(fixed("/staff/desk/book/?q=Ann"), STAFF),
        Case(
            fixed("/staff/desk/book/"),
            roles(LOGIN, 403, 403, 400, 400, 400),
            method="post",
            body=lambda s, role: {"service": "", "therapist": ""},
        ),
    ],
    ("staff/desk/<int:appointment_id>/", "web:desk-appointment"): [
        Case(lambda s: f"/staff/desk/{s.visit.pk}/", A_CHART)
    ],
    ("staff/desk/<int:appointment_id>/move/", "web:desk-move"): [
        Case(
            lambda s: f"/staff/desk/{s.visit.pk}/move/",
            roles(LOGIN, 403, 403, 400, 404, 400),
            method="post",
            body=lambda s, role: {"start": "not a time"},
        )
    ],
    ("staff/desk/<int:appointment_id>/cancel/", "web:desk-cancel"): [
        Case(
            lambda s: f"/staff/desk/{s.visit.pk}/cancel/",
            roles(LOGIN, 403, 403, 400, 404, 400),
            method="post",
            body=lambda s, role: {"reason": ""},
        )
    ],
    ("staff/desk/<int:appointment_id>/mark/", "web:desk-mark"): [
        Case(
            lambda s: f"/staff/desk/{s.visit.pk}/mark/",
            roles(LOGIN, 403, 403, 400, 404, 400),
            method="post",
            body=lambda s, role: {"mark": "bogus"},
        )
    ],
    ("staff/clients/<int:client_id>/", "web:client_chart"): [
        Case(lambda s: f"/staff/clients/{s.world.client_a.pk}/", A_CHART),
        Case(
            lambda s: f"/staff/clients/{s.world.client_a.pk}/",
            roles(LOGIN, 403, 403, MOVED, 404, MOVED),
            method="post",
            body=lambda s, role: {"notes": f"written by {role}"},
        ),
    ],
    ("staff/clients/<int:client_id>/find/", "web:client_find"): [
        Case(lambda s: f"/staff/clients/{s.world.client_a.pk}/find/", A_CHART)
    ],
    ("staff/report/", "web:report"): [Case(fixed("/staff/report/"), OWNER)],
    # The treatment room: staff of the clinic run the session; the code is the phone's key.
    ("staff/appointments/<int:appointment_id>/session/", "web:session-plan"): [
        Case(lambda s: f"/staff/appointments/{s.visit.pk}/session/", A_CHART),
        Case(
            lambda s: f"/staff/appointments/{s.visit.pk}/session/",
            roles(LOGIN, 403, 403, MOVED, 404, MOVED),
            method="post",
            body=lambda s, role: {"extra": "upper-trapezius-1-r"},
        ),
    ],
    ("staff/visits/<int:visit_id>/session/", "web:session"): [
        Case(lambda s: f"/staff/visits/{session_of(s).pk}/session/", A_CHART)
    ],
    ("staff/visits/<int:visit_id>/session/state/", "web:session-state"): [
        Case(lambda s: f"/staff/visits/{session_of(s).pk}/session/state/", A_CHART)
    ],
    # The pushed state: 204 here, under the test client's WSGI (the screens then poll);
    # tests/web/test_session_stream.py streams it under uvicorn.
    ("staff/visits/<int:visit_id>/session/stream/", "web:session-stream"): [
        Case(
            lambda s: f"/staff/visits/{session_of(s).pk}/session/stream/",
            roles(LOGIN, 403, 403, 204, 404, 204),
        )
    ],
    ("staff/visits/<int:visit_id>/session/events/", "web:session-event"): [
        Case(
            lambda s: f"/staff/visits/{session_of(s).pk}/session/events/",
            roles(LOGIN, 403, 403, MOVED, 404, MOVED),
            method="post",
            body=lambda s, role: {"kind": "skip"},
        )
    ],
    ("staff/visits/<int:visit_id>/findings/", "web:session-finding"): [
        Case(
            lambda s: f"/staff/visits/{session_of(s).pk}/findings/",
            roles(LOGIN, 403, 403, MOVED, 404, MOVED),
            method="post",
            body=lambda s, role: {"trigger_point": "upper-trapezius-1-r", "note": role},
        )
    ],
    ("join/", "web:join"): [Case(fixed("/join/"), PUBLIC)],
    ("join/<str:code>/", "web:join-phone"): [
        Case(lambda s: f"/join/{session_of(s).join_code}/", PUBLIC),
        Case(fixed("/join/WRONG1/"), everyone(404)),
    ],
    ("join/<str:code>/state/", "web:join-state"): [
        Case(lambda s: f"/join/{session_of(s).join_code}/state/", PUBLIC)
    ],
    ("join/<str:code>/stream/", "web:join-stream"): [
        Case(lambda s: f"/join/{session_of(s).join_code}/stream/", everyone(204)),
        Case(fixed("/join/WRONG1/stream/"), everyone(404)),
    ],
    ("join/<str:code>/events/", "web:join-event"): [
        Case(
            lambda s: f"/join/{session_of(s).join_code}/events/",
            everyone(MOVED),
            method="post",
            body=lambda s, role: {"kind": "stop"},
        )
    ],
    # Booking flow
    ("book/", "web:book"): [Case(fixed("/book/"), PUBLIC)],
    ("book/<int:service_id>/", "web:book-therapist"): [
        Case(lambda s: f"/book/{s.world.session60.pk}/", PUBLIC)
    ],
    ("book/<int:service_id>/<str:who>/", "web:book-date"): [
        Case(lambda s: f"/book/{s.world.session60.pk}/{s.world.bob.pk}/", PUBLIC)
    ],
    ("book/<int:service_id>/<str:who>/<str:day>/", "web:book-slot"): [
        Case(lambda s: f"/book/{s.world.session60.pk}/{s.world.bob.pk}/{s.day}/", PUBLIC)
    ],
    ("book/drawing/", "web:book-drawing"): [
        Case(
            fixed("/book/drawing/"),
            everyone(MOVED),
            method="post",
            body=lambda s, role: {"drawing": '{"marks": []}'},
        )
    ],
    ("book/details/", "web:book-details"): [Case(fixed("/book/details/"), everyone(MOVED))],
    ("book/confirmed/<int:appointment_id>/", "web:book-confirmed"): [
        Case(lambda s: f"/book/confirmed/{s.visit.pk}/", roles(404, 200, 404, 200, 404, 200))
    ],
    # The signed link is the credential: whoever holds it may use it.
    ("book/calendar/<str:token>.ics", "web:book-calendar"): [
        Case(lambda s: f"/book/calendar/{tokens.calendar_token(s.visit.pk)}.ics", PUBLIC),
        Case(lambda s: f"/book/calendar/{s.token}.ics", everyone(404)),  # the cancel token
        Case(fixed("/book/calendar/forged.ics"), everyone(404)),
    ],
    ("book/move/<str:token>/", "web:book-move"): [
        Case(lambda s: f"/book/move/{s.token}/", PUBLIC),
        Case(lambda s: f"/book/move/{tokens.calendar_token(s.visit.pk)}/", everyone(404)),
        Case(fixed("/book/move/forged/"), everyone(404)),
    ],
    ("book/cancel/<str:token>/", "web:book-cancel"): [
        Case(lambda s: f"/book/cancel/{s.token}/", PUBLIC),
        Case(fixed("/book/cancel/forged/"), everyone(404)),
    ],
    # Waitlist and health questionnaire: open to anyone; the emailed links are credentials.
    ("waitlist/<int:service_id>/<str:who>/", "web:waitlist-join"): [
        Case(lambda s: f"/waitlist/{s.world.session60.pk}/any/", PUBLIC),
        Case(lambda s: f"/waitlist/{s.world.session60.pk}/nobody/", everyone(404)),
    ],
    ("waitlist/offer/<str:token>/", "web:waitlist-offer"): [
        Case(fixed("/waitlist/offer/forged/"), everyone(404)),
        Case(fixed("/waitlist/offer/forged/"), everyone(404), method="post"),
    ],
    ("intake/<str:token>/", "web:intake"): [
        Case(lambda s: f"/intake/{health_intake.intake_token(s.visit)}/", PUBLIC),
        Case(fixed("/intake/forged/"), everyone(404)),
        Case(fixed("/intake/forged/"), everyone(404), method="post"),
    ],
    # Accounts
    ("accounts/login/", "web:login"): [
        Case(fixed("/accounts/login/"), roles(200, MOVED, MOVED, MOVED, MOVED, MOVED))
    ],
    ("accounts/login/", "login"): [],  # the same path: the web app's sign-in answers it
    ("accounts/logout/", "logout"): [
        Case(fixed("/accounts/logout/"), everyone(200), method="post"),
    ],
    ("accounts/password_change/", "password_change"): [
        Case(fixed("/accounts/password_change/"), SIGNED_IN)
    ],
    ("accounts/password_change/done/", "password_change_done"): [
        Case(fixed("/accounts/password_change/done/"), SIGNED_IN)
    ],
    ("accounts/password_reset/", "password_reset"): [
        Case(fixed("/accounts/password_reset/"), PUBLIC)
    ],
    ("accounts/password_reset/done/", "password_reset_done"): [
        Case(fixed("/accounts/password_reset/done/"), PUBLIC)
    ],
    ("accounts/reset/<uidb64>/<token>/", "password_reset_confirm"): [
        Case(fixed("/accounts/reset/MQ/forged-token/"), PUBLIC)
    ],
    ("accounts/reset/done/", "password_reset_complete"): [
        Case(fixed("/accounts/reset/done/"), PUBLIC)
    ],
    ("accounts/claim/", "web:claim"): [Case(fixed("/accounts/claim/"), PUBLIC)],
    ("accounts/claim/sent/", "web:claim-sent"): [Case(fixed("/accounts/claim/sent/"), PUBLIC)],
    ("accounts/claim/<str:token>/", "web:claim-finish"): [
        Case(fixed("/accounts/claim/forged/"), everyone(400))
    ],
    # Client portal
    ("portal/", "web:portal"): [Case(fixed("/portal/"), CLIENT)],
    ("portal/progress/", "web:portal-progress"): [Case(fixed("/portal/progress/"), CLIENT)],
    ("portal/my-data/", "web:portal-my-data"): [Case(fixed("/portal/my-data/"), CLIENT)],
    ("portal/my-data.json", "web:portal-data"): [Case(fixed("/portal/my-data.json"), CLIENT)],
    ("portal/my-data.fhir.json", "web:portal-data-fhir"): [
        Case(fixed("/portal/my-data.fhir.json"), CLIENT)
    ],
    ("portal/erase/", "web:portal-erase"): [
        Case(fixed("/portal/erase/"), CLIENT),
        Case(fixed("/portal/erase/"), CLIENT, method="post"),
    ],
    # The emailed link is the credential; erasing itself is tested in tests/web/test_privacy.py.
    ("privacy/erase/<str:token>/", "web:privacy-erase"): [
        Case(lambda s: f"/privacy/erase/{erasure_token(s)}/", PUBLIC),
        Case(fixed("/privacy/erase/forged/"), everyone(404)),
    ],
    ("privacy/erase/done/", "web:privacy-erased"): [Case(fixed("/privacy/erase/done/"), PUBLIC)],
    ("staff/privacy/", "web:privacy-requests"): [Case(fixed("/staff/privacy/"), STAFF)],
    ("staff/learning/", "web:learning"): [Case(fixed("/staff/learning/"), OWNER)],
    ("staff/calendar-feed/reset/", "web:feed-reset"): [
        Case(
            fixed("/staff/calendar-feed/reset/"),
            roles(LOGIN, 403, 403, MOVED, MOVED, MOVED),
            method="post",
        )
    ],
    ("staff/learning/reset/", "web:learning-reset"): [
        Case(
            fixed("/staff/learning/reset/"),
            roles(LOGIN, 403, 403, 403, 403, MOVED),
            method="post",
        )
    ],
    ("portal/visits/<int:appointment_id>/cancel/", "web:portal-cancel"): [
        Case(lambda s: f"/portal/visits/{s.visit.pk}/cancel/", A_VISIT)
    ],
    ("portal/visits/<int:appointment_id>/move/", "web:portal-move"): [
        Case(lambda s: f"/portal/visits/{s.visit.pk}/move/", A_VISIT)
    ],
    ("portal/drawing/", "web:portal-drawing"): [
        Case(
            fixed("/portal/drawing/"),
            roles(LOGIN, MOVED, 404, 403, 403, 403),
            method="post",
            body=lambda s, role: {
                "appointment": str(s.visit.pk),
                "drawing": '{"marks": [{"region": "temple-r", "intensity": 4}]}',
            },
        )
    ],
    # Outcomes, SOAP notes (therapists only), home plans and the pain diary
    ("staff/visits/<int:visit_id>/outcomes/", "web:visit-outcomes"): [
        Case(lambda s: f"/staff/visits/{session_of(s).pk}/outcomes/", A_CHART),
        Case(
            lambda s: f"/staff/visits/{session_of(s).pk}/outcomes/",
            roles(LOGIN, 403, 403, MOVED, 404, MOVED),
            method="post",
            body=lambda s, role: {"timing": "before", "pain_now": "5"},
        ),
    ],
    ("staff/visits/<int:visit_id>/note/", "web:visit-note"): [
        Case(lambda s: f"/staff/visits/{session_of(s).pk}/note/", THERAPIST_OF_A),
        Case(
            lambda s: f"/staff/visits/{session_of(s).pk}/note/",
            roles(LOGIN, 403, 403, MOVED, 404, 403),
            method="post",
            body=lambda s, role: {"action": "draft"},
        ),
    ],
    ("staff/visits/<int:visit_id>/home-plan/", "web:visit-home-plan"): [
        Case(lambda s: f"/staff/visits/{session_of(s).pk}/home-plan/", A_CHART),
        Case(
            lambda s: f"/staff/visits/{session_of(s).pk}/home-plan/",
            roles(LOGIN, 403, 403, MOVED, 404, MOVED),
            method="post",
            body=lambda s, role: {"action": "create"},
        ),
    ],
    ("staff/home-plans/<int:plan_id>/", "web:home-plan-print"): [
        Case(lambda s: f"/staff/home-plans/{plan_of(s).pk}/", A_CHART)
    ],
    ("portal/home-plan/", "web:my-home-plan"): [Case(fixed("/portal/home-plan/"), CLIENT)],
    # Only A may tick an item of A's plan; B is told there is no such item.
    ("portal/home-plan/done/", "web:my-home-plan-done"): [
        Case(
            fixed("/portal/home-plan/done/"),
            roles(LOGIN, MOVED, 404, 403, 403, 403),
            method="post",
            body=lambda s, role: {"item": item_of(s).pk, "done": "1"},
        )
    ],
    ("portal/diary/", "web:diary"): [
        Case(fixed("/portal/diary/"), CLIENT),
        Case(
            fixed("/portal/diary/"),
            roles(LOGIN, MOVED, MOVED, 403, 403, 403),
            method="post",
            body=lambda s, role: {"rating": "3", "drawing": '{"marks": []}'},
        ),
    ],
    # JSON API
    ("api/v1/", "api-v1:api-root"): [Case(fixed("/api/v1/"), everyone(404))],
    ("api/v1/openapi.json", "api-v1:openapi-json"): [Case(fixed("/api/v1/openapi.json"), PUBLIC)],
    ("api/v1/docs", "api-v1:openapi-view"): [Case(fixed("/api/v1/docs"), PUBLIC)],
    ("api/v1/services", "api-v1:services"): [Case(fixed("/api/v1/services"), PUBLIC)],
    ("api/v1/therapists", "api-v1:therapists"): [Case(fixed("/api/v1/therapists"), PUBLIC)],
    ("api/v1/availability", "api-v1:availability"): [
        Case(lambda s: f"/api/v1/availability?service={s.world.session60.pk}&date={s.day}", PUBLIC)
    ],
    ("api/v1/bookings", "api-v1:create"): [
        Case(fixed("/api/v1/bookings"), everyone(201), method="post", body=booking_body, json=True)
    ],
    ("api/v1/bookings/<booking_id>/cancel", "api-v1:cancel_booking"): [
        Case(
            lambda s: f"/api/v1/bookings/{s.visit.pk}/cancel",
            roles(403, 200, 403, 200, 403, 200),
            method="post",
            body=lambda s, role: {"token": "forged"},
            json=True,
        )
    ],
    ("api/v1/calendar/bookings/<booking_id>.ics", "api-v1:booking_ics"): [
        Case(
            lambda s: (
                f"/api/v1/calendar/bookings/{s.visit.pk}.ics"
                f"?token={tokens.calendar_token(s.visit.pk)}"
            ),
            PUBLIC,
        ),
        Case(
            lambda s: f"/api/v1/calendar/bookings/{s.visit.pk}.ics?token={s.token}",
            everyone(403),  # the cancel token opens no calendar file
        ),
        Case(lambda s: f"/api/v1/calendar/bookings/{s.visit.pk}.ics?token=x", everyone(403)),
    ],
    ("api/v1/calendar/therapists/<token>.ics", "api-v1:therapist_feed"): [
        Case(
            lambda s: f"/api/v1/calendar/therapists/{tokens.feed_token(s.world.alice.pk)}.ics",
            PUBLIC,
        ),
        Case(fixed("/api/v1/calendar/therapists/forged.ics"), everyone(403)),
    ],
    ("api/v1/find", "api-v1:find"): [
        Case(
            fixed("/api/v1/find"),
            PUBLIC,
            method="post",
            body=lambda s, role: {"marks": [{"region": "temple-r", "intensity": 6}]},
            json=True,
        )
    ],
}


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace + (entry.name or "")


def routes() -> list[tuple[str, str]]:
    return [r for r in walk(get_resolver().url_patterns) if not r[0].startswith("admin/")]


def test_every_route_has_an_entry():
    from tests.web.test_admin_matrix import ADMIN_TABLE

    everything = list(walk(get_resolver().url_patterns))
    missing = [route for route in everything if route not in TABLE and route not in ADMIN_TABLE]
    assert missing == [], f"add these routes to the role matrix: {missing}"
    stale = [route for route in TABLE if route not in routes()]
    assert stale == [], f"these entries name routes that are gone: {stale}"


@pytest.fixture
def scene(world: World) -> Scene:
    cast = cast_of(world)
    today = timezone.now().astimezone(ZoneInfo("Europe/London")).date()
    start = datetime.combine(today + timedelta(days=9), time(14), tzinfo=ZoneInfo("Europe/London"))
    visit = appointment(world.client_a, world.alice, world.session60, start)
    drawing(world.client_a, temple_r=6)
    return Scene(world, cast, visit, (today + timedelta(days=5)).isoformat())


def outcome(response: Any) -> Outcome:
    if response.status_code in (301, 302, 303):
        login = resolve_url(settings.LOGIN_URL)
        return LOGIN if response["Location"].startswith(login) else MOVED
    return int(response.status_code)


A_TRACES = ("Ann Able", "ann@example.com")


def attempt(scene: Scene, case: Case) -> dict[str, Outcome]:
    seen: dict[str, Outcome] = {}
    for role in ROLES:
        http = scene.cast.http(role)
        url = case.url(scene)
        if case.method == "get":
            response = http.get(url)
        elif case.json:
            response = http.post(
                url,
                data=json.dumps(case.body(scene, role)),
                content_type="application/json",
                headers={"Idempotency-Key": f"matrix-{role}"},
            )
        else:
            response = http.post(url, case.body(scene, role))
        seen[role] = outcome(response)
        if role in ("client_b", "other_therapist", "anonymous"):
            body = response.content.decode(errors="replace")
            leaked = [trace for trace in A_TRACES if trace in body]
            assert leaked == [], f"{role} saw {leaked} at {case.method.upper()} {url}"
    return seen


@pytest.mark.dated
@pytest.mark.django_db
@pytest.mark.parametrize("route", list(TABLE), ids=lambda r: f"{r[1]} {r[0]}")
def test_each_role_gets_the_expected_outcome(scene: Scene, route: tuple[str, str]):
    for case in TABLE[route]:
        assert attempt(scene, case) == case.expect, f"{case.method.upper()} {case.url(scene)}"
