"""The live session's SQL reads (clinic/treatment/visit_reads.py), on either engine: the
visit, its latest event's seq as the ORM's subquery gives it, and nothing of another."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from tests.clinic.test_sessions import at, started
from tests.conftest import World
from triggerpoint.clinic.models import SessionEvent, Visit
from triggerpoint.clinic.treatment import sessions, visit_reads
from triggerpoint.clinic.treatment.sessions import act

pytestmark = pytest.mark.django_db


def _orm_version(visit: Visit) -> int | None:
    found = sessions.with_latest_seq(Visit.objects.filter(pk=visit.pk)).get()
    return found.latest_event_seq  # type: ignore[attr-defined]


def test_a_code_opens_its_live_visit_with_its_version(world: World):
    visit = started(world)
    other = started(world)
    act(visit, "locate", by="therapist", now=at(5))
    found = visit_reads.live_visit_by_code(visit.join_code)
    assert found is not None and found.pk == visit.pk
    assert found.latest_event_seq == _orm_version(visit) == 2  # type: ignore[attr-defined]
    assert found.appointment_id == visit.appointment_id and found.join_code == visit.join_code
    assert visit_reads.live_visit_by_code(other.join_code).pk == other.pk  # type: ignore[union-attr]
    assert visit_reads.live_visit_by_code("NOSUCH") is None


def test_an_ended_visits_code_opens_nothing_but_its_id_still_reads(world: World):
    visit = started(world)
    act(visit, "finish", by="therapist", now=at(5))
    assert visit_reads.live_visit_by_code(visit.join_code) is None
    found = visit_reads.visit_by_id(visit.pk)
    assert found is not None and found.ended_at is not None
    assert found.latest_event_seq == _orm_version(visit)  # type: ignore[attr-defined]


def test_a_visit_without_events_has_no_version_and_a_missing_one_is_none(world: World):
    visit = started(world)
    SessionEvent.objects.filter(visit=visit).delete()
    found = visit_reads.visit_by_id(visit.pk)
    assert found is not None and found.latest_event_seq is None  # type: ignore[attr-defined]
    assert visit_reads.visit_by_id(visit.pk + 1000) is None


def test_the_locked_read_gives_the_visit_but_not_its_version(world: World):
    visit = started(world)
    act(visit, "locate", by="therapist", now=at(5))
    with transaction.atomic():
        locked = visit_reads.locked_visit(visit.pk)
    assert locked is not None and locked.pk == visit.pk and locked.join_code == visit.join_code
    # No version: read before the lock was won it could be stale (see visit_reads).
    assert not hasattr(locked, "latest_event_seq")


def test_a_remembered_session_is_given_only_at_its_exact_seq(
    world: World, django_capture_on_commit_callbacks: Any
):
    visit = started(world)
    with django_capture_on_commit_callbacks(execute=True):  # as the commit would
        live = act(visit, "locate", by="therapist", now=at(5))
    known = sessions.remembered(visit, live.seq)
    assert known is not None and known.session == live.session and known.seq == live.seq
    assert sessions.remembered(visit, None) is None
    assert sessions.remembered(visit, live.seq + 1) is None  # stored since, elsewhere
    assert sessions.remembered(visit, live.seq - 1) is None


def test_latest_seqs_gives_each_visits_version_and_leaves_out_those_without(world: World):
    moved, still = started(world), started(world)
    act(moved, "locate", by="therapist", now=at(5))
    empty = started(world)
    SessionEvent.objects.filter(visit=empty).delete()
    found = visit_reads.latest_seqs([moved.pk, still.pk, empty.pk, moved.pk + 1000])
    assert found == {moved.pk: 2, still.pk: 1}
    assert visit_reads.latest_seqs([]) == {}
