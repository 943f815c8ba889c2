"""Closing the database connections that a thread pool's threads keep.

Django keeps one connection per thread (`CONN_MAX_AGE`), and a pool's threads live for as
long as the pool. A server that stops while its process goes on (the tests' servers in a
thread) must close them, or PostgreSQL cannot drop the database after the tests: "being
accessed by other users". Used by site/dispatch.py's view threads and web/session_push.py's
live-screen pool.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from django.db import connections


def close_connections(pool: ThreadPoolExecutor, threads: int) -> None:
    """Close every connection the pool's `threads` threads hold. One task per thread: each
    waits at a barrier until all have started, so no thread runs two and none is missed."""
    barrier = threading.Barrier(threads)

    def close() -> None:
        barrier.wait(timeout=10)
        connections.close_all()

    for done in [pool.submit(close) for _ in range(threads)]:
        done.result(timeout=20)
