"""The pressure/release session as a pure state machine: `apply(session, event) -> session`.

Per trigger point: locate -> press -> hold -> release -> rest, `cycles` times, then
stretch; then the next point, then finish. A `Session` is immutable and carries its
own event log, so `replay(session.events)` rebuilds it exactly. An event the current
phase does not allow raises `ProtocolError` and changes nothing.

Time rules run first at every event's instant (a tick is an event that carries only
time): a hold that has reached its cap ends there, whatever the event. Ticks that
change nothing are not logged, which keeps a stored log short without changing what
it replays to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from triggerpoint.protocol.events import (
    Event,
    Locate,
    Report,
    Start,
)
from triggerpoint.protocol.settings import DEFAULT_SETTINGS, ProtocolSettings

Phase = Literal["new", "ready", "located", "holding", "resting", "stretching", "done"]
EndReason = Literal[
    "therapist_felt_release", "intensity_halved", "intensity_low", "cap_reached", "client_stop"
]
END_REASONS: tuple[EndReason, ...] = (
    "therapist_felt_release", "intensity_halved", "intensity_low", "cap_reached", "client_stop",
)  # fmt: skip
PointStatus = Literal["completed", "left", "skipped"]


class ProtocolError(ValueError):
    """An event the session cannot take in its current phase."""

    def __init__(self, phase: Phase, event: str, reason: str) -> None:
        super().__init__(f"cannot {event} while {phase}: {reason}")
        self.phase = phase
        self.event = event
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ActiveHold:
    """Pressure is on: what the engine needs to decide when it comes off."""

    trigger_point: str
    cycle: int
    started_at: datetime
    settings: ProtocolSettings
    start_intensity: int | None = None
    lowest_intensity: int | None = None
    last_intensity: int | None = None

    def seconds_at(self, now: datetime) -> float:
        return (now - self.started_at).total_seconds()


@dataclass(frozen=True, slots=True)
class Hold:
    """One finished hold, as the session record keeps it."""

    trigger_point: str
    cycle: int
    started_at: datetime
    ended_at: datetime
    start_intensity: int | None
    lowest_intensity: int | None
    end_reason: EndReason
    settings: ProtocolSettings

    @property
    def duration_seconds(self) -> float:
        return (self.ended_at - self.started_at).total_seconds()

    def to_dict(self) -> dict[str, Any]:
        return {
            "trigger_point": self.trigger_point,
            "cycle": self.cycle,
            "started_at": self.started_at.isoformat(),
            "ended_at": self.ended_at.isoformat(),
            "duration_seconds": self.duration_seconds,
            "start_intensity": self.start_intensity,
            "lowest_intensity": self.lowest_intensity,
            "end_reason": self.end_reason,
            "settings": self.settings.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class PointOutcome:
    """What became of one trigger point: all cycles and the stretch, left part-way, or skipped."""

    trigger_point: str
    planned: bool
    cycles_done: int
    status: PointStatus

    def to_dict(self) -> dict[str, Any]:
        return {
            "trigger_point": self.trigger_point,
            "planned": self.planned,
            "cycles_done": self.cycles_done,
            "status": self.status,
        }


@dataclass(frozen=True, slots=True)
class Session:
    phase: Phase = "new"
    settings: ProtocolSettings = DEFAULT_SETTINGS
    plan: tuple[str, ...] = ()
    current: str | None = None
    current_planned: bool = False
    cycles_done: int = 0
    hold: ActiveHold | None = None
    holds: tuple[Hold, ...] = ()
    points: tuple[PointOutcome, ...] = ()
    events: tuple[Event, ...] = ()
    phase_since: datetime | None = None

    @property
    def last_at(self) -> datetime | None:
        return self.events[-1].at if self.events else None

    @property
    def last_hold(self) -> Hold | None:
        return self.holds[-1] if self.holds else None


def apply(session: Session, event: Event) -> Session:
    """The session after `event`; raises `ProtocolError` if the phase does not allow it."""
    last = session.last_at
    if last is not None and event.at < last:
        raise ProtocolError(
            session.phase,
            event.kind,
            f"its time {event.at.isoformat()} is earlier than the last event's {last.isoformat()}",
        )
    timed = _apply_time_rules(session, event.at)
    handler = _HANDLERS.get((timed.phase, event.kind))
    if handler is None:
        raise ProtocolError(timed.phase, event.kind, _why_not(timed, event.kind))
    after = handler(timed, event)
    if after is session and event.kind == "tick":
        return session
    return replace(after, events=(*session.events, event))


def replay(events: Iterable[Event]) -> Session:
    """Rebuild a session from its stored event log."""
    session = Session()
    for event in events:
        session = apply(session, event)
    return session


def _apply_time_rules(session: Session, now: datetime) -> Session:
    hold = session.hold
    if hold is not None and hold.seconds_at(now) >= hold.settings.cap_seconds:
        return _release(session, now, "cap_reached")
    return session


def _release(session: Session, now: datetime, reason: EndReason) -> Session:
    hold = session.hold
    assert hold is not None, "only a holding session can release"
    finished = Hold(
        trigger_point=hold.trigger_point,
        cycle=hold.cycle,
        started_at=hold.started_at,
        ended_at=now,
        start_intensity=hold.start_intensity,
        lowest_intensity=hold.lowest_intensity,
        end_reason=reason,
        settings=hold.settings,
    )
    return replace(
        session,
        phase="resting",
        hold=None,
        holds=(*session.holds, finished),
        cycles_done=session.cycles_done + 1,
        phase_since=now,
    )


def _leave_point(session: Session, status: PointStatus) -> Session:
    assert session.current is not None
    outcome = PointOutcome(session.current, session.current_planned, session.cycles_done, status)
    return replace(
        session,
        phase="ready",
        current=None,
        current_planned=False,
        cycles_done=0,
        points=(*session.points, outcome),
    )


def _start(session: Session, event: Event) -> Session:
    assert isinstance(event, Start)
    return replace(
        session, phase="ready", plan=event.plan, settings=event.settings, phase_since=event.at
    )


def _locate(session: Session, event: Event) -> Session:
    assert isinstance(event, Locate)
    point = event.trigger_point
    return replace(
        session,
        phase="located",
        current=point,
        current_planned=point in session.plan,
        plan=tuple(p for p in session.plan if p != point),
        cycles_done=0,
        phase_since=event.at,
    )


def _skip(session: Session, event: Event) -> Session:
    if session.phase == "ready":
        if not session.plan:
            raise ProtocolError("ready", "skip", "no planned trigger point is left to skip")
        skipped = PointOutcome(session.plan[0], True, 0, "skipped")
        return replace(
            session, plan=session.plan[1:], points=(*session.points, skipped), phase_since=event.at
        )
    return replace(_leave_point(session, "left"), phase_since=event.at)


def _press(session: Session, event: Event) -> Session:
    assert session.current is not None
    hold = ActiveHold(session.current, session.cycles_done + 1, event.at, session.settings)
    return replace(session, phase="holding", hold=hold, phase_since=event.at)


def _report_during_hold(session: Session, event: Event) -> Session:
    assert isinstance(event, Report) and session.hold is not None
    hold = session.hold
    value = event.intensity
    start = hold.start_intensity
    lowest = value if hold.lowest_intensity is None else min(hold.lowest_intensity, value)
    updated = replace(
        session,
        hold=replace(
            hold,
            start_intensity=value if start is None else start,
            lowest_intensity=lowest,
            last_intensity=value,
        ),
    )
    if start is None or value >= start:
        return updated
    rules = hold.settings
    # Halving is checked first: it is the relative rule and names the larger fall.
    if value <= start * rules.release_fraction:
        return _release(updated, event.at, "intensity_halved")
    if start > rules.release_low >= value:
        return _release(updated, event.at, "intensity_low")
    return updated


def _therapist_release(session: Session, event: Event) -> Session:
    return _release(session, event.at, "therapist_felt_release")


def _client_stop(session: Session, event: Event) -> Session:
    return _release(session, event.at, "client_stop")


def _rest_done(session: Session, event: Event) -> Session:
    phase: Phase = "located" if session.cycles_done < session.settings.cycles else "stretching"
    return replace(session, phase=phase, phase_since=event.at)


def _stretch_done(session: Session, event: Event) -> Session:
    return replace(_leave_point(session, "completed"), phase_since=event.at)


def _finish(session: Session, event: Event) -> Session:
    return replace(session, phase="done", phase_since=event.at)


def _unchanged(session: Session, event: Event) -> Session:
    # A client's stop or report with no pressure on is kept in the log (the record
    # should show it) but never refused: a safety control must not fail, and the
    # phone may lag behind a release the engine has already made.
    return session


Handler = Callable[[Session, Event], Session]
_OFF_PRESSURE: tuple[Phase, ...] = ("ready", "located", "resting", "stretching")
_HANDLERS: dict[tuple[Phase, str], Handler] = {
    ("new", "start"): _start,
    ("ready", "locate"): _locate,
    ("ready", "finish"): _finish,
    ("located", "press"): _press,
    ("holding", "report"): _report_during_hold,
    ("holding", "therapist_release"): _therapist_release,
    ("holding", "stop"): _client_stop,
    ("holding", "tick"): _unchanged,
    ("resting", "rest_done"): _rest_done,
    ("stretching", "stretch_done"): _stretch_done,
}
for _phase in _OFF_PRESSURE:
    _HANDLERS[(_phase, "skip")] = _skip
    _HANDLERS[(_phase, "tick")] = _unchanged
    _HANDLERS[(_phase, "stop")] = _unchanged
    _HANDLERS[(_phase, "report")] = _unchanged

_NEXT_STEP: dict[Phase, str] = {
    "new": "the session has not started (start it first)",
    "ready": "no trigger point is located (locate one, skip, or finish)",
    "located": "the trigger point is located but not pressed (press, or skip)",
    "holding": "pressure is on (report, therapist_release, stop or tick)",
    "resting": "the client is resting (rest_done, or skip)",
    "stretching": "the client is stretching (stretch_done, or skip)",
    "done": "the session is finished",
}


def _why_not(session: Session, kind: str) -> str:
    reason = _NEXT_STEP[session.phase]
    last = session.last_hold
    if session.phase == "resting" and last is not None and last.end_reason == "cap_reached":
        reason += f"; the last hold reached its {last.settings.cap_seconds:g} s cap"
    return reason
