"""How `triggerpoint serve` faces the network: gunicorn managing uvicorn workers.

Sync workers read each request on the one thread that also runs the view, so two clients
sending a header line every few seconds held both workers for 30 s (issue 17). A uvicorn
worker reads requests on an event loop and hands Django a request only once it has
arrived whole, so a client that dawdles costs a socket, not a worker.

uvicorn bounds what a client may send (HEADER_LIMIT bytes of request line and headers)
and how long an idle keep-alive connection stays open, but not how long a request may
take to arrive; `TimedH11Protocol` adds that: a request whose headers and body are not in
after REQUEST_READ_TIMEOUT seconds (a setting, 15 by default) is dropped. A reverse proxy
in front (docs/operations.md) has its own, shorter limits; these hold when the app faces
clients itself.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
from django.conf import settings
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn_worker import UvicornWorker

log = logging.getLogger(__name__)

HEADER_LIMIT = 16 * 1024  # unfinished request line and headers held; past it a 400
MAX_CONNECTIONS = 1000  # per worker; past it uvicorn answers 503 at once


class TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request to arrive whole."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Read per connection: the worker has loaded the app (and so the settings) by now.
        self.read_timeout = float(settings.REQUEST_READ_TIMEOUT)
        self._read_deadline: asyncio.TimerHandle | None = None

    def data_received(self, data: bytes) -> None:
        # The first bytes of a request (on a new or a kept-alive connection) start its clock.
        idle = self.conn.their_state is h11.IDLE
        if self._read_deadline is None and idle and self.read_timeout > 0:
            self._read_deadline = self.loop.call_later(self.read_timeout, self._too_slow)
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE and self.conn.their_state is not h11.SEND_BODY:
            self._stop_clock()  # DONE (all of it arrived), or the connection is ending

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_clock()
        super().connection_lost(exc)

    def _stop_clock(self) -> None:
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None

    def _too_slow(self) -> None:
        self._read_deadline = None
        if self.transport.is_closing():
            return
        log.info("dropped a request that took over %.0f s to arrive", self.read_timeout)
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        self.transport.close()


class Worker(UvicornWorker):
    """gunicorn's worker class for the app (`-k triggerpoint.site.serving.Worker`); the
    command line that names it is commands/clinic.py's `gunicorn_args`."""

    CONFIG_KWARGS = {  # noqa: RUF012 - uvicorn_worker's own name for it
        "loop": "asyncio",
        "http": TimedH11Protocol,
        "lifespan": "off",  # Django answers no ASGI lifespan events
        "h11_max_incomplete_event_size": HEADER_LIMIT,
        "limit_concurrency": MAX_CONNECTIONS,
    }
