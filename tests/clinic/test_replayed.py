"""The per-process replay memory (clinic/treatment/replayed.py): `catch_up` brings many
visits up to date in one query, exactly as a full replay of their stored rows would."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.clinic.test_sessions import at, holding, started, stored_replay
from tests.conftest import World
from triggerpoint.clinic.models import SessionEvent
from triggerpoint.clinic.treatment import replayed
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
