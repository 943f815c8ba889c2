"""Sessions as this process last replayed them, so a read applies only what is new.

The event rows are append-only, so a session replayed up to seq n stays right for as
long as the visit exists; each read then applies just the events stored since, instead
of replaying the whole log on every poll, tap and stream wake-up. Keyed by creation time
too, so a reused primary key never meets an old entry. Only committed rows are
remembered: a rolled-back event must not outlive its row.

`catch_up` brings many visits up to date in one query: the live screens' hub
(web/session_push.py) calls it for the visits another process changed, so their streams
then find the new session here instead of each reading the database.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import datetime
from functools import reduce
from operator import or_
from typing import Any

from django.db import transaction
from django.db.models import Q

from triggerpoint.clinic.models import SessionEvent, Visit
from triggerpoint.protocol import Session, apply, event_from_dict

log = logging.getLogger(__name__)

Key = tuple[int, datetime]

_MEMO: OrderedDict[Key, tuple[int, Session]] = OrderedDict()
_MEMO_SIZE = 256
_MEMO_LOCK = threading.Lock()


class ReplayError(Exception):
    """A stored event the protocol refuses to replay; `str(error)` says which."""


def key(visit: Visit) -> Key:
    return (visit.pk, visit.created_at)


def known(visit: Visit) -> tuple[int, Session]:
    """The seq and session remembered for the visit; (0, a new session) when none."""
    with _MEMO_LOCK:
        return _MEMO.get(key(visit), (0, Session()))


def exactly(visit: Visit, seq: int | None) -> Session | None:
    """The remembered session if it is replayed up to exactly `seq` (no query)."""
    if seq is None:
        return None
    found = known(visit)
    return found[1] if found[0] == seq and seq > 0 else None


def _replay(visit_id: int, session: Session, rows: list[tuple[int, dict[str, Any]]]) -> Session:
    for row_seq, data in rows:
        try:
            session = apply(session, event_from_dict(data))
        except ValueError as error:
            message = f"event {row_seq} of visit {visit_id} does not replay: {error}"
            raise ReplayError(message) from None
    return session


def load(visit: Visit) -> tuple[int, Session]:
    """The visit's session with its stored events applied: up to the visit's
    `latest_event_seq` when it was read with that annotation (no query when that is what
    is remembered), else every event stored (one query)."""
    seq, session = known(visit)
    latest = getattr(visit, "latest_event_seq", -1)
    if latest is None:
        latest = 0  # read with its version: no event stored yet
    if latest == seq:
        return seq, session
    events = SessionEvent.objects.filter(visit=visit)
    if latest >= 0:
        # The session must be of the visit row's own moment, even when events were stored
        # after the row was read (a stream's read racing a tap): else a finished session
        # could come with a visit still live, and its screen would never learn it ended.
        events = events.filter(seq__lte=latest)
        if latest < seq:  # remembered past the row: replay from the start up to it
            seq, session = 0, Session()
    rows = list(events.filter(seq__gt=seq).order_by("seq").values_list("seq", "data"))
    if not rows:
        return seq, session
    return rows[-1][0], _replay(visit.pk, session, rows)


def remember_after_commit(visit: Visit, seq: int, session: Session) -> None:
    memo_key = key(visit)

    def remember() -> None:
        _remember(memo_key, seq, session)

    transaction.on_commit(remember)


def _remember(memo_key: Key, seq: int, session: Session) -> None:
    with _MEMO_LOCK:
        found = _MEMO.get(memo_key)
        if found is None or found[0] < seq:
            _MEMO[memo_key] = (seq, session)
            _MEMO.move_to_end(memo_key)
        while len(_MEMO) > _MEMO_SIZE:
            _MEMO.popitem(last=False)


def catch_up(visits: Sequence[Visit]) -> None:
    """Apply the events stored since each visit's remembered seq, for all of them in one
    query, and remember the results. A visit whose events do not replay is left as it
    was: its next read says why."""
    if not visits:
        return
    since = {visit.pk: (visit, *known(visit)) for visit in visits}
    where = reduce(or_, (Q(visit_id=pk, seq__gt=seq) for pk, (_, seq, _) in since.items()))
    rows: dict[int, list[tuple[int, dict[str, Any]]]] = {}
    found = SessionEvent.objects.filter(where).order_by("visit_id", "seq")
    for visit_id, seq, data in found.values_list("visit_id", "seq", "data"):
        rows.setdefault(visit_id, []).append((seq, data))
    for visit_id, new in rows.items():
        visit, _, session = since[visit_id]
        try:
            _remember(key(visit), new[-1][0], _replay(visit_id, session, new))
        except ReplayError as error:
            log.warning("live session not brought up to date: %s", error)
