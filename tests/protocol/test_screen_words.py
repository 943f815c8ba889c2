"""The exact words and countdowns each screen shows, step by step through one session.

The therapist reads these prompts mid-treatment, so a wrong code (the client's screen
keys its layout on it), a countdown off by a second or a cycle counted wrong is a bug
the person at the table sees.
"""

import pytest

from triggerpoint.protocol import (
    Finish,
    Locate,
    Press,
    Prompt,
    ProtocolSettings,
    Report,
    RestDone,
    Start,
    Stop,
    StretchDone,
    TherapistRelease,
    screen,
)

from .timeline import POINT, at, run

TWO_CYCLES = ProtocolSettings(cycles=2)
FIRST_HOLD = [Start(at(0), (POINT,), TWO_CYCLES), Locate(at(1), POINT), Press(at(2))]
FIRST_REST = [*FIRST_HOLD, TherapistRelease(at(20))]
LAST_REST = [*FIRST_REST, RestDone(at(50)), Press(at(51)), Stop(at(60))]


def words(shown):
    return [(prompt.code, prompt.text) for prompt in shown.prompts]


def test_before_the_start_and_after_the_finish_the_screen_says_so():
    assert words(screen(run([]), at(0))) == [("start", "Start the session.")]
    stretched = run([*LAST_REST, RestDone(at(90)), StretchDone(at(120))])
    assert words(screen(stretched, at(121))) == [("finish", "Every planned point is done: finish.")]
    finished = run([Finish(at(122))], stretched)
    assert finished.phase_since == at(122)  # the record says when the session ended
    done = screen(finished, at(123))
    assert words(done) == [("done", "Session finished.")]
    assert done.phase == "done" and done.cycles == 2 and done.cycle is None


def test_a_located_point_asks_for_the_target_discomfort_in_the_next_cycle():
    shown = screen(run(FIRST_HOLD[:2]), at(1))
    assert words(shown) == [
        (
            "press",
            "Press to a discomfort of 4-7 out of 10, building pressure as the client breathes out.",
        )
    ]
    assert shown.cycle == 1 and shown.trigger_point == POINT
    second = screen(run([RestDone(at(50))], run(FIRST_REST)), at(50))
    assert second.codes == ("press",) and second.cycle == 2


def test_the_hold_screen_counts_whole_seconds_up():
    session = run(FIRST_HOLD)
    shown = screen(session, at(2.5))  # 59.5 s of the planned hold left
    assert words(shown) == [
        ("breathe", "Build the pressure as the client breathes out; follow the pacer."),
        ("hold", "Hold for 60 s: the timer counts down."),
    ]
    assert shown.cycle == 1 and shown.cycles == 2 and shown.intensity is None
    assert shown.phase == "holding" and shown.trigger_point == POINT
    late = screen(session, at(62.5))  # past the planned minute, 29.5 s before the cap
    assert late.prompts[-1] == Prompt(
        "hold",
        "Planned time reached: release when the tissue softens, at the latest at the cap (90 s).",
    )


def test_the_hold_screen_words_the_intensity_it_was_told():
    high = screen(run([Report(at(3), 8)], run(FIRST_HOLD)), at(3))
    assert words(high)[0] == ("ease_off", "Ease off: discomfort is 8 out of 10.")
    assert high.intensity == 8
    light = screen(run([Report(at(3), 3)], run(FIRST_HOLD)), at(3))
    assert words(light)[0] == (
        "firmer",
        "A little firmer if the client agrees: aim for 4-7.",
    )
    on_target = screen(run([Report(at(3), 4)], run(FIRST_HOLD)), at(3))
    assert on_target.codes == ("breathe", "hold")


def test_the_breath_prompt_speaks_of_the_exhale_and_the_cap_says_release():
    session = run(FIRST_HOLD)
    assert words(screen(session, at(8)))[0] == (
        "breathe",
        "Build the pressure as the client breathes out; follow the pacer.",
    )
    capped = screen(session, at(92))
    assert words(capped)[0] == ("release", "Release now: the hold reached its time limit.")
    assert capped.cap_seconds_left == 0 and capped.hold_seconds_left == 0


def test_a_rest_counts_down_in_whole_seconds_to_the_last_one():
    session = run(FIRST_REST)
    assert words(screen(session, at(20))) == [
        ("release", "Pressure off: the tissue let go under your hand."),
        ("rest", "Rest for 30 s."),
    ]
    assert screen(session, at(20)).rest_seconds_left == 30
    last_second = screen(session, at(49.5))
    assert words(last_second)[1] == ("rest", "Rest for 30 s.")
    assert last_second.rest_seconds_left == pytest.approx(0.5)


def test_when_the_rest_is_over_the_screen_says_what_comes_next():
    over = screen(run(FIRST_REST), at(50))
    assert words(over)[1] == ("rest", "Rest over: press again.")
    assert over.rest_seconds_left == 0
    assert over.phase == "resting" and over.cycle == 1 and over.cycles == 2
    assert over.trigger_point == POINT and over.intensity is None
    last = screen(run(LAST_REST), at(90))
    assert words(last) == [
        ("release", "Pressure off: the client asked to stop."),
        ("rest", "Rest over: go on to the stretch."),
    ]
    assert last.cycle == 2


def test_the_stretch_counts_down_then_says_go_on():
    stretching = run([RestDone(at(90))], run(LAST_REST))
    assert words(screen(stretching, at(90.5))) == [
        ("stretch", "Stretch the muscle gently for 30 s.")
    ]
    done = screen(stretching, at(120))
    assert words(done) == [("stretch", "Stretch done: go on when ready.")]
    assert done.stretch_seconds_left == 0 and done.trigger_point == POINT
