"""The live session's state pushed as it changes: server-sent events for the therapist's
screen and the client's phone (the same JSON as their poll endpoints).

Authorised once, at connect, through the one access policy (web/session_access.py): a
therapist opens only their clinic's visits, a phone only the live visit of its own join
code. Then the stream sends the state at once, again whenever the visit's version moves
(web/session_push.py wakes it) and when the clock alone changes what the screen shows
(a hold's planned time or cap, a rest's or stretch's end: protocol.reading.next_change;
the screens count the seconds down themselves), and a comment every HEARTBEAT_SECONDS
so proxies keep an idle stream open. Between those it sleeps. A client that goes away
cancels the stream, which frees its watch. Only under ASGI (`triggerpoint serve`, where
site/dispatch.py sends these two async views to Django's ASGI handler): a WSGI server
would buffer an endless response, so there the stream answers 204 and the screens poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    StreamingHttpResponse,
)
from django.utils import timezone

from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.treatment import sessions, visit_reads
from triggerpoint.clinic.treatment.sessions import Live
from triggerpoint.protocol.reading import cap_passed, next_change
from triggerpoint.web import session_push
from triggerpoint.web.session_access import TooManyMissesError, joined_visit, therapist_visit
from triggerpoint.web.session_state import client_state, stable, therapist_state

HEARTBEAT_SECONDS = 15.0
RETRY_MS = 2000  # how long EventSource waits before it reconnects

Builder = Callable[[Live], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Snapshot:
    live: Live
    state: dict[str, Any]
    shown: dict[str, Any] = field(init=False)  # the state without its clock readings

    def __post_init__(self) -> None:
        object.__setattr__(self, "shown", stable(self.state))


def _snapshot(visit_id: int, build: Builder) -> Snapshot | None:
    """The visit's state now, read afresh (None when the visit is gone)."""
    found = visit_reads.visit_by_id(visit_id)
    if found is None:
        return None
    live = sessions.settle(found)
    return Snapshot(live, build(live))


def _message(state: dict[str, Any], seq: int) -> bytes:
    return f"id: {seq}\ndata: {json.dumps(state, separators=(',', ':'))}\n\n".encode()


async def _events(visit_id: int, first: Snapshot, build: Builder) -> AsyncIterator[bytes]:
    # The middleware ran in this request's own thread and may have opened a database
    # connection there: close it, so an idle stream holds none (the work below uses a pool).
    await sync_to_async(connections.close_all)()
    hub = session_push.hub()
    watch = hub.watch(first.live.visit, first.live.seq)
    try:
        yield f"retry: {RETRY_MS}\n\n".encode() + _message(first.state, first.live.seq)
        last, sent_at = first, time.monotonic()
        while not last.state["ended"]:
            # Asleep until an event is stored, the clock changes the screen (a planned
            # time, a cap, a rest's end: the hub's tick wakes it then) or a heartbeat is
            # due. No timer of its own ticks in between.
            due = watch.due = next_change(last.live.session, timezone.now())
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(HEARTBEAT_SECONDS):  # no task, unlike wait_for
                    await watch.changed.wait()
            # What moved is read off the hub's version, not off how the wait ended, so a
            # change landing between a timeout and this clear() is never lost.
            watch.changed.clear()  # before reading, so a change during the read wakes again
            clock = timezone.now()
            capped = cap_passed(last.live.session, clock) is not None
            version = hub.version(visit_id)
            if version != last.live.seq or capped:
                # Moved by an event: remembered in this process when it stored the event or
                # the hub replayed it, so no read. Otherwise (a hold's cap to store, the
                # visit finished or gone) read it afresh.
                known = None if capped else sessions.remembered(last.live.visit, version)
                if known is not None and known.session.phase != "done":
                    now = Snapshot(known, build(known))
                else:
                    found = await session_push.in_pool(lambda: _snapshot(visit_id, build))
                    if found is None:
                        yield b"event: gone\ndata: {}\n\n"
                        return
                    now = found
            elif due is not None and clock >= due:  # the clock changed the screen
                now = Snapshot(last.live, build(last.live))
            else:
                now = last
            if now.shown != last.shown or now.live.seq != last.live.seq:
                yield _message(now.state, now.live.seq)
                sent_at = time.monotonic()
            elif time.monotonic() - sent_at >= HEARTBEAT_SECONDS:
                yield b": keep-alive\n\n"
                sent_at = time.monotonic()
            last = now
    finally:
        hub.leave(watch)


def _stream(visit_id: int, first: Snapshot, build: Builder) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _events(visit_id, first, build), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-store, private"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on as it comes
    return response


async def _open(
    request: HttpRequest, authorise: Callable[[], Snapshot | HttpResponseBase]
) -> Snapshot | HttpResponseBase:
    """Authorise, then: the first state under ASGI; under WSGI (which would buffer an
    endless answer) 204, which tells EventSource not to reconnect, so the screen polls.
    The refusals are the same under both."""
    if isinstance(request, ASGIRequest):
        return await session_push.in_pool(authorise)
    opened = await sync_to_async(authorise)()  # the request's own thread and connection
    return opened if isinstance(opened, HttpResponseBase) else HttpResponse(status=204)


def _therapist_open(request: HttpRequest, visit_id: int) -> Snapshot | HttpResponseBase:
    role = policy.request_role(request)
    if role == "anonymous":
        return redirect_to_login(request.get_full_path())
    if role not in policy.STAFF_ROLES:
        raise PermissionDenied("Your account cannot open this page.")
    visit = therapist_visit(request, visit_id)
    live = sessions.settle(visit)
    return Snapshot(live, therapist_state(live))


async def therapist_stream(request: HttpRequest, visit_id: int) -> HttpResponseBase:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    opened = await _open(request, lambda: _therapist_open(request, visit_id))
    if isinstance(opened, HttpResponseBase):
        return opened
    return _stream(opened.live.visit.pk, opened, therapist_state)


def _phone_open(request: HttpRequest, code: str) -> Snapshot | HttpResponseBase:
    try:
        visit = joined_visit(request, code)
    except TooManyMissesError:
        return JsonResponse({"error": "too many wrong codes"}, status=429)
    except Http404:
        return JsonResponse({"ended": True, "error": "This session has ended."}, status=404)
    live = sessions.settle(visit)
    return Snapshot(live, client_state(live))


async def phone_stream(request: HttpRequest, code: str) -> HttpResponseBase:
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    opened = await _open(request, lambda: _phone_open(request, code))
    if isinstance(opened, HttpResponseBase):
        return opened
    return _stream(opened.live.visit.pk, opened, client_state)
