"""Which live sessions changed, for the event streams of this worker process.

A session changes only by storing an event, so the seq of a visit's latest event is its
version. One asyncio task per worker process (per event loop) asks the database for the
versions of every visit some stream here watches, in ONE query per tick (TICK_SECONDS),
and wakes only the streams whose visit's version moved, after replaying those visits'
new events here in one more query (clinic/treatment/replayed.py), so that each stream
finds its session in memory. That is how a tap answered by another worker process
reaches this one's streams, whatever the database (SQLite or PostgreSQL), with no
broker to run. A tap answered by this process wakes its streams at
once, without waiting for the tick: the stored event's commit pokes every hub here.

The same tick wakes the streams whose screen the clock alone changes by now (each stream
says when: protocol.reading.next_change), so no stream runs a timer of its own. Streams
wait on an asyncio.Event each, so a thousand idle streams cost no CPU; the tick stops
when the last stream leaves and starts again with the next.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from django.db import close_old_connections, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from triggerpoint.clinic.models import SessionEvent, Visit
from triggerpoint.clinic.treatment import replayed, sessions
from triggerpoint.web.pool_connections import close_connections

log = logging.getLogger(__name__)

TICK_SECONDS = 0.05  # cross-process delivery within this (plus a query); 20 queries/s idle
T = TypeVar("T")


# The live screens' database work runs here, not in a thread of each stream's own: a
# stream that waits for hours holds no thread and no connection. A plain executor, not
# asgiref's sync_to_async: the work needs no context carried over, and under the
# live-session load of `make bench-http` sync_to_async's own bookkeeping cost more CPU
# than the reads it ran.
POOL_THREADS = 4
_POOL = ThreadPoolExecutor(max_workers=POOL_THREADS, thread_name_prefix="live-db")


def close_pool_connections() -> None:
    """Close the connections the pool's threads keep (a server stopping in a process that
    goes on: web/pool_connections.py)."""
    close_connections(_POOL, POOL_THREADS)


async def in_pool(work: Callable[[], T]) -> T:
    """Run database work (Django's ORM) in the live screens' small thread pool."""

    def run() -> T:
        close_old_connections()  # a pool thread's kept connection may have gone stale
        return work()

    return await asyncio.get_running_loop().run_in_executor(_POOL, run)


class Watch:
    """One stream's interest in one visit: `changed` is set when its version moves."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit
        self.changed = asyncio.Event()
        self.due: datetime | None = None  # when the clock alone changes the screen

    @property
    def visit_id(self) -> int:
        return int(self.visit.pk)


class Hub:
    """The watches of one event loop and the versions last seen of their visits."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.watches: dict[int, set[Watch]] = {}
        self.versions: dict[int, int | None] = {}
        self.task: asyncio.Task[None] | None = None
        self.ticks = 0  # queries asked, for the tests

    def watch(self, visit: Visit, seq: int) -> Watch:
        """Watch a visit whose state the stream has sent at `seq`."""
        watch = Watch(visit)
        visit_id = watch.visit_id
        self.watches.setdefault(visit_id, set()).add(watch)
        known = self.versions.setdefault(visit_id, seq)
        if known != seq:  # another stream saw a newer (or older) version: look again
            watch.changed.set()
        if self.task is None or self.task.done():
            self.task = self.loop.create_task(self._run())
        return watch

    def leave(self, watch: Watch) -> None:
        group = self.watches.get(watch.visit_id)
        if group is None:
            return
        group.discard(watch)
        if not group:
            del self.watches[watch.visit_id]
            self.versions.pop(watch.visit_id, None)

    def moved(self, visit_id: int, seq: int | None) -> None:
        """The visit's version is now `seq` (None: the visit is gone); wake its streams."""
        group = self.watches.get(visit_id)
        if not group or self.versions.get(visit_id) == seq:
            return
        self.versions[visit_id] = seq
        for watch in group:
            watch.changed.set()

    async def _run(self) -> None:
        while self.watches:
            await asyncio.sleep(TICK_SECONDS)
            visit_ids = list(self.watches)
            if not visit_ids:
                break
            try:
                latest = await in_pool(partial(sessions.latest_seqs, visit_ids))
            except Exception as error:  # the database is away: try again next tick
                log.warning("live session versions unreadable: %s", type(error).__name__)
                continue
            self.ticks += 1
            await self._catch_up(visit_ids, latest)
            for visit_id in visit_ids:
                self.moved(visit_id, latest.get(visit_id))
            self._clock(timezone.now())

    def _clock(self, now: datetime) -> None:
        """Wake the streams whose screen the clock has changed by now (one comparison a
        stream a tick, instead of a timer per stream). By the wall clock, so a clock
        stepped forward is seen at the next tick."""
        for group in self.watches.values():
            for watch in group:
                if watch.due is not None and watch.due <= now:
                    watch.changed.set()  # until the stream has looked and set its next due

    async def _catch_up(self, visit_ids: list[int], latest: dict[int, int]) -> None:
        """Before waking the streams of visits another process changed, replay their new
        events here in one query, so each stream finds its session remembered instead of
        reading the database itself."""
        behind = [
            next(iter(self.watches[v])).visit
            for v in visit_ids
            if v in self.watches and latest.get(v) not in (None, self.versions.get(v))
        ]
        if not behind:
            return
        try:
            await in_pool(partial(replayed.catch_up, behind))
        except Exception as error:  # the streams read for themselves
            log.warning("live sessions not brought up to date: %s", type(error).__name__)

    def version(self, visit_id: int) -> int | None:
        """The latest seq seen of a watched visit (None: unknown, or the visit is gone)."""
        return self.versions.get(visit_id)

    def watching(self) -> int:
        return sum(len(group) for group in self.watches.values())


_HUBS: dict[asyncio.AbstractEventLoop, Hub] = {}
_HUBS_LOCK = threading.Lock()


def hub() -> Hub:
    """The hub of the running event loop (one per worker process; tests run several)."""
    loop = asyncio.get_running_loop()
    with _HUBS_LOCK:
        for old in [other for other in _HUBS if other.is_closed()]:
            del _HUBS[old]
        found = _HUBS.get(loop)
        if found is None:
            found = _HUBS[loop] = Hub(loop)
        return found


def watching() -> int:
    """Streams open in this process, over every hub."""
    with _HUBS_LOCK:
        hubs = list(_HUBS.values())
    return sum(h.watching() for h in hubs)


def _poke(visit_id: int, seq: int) -> None:
    with _HUBS_LOCK:
        hubs = list(_HUBS.values())
    for found in hubs:
        try:
            found.loop.call_soon_threadsafe(found.moved, visit_id, seq)
        except RuntimeError:  # that loop has closed; hub() drops it
            continue


@receiver(post_save, sender=SessionEvent, dispatch_uid="triggerpoint.web.session_push")
def _stored(sender: Any, instance: SessionEvent, created: bool, **kwargs: Any) -> None:
    # After the commit only: a stream woken earlier would read the session without it.
    if created:
        visit_id, seq = instance.visit_id, instance.seq
        transaction.on_commit(lambda: _poke(visit_id, seq))
