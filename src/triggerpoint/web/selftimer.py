"""The guided self-treatment timer, run on the pure protocol engine.

The browser keeps the session's event log (a visitor's in localStorage) and sends it
with each tap; the server replays it, stamps the new event with its own clock, applies
it and answers with the new log and what the screen should say in the words of someone
treating themselves. Nothing is stored here, so the engine's release rules (intensity
halved, at 2 or less, the cap), its "ease off" at 8+ and its pacer are the only ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from triggerpoint.atlas import load_atlas
from triggerpoint.atlas.selfcare import SelfTreatment
from triggerpoint.protocol import (
    DEFAULT_SETTINGS,
    Event,
    Finish,
    Locate,
    Press,
    ProtocolError,
    ProtocolSettings,
    Report,
    RestDone,
    Session,
    Skip,
    Start,
    Stop,
    StretchDone,
    Tick,
    apply,
    event_from_dict,
    event_to_dict,
    replay,
    screen,
)

# A self-treatment log is one point's few cycles; a longer one is not ours.
MAX_EVENTS = 400
ACTIONS = ("begin", "press", "report", "tick", "rest_done", "stretch_done", "stop", "finish")
# The self-treatment rests a little less than in the clinic: no one needs to move a hand.
REST_SECONDS = 20.0

REASON_WORDS = {
    "intensity_halved": "the discomfort fell to half",
    "intensity_low": "the discomfort fell to 2 or less",
    "cap_reached": "the hold reached its time limit",
    "client_stop": "you stopped",
    "therapist_felt_release": "the tissue let go",
}


class TimerError(ValueError):
    """A request the timer cannot take: shown to the visitor as a 400 with this message."""


def treatment_of(point_id: str) -> SelfTreatment:
    atlas = load_atlas()
    point = atlas.trigger_points.get(point_id)
    if point is None:
        raise TimerError(f"unknown trigger point {point_id[:60]!r}")
    treatment = atlas.self_care.treatment(point.base)
    if treatment is None or treatment.hold_seconds is None:
        raise TimerError("this point is worked in strokes, not with a timed hold")
    return treatment


def settings_for(treatment: SelfTreatment) -> ProtocolSettings:
    """The engine's settings for one point's dose: its pressure band, hold and cycles."""
    hold = float(treatment.hold_seconds or DEFAULT_SETTINGS.hold_seconds)
    low, high = treatment.pressure
    return ProtocolSettings(
        target_low=low,
        target_high=high,
        hold_seconds=hold,
        cap_seconds=max(DEFAULT_SETTINGS.cap_seconds, hold),
        cycles=min(treatment.repetitions, 5),
        rest_seconds=REST_SECONDS,
    )


def _events(raw: Any) -> list[Event]:
    if not isinstance(raw, list):
        raise TimerError("events must be a list")
    if len(raw) > MAX_EVENTS:
        raise TimerError(f"a self-treatment log holds at most {MAX_EVENTS} events")
    try:
        return [event_from_dict(item) for item in raw]
    except ValueError as error:
        raise TimerError(f"the saved session cannot be read: {error}") from None


def load(raw_events: Any, point_id: str) -> Session:
    """Replay a browser's log; it must be a self-treatment of this one point."""
    events = _events(raw_events)
    try:
        session = replay(events)
    except ProtocolError as error:
        raise TimerError(f"the saved session does not replay: {error}") from None
    if events and not (isinstance(events[0], Start) and events[0].plan == (point_id,)):
        raise TimerError("the saved session is for another point")
    return session


def _next(
    session: Session, action: str, now: datetime, point_id: str, intensity: Any
) -> list[Event]:
    at = max(now, session.last_at or now)
    if action == "begin":
        if session.phase != "new":
            raise TimerError("this session has already begun")
        return [Start(at, (point_id,), settings_for(treatment_of(point_id))), Locate(at, point_id)]
    if action == "report":
        if (
            isinstance(intensity, bool)
            or not isinstance(intensity, int)
            or not 0 <= intensity <= 10
        ):
            raise TimerError("intensity must be a whole number 0-10")
        return [Report(at, intensity, "client")]
    if action == "stop":
        # Stop at once: pressure off, leave the point, end the session.
        events: list[Event] = [Stop(at)] if session.phase == "holding" else []
        if session.phase in ("holding", "located", "resting", "stretching"):
            events.append(Skip(at))
        return [*events, Finish(at)] if session.phase not in ("new", "done") else events
    if action == "finish":
        return [Finish(at)]
    simple = {"press": Press, "tick": Tick, "rest_done": RestDone, "stretch_done": StretchDone}
    if action not in simple:
        raise TimerError(f"unknown action {action[:40]!r}; use one of {', '.join(ACTIONS)}")
    return [simple[action](at)]


def step(
    raw_events: Any, action: str, point_id: str, now: datetime, intensity: Any = None
) -> Session:
    """The session after one tap; the engine refuses what its phase does not allow."""
    session = load(raw_events, point_id)
    for event in _next(session, action, now, point_id, intensity):
        try:
            session = apply(session, event)
        except ProtocolError as error:
            raise TimerError(str(error)) from None
    # After the last stretch there is nothing left to do but finish.
    if session.phase == "ready" and not session.plan:
        session = apply(session, Finish(session.last_at or now))
    return session


def _words(session: Session, now: datetime) -> list[dict[str, str]]:
    shown = screen(session, now)
    rules = session.hold.settings if session.hold else session.settings
    aim = f"{rules.target_low}-{rules.target_high}"
    words = {
        "press": f"Place the tool and lean in until it is {aim} out of 10, breathing out. "
        "Then tap how strong it feels.",
        "firmer": f"A little firmer if you can: aim for {aim}.",
        "breathe_out": "Breathe out slowly.",
        "breathe_in": "Breathe in.",
        "stretch": "Now the stretch: gently, no sharp pain.",
        "done": "Done.",
    }
    out = []
    for prompt in shown.prompts:
        text = words.get(prompt.code, prompt.text)
        if prompt.code == "ease_off":
            text = f"Ease off now: {shown.intensity} out of 10 is too much."
        elif prompt.code == "release" and session.last_hold and session.phase == "resting":
            text = f"Release the pressure: {REASON_WORDS[session.last_hold.end_reason]}."
        elif prompt.code == "release":
            text = "Release now: the hold reached its time limit."
        elif prompt.code == "rest" and "press again" in prompt.text:
            text = "Rest over: press again when ready."
        elif prompt.code == "hold" and (shown.hold_seconds_left or 0) <= 0:
            text = "Planned time reached: release when it eases, or at the limit."
        out.append({"code": prompt.code, "text": text})
    return out


def summary(session: Session) -> dict[str, Any]:
    holds = [
        {
            "cycle": hold.cycle,
            "seconds": round(hold.duration_seconds),
            "start_intensity": hold.start_intensity,
            "lowest_intensity": hold.lowest_intensity,
            "end_reason": hold.end_reason,
            "why": REASON_WORDS[hold.end_reason],
        }
        for hold in session.holds
    ]
    return {"holds": holds, "cycles": len(holds), "seconds": sum(h["seconds"] for h in holds)}


def state(session: Session, now: datetime) -> dict[str, Any]:
    """What the phone shows: phase, words, countdowns and the pacer, and the log."""
    shown = screen(session, now)
    rules = session.hold.settings if session.hold else session.settings
    period = 60.0 / rules.breaths_per_minute
    return {
        "phase": session.phase,
        "cycle": shown.cycle,
        "cycles": shown.cycles,
        "intensity": shown.intensity,
        "ease_off": "ease_off" in shown.codes,
        "prompts": _words(session, now),
        "hold_seconds_left": _ceil(shown.hold_seconds_left),
        "cap_seconds_left": _ceil(shown.cap_seconds_left),
        "rest_seconds_left": _ceil(shown.rest_seconds_left),
        "stretch_seconds_left": _ceil(shown.stretch_seconds_left),
        "breath": None
        if shown.breath is None
        else {"phase": shown.breath.phase, "seconds_left": round(shown.breath.seconds_left, 2)},
        "pacer": {"period": period, "inhale": period * (1.0 - rules.exhale_share)},
        "summary": summary(session),
        "events": [event_to_dict(event) for event in session.events],
    }


def _ceil(value: float | None) -> int | None:
    return None if value is None else math.ceil(value)


def point_choices(points: Sequence[Any]) -> list[dict[str, str]]:
    """The plan's points that have a timed hold, for the timer's chooser."""
    return [
        {"id": p.point.id, "name": f"{p.point.name} ({p.point.side})"}
        for p in points
        if p.treatment is not None and p.treatment.hold_seconds
    ]
