"""The live session's hottest reads, each one SQL statement written out.

Every tap from a phone, every stream that wakes and every poll reads one visit with the
seq of its latest event (its version: a session whose replay is remembered up to that
seq needs no query for its events). Built through the ORM, that read spent more time
composing its correlated subquery than the database spent answering it: profiled under
the live-session load of `make bench-http`, the two reads of a phone's tap were a third
of its CPU. Written once as SQL, they cost a statement and a model instance. Both
engines (SQLite, PostgreSQL) run the same text; `FOR UPDATE` only where it exists (on
SQLite the IMMEDIATE transaction already holds the write lock).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

from triggerpoint.clinic.models import SessionEvent, Visit

_WITH_VERSION = (
    "SELECT v.*, (SELECT MAX(e.seq) FROM {events} e WHERE e.visit_id = v.id) "
    "AS latest_event_seq FROM {visits} v WHERE "
)


def _select(where: str) -> str:
    head = _WITH_VERSION.format(events=SessionEvent._meta.db_table, visits=Visit._meta.db_table)
    return head + where


_BY_CODE = _select("v.join_code = %s AND v.ended_at IS NULL")
_BY_ID = _select("v.id = %s")


def _first(sql: str, params: list[object]) -> Visit | None:
    found = list(Visit.objects.raw(sql, params))
    return found[0] if found else None


def live_visit_by_code(code: str) -> Visit | None:
    """The visit a join code opens while it is live (the code is unique among live
    visits), with `latest_event_seq`."""
    return _first(_BY_CODE, [code])


def visit_by_id(visit_id: int) -> Visit | None:
    """A visit by primary key, with `latest_event_seq` (None with no events yet)."""
    return _first(_BY_ID, [visit_id])


_LOCK = "SELECT v.* FROM {visits} v WHERE v.id = %s"


def locked_visit(visit_id: int) -> Visit | None:
    """The visit with its row locked for the rest of the transaction where the engine
    locks rows (call inside `atomic`); deliberately WITHOUT its version. On PostgreSQL a
    statement that waited for the lock still reads its subqueries as of when it began,
    so the seq it gave could be one a racing tap had just passed, and the next event
    would be stored under a seq already taken (the racing-taps test saw it). The caller
    reads the events stored since in a statement of its own, after the lock."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return _first(_LOCK.format(visits=Visit._meta.db_table) + lock, [visit_id])


def latest_seqs(visit_ids: Sequence[int]) -> dict[int, int]:
    """The seq of each visit's latest event, in one statement (a visit without events, or
    deleted, is absent): the live screens' hub asks it for every watched visit, 20 times
    a second in each worker process."""
    if not visit_ids:
        return {}
    marks = ", ".join(["%s"] * len(visit_ids))
    sql = (
        f"SELECT visit_id, MAX(seq) FROM {SessionEvent._meta.db_table} "
        f"WHERE visit_id IN ({marks}) GROUP BY visit_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(visit_ids))
        return {int(visit_id): int(seq) for visit_id, seq in cursor.fetchall()}
