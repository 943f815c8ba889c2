import pytest
from hypothesis import given
from hypothesis import strategies as st

from triggerpoint.protocol import (
    Finish,
    Locate,
    Press,
    ProtocolError,
    ProtocolSettings,
    Report,
    RestDone,
    Start,
    StretchDone,
    TherapistRelease,
    pacer,
    screen,
)
from triggerpoint.protocol.reading import next_change

from .timeline import OTHER, POINT, at, run

HOLDING = [Start(at(0), (POINT, OTHER)), Locate(at(5), POINT), Press(at(10))]


def test_the_pacer_breathes_six_times_a_minute_in_then_out():
    settings = ProtocolSettings()  # 10 s a breath, 4 s in and 6 s out
    assert pacer(0, settings).phase == "inhale"
    assert pacer(2, settings).fraction == pytest.approx(0.5)
    assert pacer(4, settings).phase == "exhale"
    assert pacer(7, settings).fraction == pytest.approx(0.5)
    assert pacer(10, settings).phase == "inhale"
    assert pacer(63, settings).seconds_left == pytest.approx(1.0)


@given(st.floats(0, 3600), st.floats(3, 12), st.floats(0.3, 0.7))
def test_the_pacer_fraction_stays_within_its_half_breath(seconds, rate, share):
    settings = ProtocolSettings(breaths_per_minute=rate, exhale_share=share)
    breath = pacer(seconds, settings)
    assert 0 <= breath.fraction <= 1
    assert 0 <= breath.seconds_left <= 60 / rate


def test_ease_off_shows_at_eight_and_not_at_seven():
    at_seven = run([Report(at(12), 7)], run(HOLDING))
    at_eight = run([Report(at(13), 8)], at_seven)
    assert "ease_off" not in screen(at_seven, at(12)).codes
    assert screen(at_eight, at(13)).codes[0] == "ease_off"


def test_a_light_start_asks_for_a_little_more_pressure():
    light = run([Report(at(12), 2)], run(HOLDING))
    assert "firmer" in screen(light, at(12)).codes


def test_the_breath_runs_in_the_pacer_and_the_prompt_stays_put():
    session = run(HOLDING)
    inhaling, exhaling = screen(session, at(11)), screen(session, at(15))
    assert inhaling.breath is not None and inhaling.breath.phase == "inhale"
    assert exhaling.breath is not None and exhaling.breath.phase == "exhale"
    assert inhaling.prompts == exhaling.prompts
    assert "breathe" in inhaling.codes


def test_the_hold_counts_down_then_points_to_the_cap():
    session = run(HOLDING)
    early = screen(session, at(25))
    assert early.hold_seconds_left == 45 and early.cap_seconds_left == 75
    assert early.prompts[-1].text == "Hold for 60 s: the timer counts down."
    late = screen(session, at(80))
    assert late.hold_seconds_left == 0
    assert "at the latest at the cap (90 s)" in late.prompts[-1].text


@given(st.floats(10, 129.99), st.floats(10, 129.99))
def test_between_clock_changes_the_prompts_do_not_change(first, second):
    """The words change only at an event or at next_change; the seconds and the breath
    run in the countdowns and the pacer (a screen reader reads each new list out)."""
    sessions = {
        "holding": run(HOLDING),
        "resting": run([*HOLDING, TherapistRelease(at(40))]),
    }
    for session in sessions.values():
        assert session.last_at is not None
        a, b = sorted((at(first), at(second)))
        a = max(a, session.last_at)
        b = max(b, a)
        change = next_change(session, a)
        if change is None or b < change:
            assert screen(session, a).prompts == screen(session, b).prompts


def test_next_change_is_the_planned_time_then_the_cap_then_nothing():
    session = run(HOLDING)  # pressed at 10: planned 60 s, cap 90 s
    assert next_change(session, at(11)) == at(70)
    assert next_change(session, at(70)) == at(100)
    assert next_change(session, at(100)) is None
    resting = run([*HOLDING, TherapistRelease(at(40))])  # a 30 s rest
    assert next_change(resting, at(41)) == at(70)
    assert next_change(run(HOLDING[:2]), at(6)) is None  # located: nothing on the clock


def test_past_the_cap_the_screen_says_release_before_the_tick_arrives():
    assert "release" in screen(run(HOLDING), at(100)).codes


def test_after_a_release_the_screen_says_why_and_counts_the_rest():
    session = run([TherapistRelease(at(40))], run(HOLDING))
    shown = screen(session, at(50))
    assert shown.codes == ("release", "rest")
    assert "let go" in shown.prompts[0].text
    assert shown.rest_seconds_left == 20
    assert "press again" in screen(session, at(71)).prompts[1].text


def test_each_phase_has_its_own_prompt():
    session = run(HOLDING[:1])
    assert screen(session, at(1)).codes == ("locate",)
    assert POINT in screen(session, at(1)).prompts[0].text
    one_cycle = [Start(at(0), (POINT,), ProtocolSettings(cycles=1)), Locate(at(1), POINT)]
    assert screen(run(one_cycle), at(2)).codes == ("press",)
    stretching = run([*one_cycle, Press(at(2)), TherapistRelease(at(30)), RestDone(at(40))])
    assert screen(stretching, at(45)).codes == ("stretch",)
    assert screen(stretching, at(45)).stretch_seconds_left == 25
    ready = run([StretchDone(at(70))], stretching)
    assert screen(ready, at(71)).codes == ("finish",)
    assert screen(run([Finish(at(72))], ready), at(73)).codes == ("done",)


def test_prompts_for_a_time_before_the_last_event_are_refused():
    with pytest.raises(ProtocolError):
        screen(run(HOLDING), at(9))
