"""The app `triggerpoint serve` runs: each request to the Django handler that suits it.

The views are synchronous but two: the live session's event streams, which wait for
hours on the event loop. Django's ASGI handler serves a synchronous view by moving the
request between the event loop and threads several times (its signals, the middleware,
the view), which under the live-session load of `make bench-http` cost more CPU than
the view itself. So only requests for an async view go to the ASGI handler; every other
goes to Django's WSGI handler, run whole in one thread of a pool (a2wsgi), one hop.

The body is read on the event loop before a thread is taken, so a client that sends its
body slowly holds a socket, never a thread (TimedH11Protocol in site/serving.py drops it
after REQUEST_READ_TIMEOUT). A body over BODY_LIMIT bytes is refused with 413.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from functools import lru_cache
from typing import Any

from a2wsgi import WSGIMiddleware
from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.core.wsgi import get_wsgi_application
from django.urls import Resolver404, resolve

from triggerpoint.web import session_push
from triggerpoint.web.pool_connections import close_connections

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]

BODY_LIMIT = 10 * 1024 * 1024  # the largest request the app takes: no view takes files


@lru_cache(maxsize=4096)
def is_async_view(path: str) -> bool:
    """Whether the path's view is a coroutine (an event stream), by the URL conf."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return iscoroutinefunction(match.func)


async def _whole_body(receive: Receive) -> bytes | None:
    """The request's body as it arrives, or None when the client went away first."""
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        part = message.get("body", b"")
        size += len(part)
        if size > BODY_LIMIT:
            raise _TooLargeError
        parts.append(part)
        if not message.get("more_body", False):
            return b"".join(parts)


class _TooLargeError(Exception):
    pass


async def _too_large(send: Send) -> None:
    body = b"This request is too large.\n"
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class Dispatch:
    """ASGI app: async views to Django's ASGI handler, the rest to its WSGI handler."""

    def __init__(self, threads: int) -> None:
        self.asgi = get_asgi_application()
        self.threads = threads
        self.wsgi = WSGIMiddleware(get_wsgi_application(), workers=threads)  # type: ignore[arg-type]

    def close_connections(self) -> None:
        """Close the database connections of the view threads and the live screens' pool
        (a server stopping while its process goes on, as the tests' servers do)."""
        close_connections(self.wsgi.executor, self.threads)
        session_push.close_pool_connections()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_async_view(scope["path"]):
            await self.asgi(scope, receive, send)
            return
        try:
            body = await _whole_body(receive)
        except _TooLargeError:
            await _too_large(send)
            return
        if body is None:
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:  # read past the end: wait for the client to leave
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.wsgi(scope, replay, send)  # type: ignore[arg-type]


def application_for(threads: int | None = None) -> Dispatch:
    return Dispatch(max(1, threads or int(settings.SERVE_THREADS)))
