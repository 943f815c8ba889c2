"""What the therapist's and the client's screens say at a given instant.

Pure reads of a session at `now` (passed in, never read from the clock): the phase,
the prompts in the order they matter, the countdowns and the breathing pacer.
Nothing here changes the session; the caller ticks it to let the engine act.

The prompts say what to do and change only when that does (an event, or a planned time
or the cap reached: `reading.next_change`). The seconds run in the countdowns and the
breath in the pacer, which the screens animate on their own clock: a prompt that counted
down or followed each breath changed the screen's words every second, so a screen
reader read the list out every second and every open screen had to be sent it again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from triggerpoint.protocol.session import EndReason, Phase, ProtocolError, Session
from triggerpoint.protocol.settings import ProtocolSettings

BreathPhase = Literal["inhale", "exhale"]

RELEASE_WORDS: dict[EndReason, str] = {
    "therapist_felt_release": "the tissue let go under your hand",
    "intensity_halved": "the client's discomfort fell to half where it started",
    "intensity_low": "the client's discomfort fell to a low level",
    "cap_reached": "the hold reached its time limit",
    "client_stop": "the client asked to stop",
}


@dataclass(frozen=True, slots=True)
class Breath:
    """Where the pacer is: breathing in or out, and how far through that half-breath."""

    phase: BreathPhase
    fraction: float
    seconds_left: float


def pacer(seconds: float, settings: ProtocolSettings) -> Breath:
    """The pacer `seconds` after it started (each breath begins with an inhale)."""
    period = 60.0 / settings.breaths_per_minute
    inhale = period * (1.0 - settings.exhale_share)
    t = math.fmod(max(seconds, 0.0), period)
    if t < inhale:
        return Breath("inhale", t / inhale, inhale - t)
    exhale = period - inhale
    return Breath("exhale", min((t - inhale) / exhale, 1.0), period - t)


@dataclass(frozen=True, slots=True)
class Prompt:
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class Screen:
    phase: Phase
    trigger_point: str | None
    cycle: int | None
    cycles: int
    intensity: int | None
    prompts: tuple[Prompt, ...]
    hold_seconds_left: float | None = None
    cap_seconds_left: float | None = None
    rest_seconds_left: float | None = None
    stretch_seconds_left: float | None = None
    breath: Breath | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(prompt.code for prompt in self.prompts)


def screen(session: Session, now: datetime) -> Screen:
    """The prompts and countdowns for `session` at `now` (not earlier than its last event)."""
    last = session.last_at
    if last is not None and now < last:
        raise ProtocolError(
            session.phase, "show prompts", "the time is earlier than the last event"
        )
    rules = session.settings
    since = 0.0 if session.phase_since is None else (now - session.phase_since).total_seconds()
    phase = session.phase
    if phase == "holding":
        return _holding(session, now)
    if phase == "resting":
        return _resting(session, since)
    if phase == "new":
        return _plain(session, Prompt("start", "Start the session."))
    if phase == "done":
        return _plain(session, Prompt("done", "Session finished."))
    if phase == "ready" and session.plan:
        return _plain(
            session, Prompt("locate", f"Locate the next trigger point: {session.plan[0]}.")
        )
    if phase == "ready":
        return _plain(session, Prompt("finish", "Every planned point is done: finish."))
    if phase == "located":
        text = (
            f"Press to a discomfort of {rules.target_low}-{rules.target_high} out of 10, "
            "building pressure as the client breathes out."
        )
        return _plain(session, Prompt("press", text), cycle=session.cycles_done + 1)
    left = max(rules.stretch_seconds - since, 0.0)
    text = f"Stretch the muscle gently for {_seconds(rules.stretch_seconds)}."
    if left <= 0:
        text = "Stretch done: go on when ready."
    return _plain(session, Prompt("stretch", text), stretch_seconds_left=left)


def _seconds(value: float) -> str:
    return f"{math.ceil(value)} s"


def _plain(
    session: Session,
    prompt: Prompt,
    cycle: int | None = None,
    stretch_seconds_left: float | None = None,
) -> Screen:
    return Screen(
        phase=session.phase,
        trigger_point=session.current,
        cycle=cycle,
        cycles=session.settings.cycles,
        intensity=None,
        prompts=(prompt,),
        stretch_seconds_left=stretch_seconds_left,
    )


def _holding(session: Session, now: datetime) -> Screen:
    hold = session.hold
    assert hold is not None
    rules = hold.settings
    elapsed = hold.seconds_at(now)
    hold_left = max(rules.hold_seconds - elapsed, 0.0)
    cap_left = max(rules.cap_seconds - elapsed, 0.0)
    breath = pacer(elapsed, rules)
    prompts: list[Prompt] = []
    intensity = hold.last_intensity
    if intensity is not None and intensity >= rules.ease_off_at:
        prompts.append(Prompt("ease_off", f"Ease off: discomfort is {intensity} out of 10."))
    elif intensity is not None and intensity < rules.target_low:
        aim = f"{rules.target_low}-{rules.target_high}"
        prompts.append(Prompt("firmer", f"A little firmer if the client agrees: aim for {aim}."))
    if cap_left <= 0:
        prompts.append(Prompt("release", f"Release now: {RELEASE_WORDS['cap_reached']}."))
    else:
        text = "Build the pressure as the client breathes out; follow the pacer."
        prompts.append(Prompt("breathe", text))
    if hold_left > 0:
        text = f"Hold for {_seconds(rules.hold_seconds)}: the timer counts down."
    else:
        text = (
            "Planned time reached: release when the tissue softens, "
            f"at the latest at the cap ({_seconds(rules.cap_seconds)})."
        )
    prompts.append(Prompt("hold", text))
    return Screen(
        phase=session.phase,
        trigger_point=session.current,
        cycle=hold.cycle,
        cycles=session.settings.cycles,
        intensity=intensity,
        prompts=tuple(prompts),
        hold_seconds_left=hold_left,
        cap_seconds_left=cap_left,
        breath=breath,
    )


def _resting(session: Session, since: float) -> Screen:
    rules = session.settings
    last = session.last_hold
    assert last is not None
    prompts = [Prompt("release", f"Pressure off: {RELEASE_WORDS[last.end_reason]}.")]
    left = max(rules.rest_seconds - since, 0.0)
    if left > 0:
        prompts.append(Prompt("rest", f"Rest for {_seconds(rules.rest_seconds)}."))
    elif session.cycles_done < rules.cycles:
        prompts.append(Prompt("rest", "Rest over: press again."))
    else:
        prompts.append(Prompt("rest", "Rest over: go on to the stretch."))
    return Screen(
        phase=session.phase,
        trigger_point=session.current,
        cycle=last.cycle,
        cycles=rules.cycles,
        intensity=None,
        prompts=tuple(prompts),
        rest_seconds_left=left,
    )
