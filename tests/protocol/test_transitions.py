import pytest

from triggerpoint.protocol import (
    Finish,
    Locate,
    Press,
    ProtocolError,
    ProtocolSettings,
    Report,
    RestDone,
    Skip,
    Start,
    Stop,
    StretchDone,
    TherapistRelease,
    Tick,
    apply,
)
from triggerpoint.protocol.session import Session

from .timeline import OTHER, POINT, at, run

ONE_CYCLE = ProtocolSettings(cycles=1)
PRESSED = [Start(at(0), (POINT,)), Locate(at(1), POINT), Press(at(2))]
LOCATED = PRESSED[:2]


def one_point_through(cycles: int) -> list:
    events: list = [Start(at(0), (POINT,), ProtocolSettings(cycles=cycles)), Locate(at(1), POINT)]
    t = 2
    for _ in range(cycles):
        events += [Press(at(t)), TherapistRelease(at(t + 40)), RestDone(at(t + 70))]
        t += 80
    return [*events, StretchDone(at(t)), Finish(at(t + 1))]


def test_a_point_goes_through_its_cycles_then_the_stretch_then_done():
    session = run(one_point_through(3))
    assert session.phase == "done"
    assert [hold.cycle for hold in session.holds] == [1, 2, 3]
    assert [p.to_dict() for p in session.points] == [
        {"trigger_point": POINT, "planned": True, "cycles_done": 3, "status": "completed"}
    ]


def test_rest_leads_back_to_the_same_point_until_the_last_cycle():
    events = one_point_through(2)[:5]  # start, locate, press, release, rest_done
    session = run(events)
    assert (session.phase, session.current, session.cycles_done) == ("located", POINT, 1)
    session = run([Press(at(90)), TherapistRelease(at(100)), RestDone(at(120))], session)
    assert session.phase == "stretching"


def test_an_unplanned_point_can_be_treated_and_is_marked_unplanned():
    session = run([Start(at(0), (POINT,), ONE_CYCLE), Locate(at(1), OTHER)])
    assert session.plan == (POINT,)
    session = run([Skip(at(2))], session)
    assert session.points[-1].planned is False
    assert session.points[-1].status == "left"


def test_skip_when_ready_passes_over_the_next_planned_point():
    session = run([Start(at(0), (POINT, OTHER)), Skip(at(1))])
    assert session.plan == (OTHER,)
    assert session.points[-1].status == "skipped"


def test_skip_with_nothing_planned_is_refused():
    with pytest.raises(ProtocolError, match="no planned trigger point"):
        run([Start(at(0), ()), Skip(at(1))])


def test_finishing_early_leaves_the_rest_of_the_plan_unreached():
    session = run([Start(at(0), (POINT, OTHER)), Finish(at(1))])
    assert session.phase == "done"
    assert session.plan == (POINT, OTHER)


@pytest.mark.parametrize(
    ("events", "illegal"),
    [
        ([], Press(at(1))),
        ([], Tick(at(1))),
        ([Start(at(0), (POINT,))], Start(at(1), (POINT,))),
        ([Start(at(0), (POINT,))], Press(at(1))),
        (LOCATED, Locate(at(2), OTHER)),
        (LOCATED, Finish(at(2))),
        (PRESSED, Press(at(3))),
        (PRESSED, Skip(at(3))),
        (PRESSED, RestDone(at(3))),
        (LOCATED, TherapistRelease(at(2))),
        (LOCATED, StretchDone(at(2))),
        ([Start(at(0), ()), Finish(at(1))], Tick(at(2))),
        ([Start(at(0), ()), Finish(at(1))], Stop(at(2))),
    ],
)
def test_an_illegal_event_raises_naming_phase_and_event_and_changes_nothing(events, illegal):
    before = run(events)
    with pytest.raises(ProtocolError) as raised:
        apply(before, illegal)
    assert raised.value.phase == before.phase
    assert raised.value.event == illegal.kind
    assert f"cannot {illegal.kind} while {before.phase}" in str(raised.value)
    assert run(before.events) == before


def test_an_event_earlier_than_the_last_is_an_error():
    session = run([Start(at(10), (POINT,))])
    with pytest.raises(ProtocolError, match="earlier than the last event"):
        apply(session, Locate(at(9), POINT))


def test_simultaneous_events_are_allowed():
    session = run([Start(at(10), (POINT,)), Locate(at(10), POINT), Press(at(10))])
    assert session.phase == "holding"


def test_releasing_after_the_cap_explains_that_the_cap_already_released():
    session = run([Start(at(0), (POINT,)), Locate(at(1), POINT), Press(at(2))])
    with pytest.raises(ProtocolError, match="cap"):
        apply(session, TherapistRelease(at(200)))


def test_a_stop_or_report_with_no_pressure_on_is_kept_but_changes_nothing_else():
    session = run([Start(at(0), (POINT,)), Locate(at(1), POINT)])
    after = run([Stop(at(2)), Report(at(3), 4)], session)
    assert after.phase == "located"
    assert [e.kind for e in after.events[-2:]] == ["stop", "report"]
    assert after.holds == ()


def test_ticks_that_change_nothing_are_not_logged():
    session = run([Start(at(0), (POINT,)), Locate(at(1), POINT), Press(at(2))])
    assert apply(session, Tick(at(30))) is session
    capped = apply(session, Tick(at(95)))
    assert capped.events[-1].kind == "tick"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"intensity": 11}, "0-10"),
        ({"intensity": -1}, "0-10"),
        ({"intensity": True}, "0-10"),
        ({"intensity": 5, "by": "parent"}, "client or therapist"),
    ],
)
def test_a_report_outside_0_to_10_or_from_an_unknown_person_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Report(at(1), **kwargs)


def test_events_need_a_time_zone():
    with pytest.raises(ValueError, match="time zone"):
        Press(at(0).replace(tzinfo=None))


def test_a_new_session_starts_empty():
    assert Session().phase == "new" and Session().events == ()
