"""The guided session of a visit as the clinic stores it: one row per event, replayable."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import World
from tests.web.roles import appointment, drawing
from triggerpoint.bodymap.regions import expand
from triggerpoint.clinic.models import (
    Appointment,
    AuditEvent,
    DrawingSource,
    Finding,
    SessionEvent,
    Status,
    Visit,
)
from triggerpoint.clinic.models.visits import JOIN_ALPHABET
from triggerpoint.clinic.treatment import findings, replayed, sessions
from triggerpoint.clinic.treatment.findings import FindingInput
from triggerpoint.clinic.treatment.sessions import SessionError, act
from triggerpoint.finder.find import find
from triggerpoint.protocol import event_from_dict, reading, replay, session_to_dict

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
POINT = "upper-trapezius-1-r"
OTHER = "levator-scapulae-upper-r"
_days = itertools.count(1)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def booked(world: World, status: str = Status.BOOKED) -> Appointment:
    start = T0 + timedelta(days=next(_days))
    return appointment(world.client_a, world.alice, world.session60, start, status=status)


def started(world: World, plan: tuple[str, ...] = (POINT, OTHER)) -> Visit:
    return sessions.start_visit(booked(world), world.alice.user, planned=plan, now=T0)


def kinds(visit: Visit) -> list[str]:
    return list(SessionEvent.objects.filter(visit=visit).values_list("kind", flat=True))


def holding(visit: Visit, *, pressed_at: float = 10) -> None:
    act(visit, "locate", by="therapist", now=at(pressed_at - 5))
    act(visit, "press", by="therapist", now=at(pressed_at))


def stored_replay(visit: Visit):
    rows = SessionEvent.objects.filter(visit=visit).order_by("seq")
    return replay(event_from_dict(row.data) for row in rows)


# Starting


def test_starting_a_visit_stores_the_plan_a_start_event_and_an_audit_entry(world: World):
    visit = started(world)
    assert visit.planned_points == [POINT, OTHER]
    assert visit.started_at == T0 and visit.is_live
    assert kinds(visit) == ["start"]
    assert sessions.current(visit).session.plan == (POINT, OTHER)
    assert len(visit.join_code) == 6 and set(visit.join_code) <= set(JOIN_ALPHABET)
    audit = AuditEvent.objects.get(action="visit.session_started")
    assert (audit.actor_id, audit.record_id) == (world.alice.user.pk, visit.pk)


def test_without_a_chosen_plan_the_finder_suggests_from_this_visits_intake_drawing(world: World):
    visit_slot = booked(world)
    mine = drawing(world.client_a, temple_r=7)
    mine.appointment = visit_slot
    mine.save()
    # A newer drawing of another place, and a diary entry, do not beat the visit's own.
    drawing(world.client_a, lateral_thigh_l=8)
    diary = drawing(world.client_a, heel_r=9)
    diary.source = DrawingSource.DIARY
    diary.save()
    visit = sessions.start_visit(visit_slot, world.alice.user, now=T0)
    expected = [c.trigger_point for c in find({"temple-r": 7}, {"temple-r": "aching"}).candidates]
    assert visit.planned_points == expected[: sessions.SUGGESTED_POINTS]
    assert visit.planned_points


def test_a_client_without_a_drawing_starts_with_an_empty_plan(world: World):
    visit = sessions.start_visit(booked(world), world.alice.user, now=T0)
    assert visit.planned_points == []
    assert sessions.current(visit).session.phase == "ready"


def test_starting_twice_opens_one_visit_with_one_start_event(world: World):
    slot = booked(world)
    first = sessions.start_visit(slot, world.alice.user, planned=[POINT], now=T0)
    again = sessions.start_visit(slot, world.alice.user, planned=[OTHER], now=at(5))
    assert again.pk == first.pk
    assert kinds(first) == ["start"]


def test_a_cancelled_appointment_or_an_unknown_trigger_point_cannot_start(world: World):
    with pytest.raises(SessionError, match="cancelled"):
        sessions.start_visit(booked(world, Status.CANCELLED), None, planned=[POINT])
    with pytest.raises(SessionError, match="unknown trigger point 'upper-trapezius-r'"):
        sessions.start_visit(booked(world), None, planned=["upper-trapezius-r"])
    assert not Visit.objects.exists()


def test_a_plan_names_each_trigger_point_once_in_the_order_chosen(world: World):
    visit = started(world, plan=(OTHER, POINT, OTHER))
    assert visit.planned_points == [OTHER, POINT]


# Events


def test_each_event_is_stored_in_order_and_the_rows_replay_to_the_same_session(world: World):
    visit = started(world)
    holding(visit)
    act(visit, "report", by="client", intensity=6, now=at(15))
    live = act(visit, "report", by="client", intensity=3, now=at(40))
    assert live.session.phase == "resting"
    assert live.session.last_hold is not None
    assert live.session.last_hold.end_reason == "intensity_halved"
    rows = list(SessionEvent.objects.filter(visit=visit).order_by("seq"))
    assert [(r.seq, r.kind) for r in rows] == [
        (1, "start"),
        (2, "locate"),
        (3, "press"),
        (4, "report"),
        (5, "report"),
    ]
    assert rows[3].data["by"] == "client" and rows[3].at == at(15)
    reloaded = Visit.objects.get(pk=visit.pk)
    assert session_to_dict(sessions.current(reloaded).session) == session_to_dict(live.session)
    assert session_to_dict(stored_replay(visit)) == session_to_dict(live.session)


def test_locate_without_a_point_takes_the_next_planned_one(world: World):
    visit = started(world)
    live = act(visit, "locate", by="therapist", now=at(5))
    assert live.session.current == POINT
    assert live.session.plan == (OTHER,)


def test_an_event_the_phase_does_not_allow_is_refused_and_stores_nothing(world: World):
    visit = started(world)
    with pytest.raises(SessionError, match="cannot press while ready"):
        act(visit, "press", by="therapist", now=at(5))
    with pytest.raises(SessionError, match="intensity must be a whole number 0-10"):
        holding(visit)
        act(visit, "report", by="client", intensity=11, now=at(12))
    assert kinds(visit) == ["start", "locate", "press"]


def test_each_side_may_send_only_its_own_events(world: World):
    visit = started(world)
    with pytest.raises(SessionError, match="the client cannot send 'locate'"):
        act(visit, "locate", by="client", now=at(5))
    with pytest.raises(SessionError, match="the therapist cannot send 'stop'"):
        act(visit, "stop", by="therapist", now=at(5))
    with pytest.raises(SessionError, match="cannot send 'start'"):
        act(visit, "start", by="therapist", now=at(5))
    assert kinds(visit) == ["start"]


def test_locating_an_unknown_trigger_point_is_refused(world: World):
    visit = started(world)
    with pytest.raises(SessionError, match="unknown trigger point"):
        act(visit, "locate", by="therapist", trigger_point="nowhere-r", now=at(5))
    assert kinds(visit) == ["start"]


def test_the_clients_stop_releases_at_once_and_later_stops_are_kept_but_change_nothing(
    world: World,
):
    visit = started(world)
    holding(visit)
    live = act(visit, "stop", by="client", now=at(20))
    assert live.session.phase == "resting"
    assert live.session.holds[-1].end_reason == "client_stop"
    assert live.session.holds[-1].ended_at == at(20)
    again = act(visit, "stop", by="client", now=at(21))
    assert again.session.phase == "resting" and again.session.holds == live.session.holds
    assert kinds(visit)[-2:] == ["stop", "stop"]


def test_an_event_is_never_stamped_before_the_last_one_even_if_the_clock_steps_back(
    world: World,
):
    visit = started(world)
    holding(visit, pressed_at=30)
    live = act(visit, "stop", by="client", now=at(20))
    assert live.session.holds[-1].ended_at == at(30)
    assert SessionEvent.objects.get(visit=visit, kind="stop").at == at(30)


def test_a_hold_past_its_cap_is_released_and_stored_at_the_cap_when_anyone_looks(world: World):
    visit = started(world)
    holding(visit, pressed_at=10)
    assert sessions.settle(visit, at(60)).session.phase == "holding"
    live = sessions.settle(visit, at(200))
    hold = live.session.holds[-1]
    assert (hold.end_reason, hold.ended_at) == ("cap_reached", at(100))
    assert kinds(visit)[-1] == "tick"
    assert sessions.settle(visit, at(300)).seq == live.seq


def test_an_event_after_the_cap_first_stores_the_release_at_the_cap(world: World):
    visit = started(world)
    holding(visit, pressed_at=10)
    live = act(visit, "rest_done", by="therapist", now=at(150))
    assert live.session.holds[-1].ended_at == at(100)
    assert kinds(visit)[-2:] == ["tick", "rest_done"]


def test_allowed_actions_follow_the_phase(world: World):
    visit = started(world)
    assert reading.allowed_actions(sessions.current(visit).session, at(1)) == (
        "locate",
        "skip",
        "finish",
    )
    holding(visit)
    assert reading.allowed_actions(sessions.current(visit).session, at(11)) == (
        "report",
        "therapist_release",
    )


# Ending


def test_finishing_ends_the_visit_closes_the_code_and_refuses_further_events(world: World):
    visit = started(world, plan=(POINT,))
    act(visit, "skip", by="therapist", now=at(5))
    sessions.end_visit(visit, world.alice.user, now=at(6))
    visit.refresh_from_db()
    assert visit.ended_at == at(6) and not visit.is_live
    assert sessions.visit_for_code(visit.join_code) is None
    assert AuditEvent.objects.filter(action="visit.session_ended", record_id=visit.pk).exists()
    with pytest.raises(SessionError, match="this visit has ended"):
        act(visit, "stop", by="client", now=at(7))
    with pytest.raises(SessionError, match="already ended"):
        sessions.end_visit(visit, world.alice.user, now=at(8))
    assert kinds(visit) == ["start", "skip", "finish"]


def test_a_visit_cannot_end_under_pressure_or_in_the_middle_of_a_point(world: World):
    visit = started(world)
    holding(visit)
    with pytest.raises(SessionError, match="release before finishing"):
        sessions.end_visit(visit, None, now=at(12))
    act(visit, "therapist_release", by="therapist", now=at(13))
    with pytest.raises(SessionError, match="skip"):
        sessions.end_visit(visit, None, now=at(14))
    assert Visit.objects.get(pk=visit.pk).is_live


def test_an_ended_visit_cannot_be_started_again(world: World):
    visit = started(world, plan=())
    sessions.end_visit(visit, None, now=at(5))
    assert visit.appointment is not None
    with pytest.raises(SessionError, match="has ended"):
        sessions.start_visit(visit.appointment, None, planned=[])


# Join codes


def test_a_join_code_is_found_whatever_its_case_or_spacing(world: World):
    visit = started(world)
    code = visit.join_code
    typed = f" {code[:3].lower()} {code[3:]} "
    assert sessions.visit_for_code(typed) == visit
    assert sessions.visit_for_code("") is None
    assert sessions.visit_for_code("A" * 200) is None


def test_a_wrong_code_opens_nothing(world: World):
    visit = started(world)
    wrong = "".join(JOIN_ALPHABET[(JOIN_ALPHABET.index(c) + 1) % 31] for c in visit.join_code)
    assert sessions.visit_for_code(wrong) is None


def test_an_ended_visits_code_may_be_given_to_a_new_visit(world: World):
    old = started(world, plan=())
    sessions.end_visit(old, None, now=at(5))
    slot = booked(world)
    new = Visit.objects.create(
        appointment=slot, client=world.client_a, therapist=world.alice, join_code=old.join_code
    )
    assert sessions.visit_for_code(old.join_code) == new


# Replay is exact for any mix of accepted and refused events.

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(
            [("therapist", k) for k in sessions.THERAPIST_ACTIONS if k != "finish"]
            + [("client", "report"), ("client", "stop")]
        ),
        st.integers(0, 10),
        st.floats(0, 120),
    ),
    max_size=25,
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ACTIONS)
def test_whatever_is_sent_the_stored_rows_replay_to_the_session_the_screens_saw(
    world: World, steps
):
    visit = started(world)
    t = 0.0
    live = sessions.current(visit)
    for (sender, kind), intensity, pause in steps:
        t += pause
        before = SessionEvent.objects.filter(visit=visit).count()
        try:
            live = act(visit, kind, by=sender, intensity=intensity, now=at(t))
        except SessionError:
            # A refusal stores nothing, not even the cap release that came before it.
            assert SessionEvent.objects.filter(visit=visit).count() == before
    assert session_to_dict(stored_replay(visit)) == session_to_dict(live.session)
    assert list(SessionEvent.objects.filter(visit=visit).values_list("seq", flat=True)) == list(
        range(1, live.seq + 1)
    )


# What the screens show besides the prompts


def test_the_last_report_is_shown_and_a_stop_stays_until_the_next_press(world: World):
    visit = started(world)
    holding(visit)
    act(visit, "report", by="client", intensity=6, now=at(12))
    act(visit, "report", by="client", intensity=3, now=at(13))
    words = reading.last_words(act(visit, "stop", by="client", now=at(14)).session)
    assert (words.intensity, words.intensity_by, words.stopped_at) == (3, "client", at(14))
    act(visit, "rest_done", by="therapist", now=at(50))
    words = reading.last_words(act(visit, "press", by="therapist", now=at(51)).session)
    assert words.stopped_at is None and words.intensity == 3
    act(visit, "therapist_release", by="therapist", now=at(52))
    act(visit, "skip", by="therapist", now=at(53))
    words = reading.last_words(act(visit, "locate", by="therapist", now=at(54)).session)
    assert words == reading.LastWords(None, None, None, None)


# Findings


def test_a_finding_keeps_three_trials_their_mean_in_both_units_and_is_audited(world: World):
    visit = started(world)
    found = FindingInput(
        POINT,
        taut_band=True,
        recognised=True,
        referral_regions=("temple-r", "104"),
        ppt_trials=(2.0, 2.5, 3.0),
        note="refers to the temple",
    )
    finding = findings.save_finding(visit, found, world.alice.user)
    assert finding.ppt_trials == [2.0, 2.5, 3.0]
    assert finding.ppt_kg_cm2 == 2.5
    assert finding.ppt_kpa == pytest.approx(245.2, abs=0.05)
    assert finding.referral_regions[0] == "temple-r"
    assert set(finding.referral_regions[1:]) == set(expand(104)) - {"temple-r"}
    assert (finding.taut_band, finding.recognised, finding.local_twitch) == (True, True, False)
    assert AuditEvent.objects.filter(action="finding.created", record_id=finding.pk).exists()


def test_saving_a_finding_again_rewrites_it_and_audits_the_change(world: World):
    visit = started(world)
    findings.save_finding(visit, FindingInput(POINT, ppt_trials=(2, 2, 2)), None)
    again = findings.save_finding(visit, FindingInput(POINT, local_twitch=True), None)
    assert Finding.objects.filter(visit=visit).count() == 1
    assert again.local_twitch and again.ppt_trials == [] and again.ppt_kpa is None
    assert AuditEvent.objects.filter(action="finding.changed").count() == 1


@pytest.mark.parametrize(
    ("found", "reason"),
    [
        (FindingInput("elsewhere-r"), "unknown trigger point"),
        (FindingInput(POINT, referral_regions=("templ-r",)), "unknown region 'templ-r'"),
        (FindingInput(POINT, referral_regions=("999",)), "unknown CHOIR code 999"),
        (FindingInput(POINT, ppt_trials=(2.0, 3.0)), "needs 3 trials, got 2"),
        (FindingInput(POINT, ppt_trials=(2.0, 0.0, 3.0)), "trial 2: a threshold must be above 0"),
        (FindingInput(POINT, note="x" * 2001), "under 2000 characters"),
    ],
)
def test_a_finding_that_cannot_be_right_is_refused_with_the_reason(
    world: World, found: FindingInput, reason: str
):
    visit = started(world)
    with pytest.raises(SessionError, match=reason):
        findings.save_finding(visit, found, None)
    assert not Finding.objects.exists()


def test_examined_points_are_the_planned_then_the_located_then_those_with_findings(
    world: World,
):
    visit = started(world, plan=(POINT,))
    live = act(visit, "locate", by="therapist", trigger_point=OTHER, now=at(5))
    findings.save_finding(visit, FindingInput("temporalis-anterior-r"), None)
    assert findings.examined_points(visit, live.session) == [POINT, OTHER, "temporalis-anterior-r"]


@pytest.mark.django_db(transaction=True)
def test_a_committed_session_is_remembered_and_rows_stored_elsewhere_are_still_read(
    world: World,
):
    visit = started(world)
    holding(visit)
    assert replayed._MEMO[replayed.key(visit)][0] == 3
    # Another app server stores the next event; this one must see it on its next read.
    SessionEvent.objects.create(
        visit=visit,
        seq=4,
        kind="stop",
        at=at(20),
        data={"kind": "stop", "at": at(20).isoformat()},
    )
    live = sessions.current(visit)
    assert (live.seq, live.session.phase) == (4, "resting")
    assert session_to_dict(live.session) == session_to_dict(stored_replay(visit))


def test_a_rolled_back_event_is_not_remembered(world: World, django_capture_on_commit_callbacks):
    visit = started(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        act(visit, "locate", by="therapist", now=at(5))
    assert callbacks  # remembering waits for the commit, which a rollback never brings
    assert replayed.key(visit) not in replayed._MEMO


PHONES = 6


@pytest.mark.django_db(transaction=True)
def test_taps_racing_in_from_many_requests_are_all_stored_in_one_unbroken_sequence(
    world: World,
):
    visit = started(world)
    holding(visit)
    barrier = threading.Barrier(PHONES)
    failures: list[BaseException] = []

    def tap(n: int) -> None:
        try:
            barrier.wait(timeout=30)
            act(Visit.objects.get(pk=visit.pk), "report", by="client", intensity=7, now=at(20))
        except BaseException as error:  # reported below, in the test thread
            failures.append(error)
        finally:
            connection.close()  # each thread had its own connection to the test database

    threads = [threading.Thread(target=tap, args=(n,)) for n in range(PHONES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    rows = SessionEvent.objects.filter(visit=visit).order_by("seq")
    assert list(rows.values_list("seq", flat=True)) == list(range(1, 4 + PHONES))
    assert session_to_dict(stored_replay(visit)) == session_to_dict(sessions.current(visit).session)
