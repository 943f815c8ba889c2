"""The live session's event streams under a real ASGI server (uvicorn in a thread).

A change stored by either side must reach both open streams within a bounded time, by
the in-process wake-up and, with that switched off (a tap answered by another worker
process), by the per-process version tick alone. A stream opens only for the therapists
of the visit's clinic and for the phone with the visit's own code, and a client that goes
away frees its watch.
"""

from __future__ import annotations

import http.client
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.utils import timezone

from tests.conftest import World
from tests.web.asgi_server import running
from tests.web.roles import appointment, login_for, other_clinic_therapist
from triggerpoint.clinic.models import Visit
from triggerpoint.clinic.treatment import sessions
from triggerpoint.web import session_push

pytestmark = pytest.mark.django_db(transaction=True)

POINT = "upper-trapezius-1-r"
WITHIN = 1.0  # seconds from a stored change to its delivery on a stream (tick: 0.05 s)


@pytest.fixture
def server() -> Iterator[int]:
    from triggerpoint.site.asgi import application

    with running(application) as port:
        yield port


@dataclass
class Stream:
    """One open event stream, read event by event."""

    connection: http.client.HTTPConnection
    response: http.client.HTTPResponse

    def next_state(self, timeout: float = WITHIN) -> dict[str, Any]:
        """The next state event's JSON (keep-alive comments skipped); fails after timeout."""
        assert self.connection.sock is not None
        self.connection.sock.settimeout(timeout)
        data: list[str] = []
        while True:
            line = self.response.readline().decode()
            if not line:
                raise AssertionError("the stream closed")
            line = line.rstrip("\n")
            if line.startswith("data:"):
                data.append(line[5:].strip())
            elif line == "" and data:
                return dict(json.loads("".join(data)))

    def close(self) -> None:
        self.connection.close()


def _cookie(user: Any) -> str:
    client = HttpClient()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _open(port: int, path: str, cookie: str = "") -> tuple[int, http.client.HTTPConnection, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    headers = {"Accept": "text/event-stream", **({"Cookie": cookie} if cookie else {})}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, connection, response


def _stream(port: int, path: str, cookie: str = "") -> Stream:
    status, connection, response = _open(port, path, cookie)
    assert status == 200, status
    assert response.getheader("Content-Type", "").startswith("text/event-stream")
    assert response.getheader("X-Accel-Buffering") == "no"
    return Stream(connection, response)


def _live_visit(world: World) -> Visit:
    slot = appointment(world.client_a, world.alice, world.session60, timezone.now())
    visit = sessions.start_visit(slot, world.alice.user, planned=[POINT])
    sessions.act(visit, "locate", by="therapist")
    sessions.act(visit, "press", by="therapist")
    return visit


def _streams(port: int, world: World, visit: Visit) -> tuple[Stream, Stream]:
    path = f"/staff/visits/{visit.pk}/session/stream/"
    therapist = _stream(port, path, _cookie(world.alice.user))
    phone = _stream(port, f"/join/{visit.join_code}/stream/")
    return therapist, phone


def _delivered(stream: Stream, key: str, value: Any, began: float, within: float = WITHIN) -> float:
    """Seconds until a state with `key` at `value` arrives (others may come before it)."""
    while (state := stream.next_state(within))[key] != value:
        assert time.monotonic() - began < within, state
    return time.monotonic() - began


def test_a_report_reaches_both_streams_within_a_bounded_time(server: int, world: World):
    visit = _live_visit(world)
    therapist, phone = _streams(server, world, visit)
    try:
        assert therapist.next_state()["phase"] == "holding"
        first = phone.next_state()
        assert first["phase"] == "holding" and first["intensity"] is None
        began = time.monotonic()
        sessions.act(visit, "report", by="client", intensity=6)
        assert _delivered(therapist, "intensity", 6, began) < WITHIN
        assert _delivered(phone, "intensity", 6, began) < WITHIN
        began = time.monotonic()
        sessions.act(visit, "stop", by="client")
        assert _delivered(therapist, "stopped", True, began) < WITHIN
        assert _delivered(phone, "phase", "resting", began) < WITHIN
    finally:
        therapist.close()
        phone.close()


def test_another_processs_change_arrives_by_the_version_tick(
    server: int, world: World, monkeypatch: pytest.MonkeyPatch
):
    """With the in-process wake-up off, as for a tap another worker process answered."""
    monkeypatch.setattr(session_push, "_poke", lambda visit_id, seq: None)
    visit = _live_visit(world)
    therapist, phone = _streams(server, world, visit)
    try:
        therapist.next_state()
        phone.next_state()
        began = time.monotonic()
        sessions.act(visit, "report", by="client", intensity=4)
        assert _delivered(therapist, "intensity", 4, began) < WITHIN
        assert _delivered(phone, "intensity", 4, began) < WITHIN
    finally:
        therapist.close()
        phone.close()


def test_the_end_of_the_visit_is_the_streams_last_state(server: int, world: World):
    visit = _live_visit(world)
    therapist, phone = _streams(server, world, visit)
    try:
        therapist.next_state()
        phone.next_state()
        sessions.act(visit, "therapist_release", by="therapist")
        sessions.act(visit, "skip", by="therapist")
        sessions.end_visit(visit, world.alice.user)
        began = time.monotonic()
        assert _delivered(therapist, "ended", True, began) < WITHIN
        assert _delivered(phone, "ended", True, began) < WITHIN
        with pytest.raises(AssertionError, match="the stream closed"):
            phone.next_state()
        # The ended visit's code opens nothing more.
        assert _open(server, f"/join/{visit.join_code}/stream/")[0] == 404
    finally:
        therapist.close()
        phone.close()


def test_a_stream_opens_only_for_the_visits_clinic_and_its_own_code(server: int, world: World):
    visit = _live_visit(world)
    path = f"/staff/visits/{visit.pk}/session/stream/"
    assert _open(server, path, _cookie(other_clinic_therapist().user))[0] == 404
    assert _open(server, path, _cookie(login_for(world.client_a)))[0] == 403
    status, _, response = _open(server, path)
    assert status == 302 and "/login" in response.getheader("Location", "")
    assert _open(server, "/join/WRONG1/stream/")[0] == 404
    alice = _cookie(world.alice.user)
    assert _open(server, "/staff/visits/999999/session/stream/", alice)[0] == 404
    assert session_push.watching() == 0


def test_a_client_that_goes_away_frees_its_watch(server: int, world: World):
    visit = _live_visit(world)
    therapist, phone = _streams(server, world, visit)
    therapist.next_state()
    phone.next_state()
    assert session_push.watching() == 2
    therapist.close()
    phone.close()
    deadline = time.monotonic() + 3
    while session_push.watching() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert session_push.watching() == 0


def test_a_hold_past_its_cap_is_released_on_the_streams_with_nobody_polling(
    server: int, world: World, clock: Any
):
    visit = _live_visit(world)
    therapist, phone = _streams(server, world, visit)
    try:
        hold = therapist.next_state()["hold"]
        phone.next_state()
        clock.shift(timedelta(seconds=hold["cap"] + 1))
        began = time.monotonic()
        # The hub's tick looks at the clock every 0.05 s; slack for a busy box.
        assert _delivered(therapist, "phase", "resting", began, within=3.0) < 3.0
        assert sessions.current(visit).session.holds[0].end_reason == "cap_reached"
    finally:
        therapist.close()
        phone.close()


def test_a_hold_sends_nothing_until_its_planned_time_then_says_it_is_reached(
    server: int, world: World, clock: Any
):
    """The seconds run on the screens' own clocks: a stream sends the therapist's state
    again only when the words change, at the planned time."""
    visit = _live_visit(world)
    therapist, phone = _streams(server, world, visit)
    try:
        hold = therapist.next_state()["hold"]
        phone.next_state()
        clock.shift(timedelta(seconds=hold["planned"] - 5))  # most of the hold: no news
        time.sleep(1.0)  # a state sent now would be read below before the one that counts
        clock.shift(timedelta(seconds=5))
        reached = therapist.next_state(timeout=3.0)
        assert reached["phase"] == "holding"
        assert reached["prompts"][-1]["text"].startswith("Planned time reached")
    finally:
        therapist.close()
        phone.close()


def test_without_asgi_the_stream_says_no_content_and_the_screens_poll(world: World):
    visit = _live_visit(world)
    http = HttpClient()
    assert http.get(f"/join/{visit.join_code}/stream/").status_code == 204
