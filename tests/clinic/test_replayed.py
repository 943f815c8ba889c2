"""The per-process replay memory (clinic/treatment/replayed.py): `catch_up` brings many
visits up to date in one query, exactly as a full replay of their stored rows would, and
a visit read with its version gets the session of that version, whatever was stored or
remembered since."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.clinic.test_sessions import POINT, at, holding, started, stored_replay
from tests.conftest import World
from triggerpoint.clinic.models import SessionEvent
from triggerpoint.clinic.treatment import replayed, sessions, visit_reads
from triggerpoint.clinic.treatment.sessions import act
from triggerpoint.protocol import session_to_dict

pytestmark = pytest.mark.django_db(transaction=True)  # remembered only once committed


def _stored_elsewhere(visit, seq: int, seconds: float) -> None:
    """A row another app server wrote: this process has not replayed it."""
    when = at(seconds)
    SessionEvent.objects.create(
        visit=visit, seq=seq, kind="stop", at=when, data={"kind": "stop", "at": when.isoformat()}
    )


def test_catch_up_replays_what_other_processes_stored_in_one_query(world: World):
    first, second, untouched = started(world), started(world), started(world)
    for visit in (first, second, untouched):
        holding(visit)  # seq 3, remembered here
    _stored_elsewhere(first, 4, 20)
    _stored_elsewhere(second, 4, 25)
    with CaptureQueriesContext(connection) as queries:
        replayed.catch_up([first, second, untouched])
    assert len(queries) == 1
    for visit in (first, second):
        session = replayed.exactly(visit, 4)
        assert session is not None and session.phase == "resting"
        assert session_to_dict(session) == session_to_dict(stored_replay(visit))
    assert replayed.exactly(untouched, 3) is not None  # nothing new: as it was


def test_catch_up_leaves_a_visit_whose_rows_do_not_replay(world: World):
    visit = started(world)
    holding(visit)
    when = at(20)
    SessionEvent.objects.create(  # a press while pressure is on: the protocol refuses it
        visit=visit, seq=4, kind="press", at=when, data={"kind": "press", "at": when.isoformat()}
    )
    replayed.catch_up([visit])
    assert replayed.exactly(visit, 4) is None
    assert replayed.exactly(visit, 3) is not None


def test_a_visit_read_before_later_events_gets_the_session_of_its_own_moment(world: World):
    """A stream reads the visit row, then a tap here stores (and remembers) the finish
    before the stream looks at the memory: the session it gets must still be the row's,
    never a finished session with a visit that looks live (its screen would then wait
    for an end it had already been shown the half of)."""
    visit = started(world, plan=(POINT,))
    holding(visit)
    act(visit, "therapist_release", by="therapist", now=at(40))
    act(visit, "skip", by="therapist", now=at(45))  # seq 5
    row = visit_reads.visit_by_id(visit.pk)
    assert row is not None and row.latest_event_seq == 5  # type: ignore[attr-defined]
    sessions.end_visit(visit, world.alice.user, now=at(50))  # seq 6, remembered here
    live = sessions.current(row)
    assert (live.seq, live.session.phase, live.visit.is_live) == (5, "ready", True)
    fresh = visit_reads.visit_by_id(visit.pk)
    assert fresh is not None
    ended = sessions.current(fresh)
    assert (ended.seq, ended.session.phase, ended.visit.is_live) == (6, "done", False)
    assert replayed.exactly(visit, 6) is not None  # the older read forgot nothing


def test_events_stored_elsewhere_after_the_row_was_read_wait_for_the_next_read(world: World):
    visit = started(world)
    holding(visit)  # seq 3
    row = visit_reads.visit_by_id(visit.pk)
    assert row is not None
    replayed._MEMO.clear()  # as in a process that has not replayed this visit yet
    _stored_elsewhere(visit, 4, 20)
    assert replayed.load(row)[0] == 3
    fresh = visit_reads.visit_by_id(visit.pk)
    assert fresh is not None and replayed.load(fresh)[0] == 4


def test_a_visit_the_caller_acted_on_is_of_the_new_moment(world: World):
    visit = visit_reads.visit_by_id(started(world).pk)
    assert visit is not None and visit.latest_event_seq == 1  # type: ignore[attr-defined]
    holding(visit)  # its version 1 no longer holds: the next read replays what is new
    assert sessions.current(visit).seq == 3
    assert not hasattr(visit, "latest_event_seq")
