"""A pool's threads give back their database connections when asked
(web/pool_connections.py), so a stopped test server leaves none open."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from triggerpoint.web.pool_connections import close_connections

pytestmark = pytest.mark.django_db(transaction=True)  # the threads see committed data only

THREADS = 3


def _open() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return threading.get_ident()


def _is_open() -> bool:
    return connection.connection is not None


def test_every_thread_of_the_pool_closes_its_connection():
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        barrier = threading.Barrier(THREADS)

        def opened() -> int:
            barrier.wait(timeout=10)  # one task per thread: all three open one
            return _open()

        assert len({f.result() for f in [pool.submit(opened) for _ in range(THREADS)]}) == 3
        close_connections(pool, THREADS)
        barrier = threading.Barrier(THREADS)

        def still_open() -> bool:
            barrier.wait(timeout=10)
            return _is_open()

        assert [f.result() for f in [pool.submit(still_open) for _ in range(THREADS)]] == [
            False
        ] * THREADS
