"""What the screens read off a session besides its prompts: the therapist's allowed
actions, the client's last words, when a hold's cap has passed and when the screen
next changes on the clock alone.

Pure reads of a `Session` at an instant the caller gives (clinic/treatment/sessions.py
stores the events; the web's JSON state shows these), so they are tested without a
database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from triggerpoint.protocol.events import (
    Event,
    Finish,
    Locate,
    Press,
    Report,
    RestDone,
    Skip,
    Start,
    Stop,
    StretchDone,
    TherapistRelease,
)
from triggerpoint.protocol.session import ProtocolError, Session, apply


def allowed_actions(session: Session, now: datetime) -> tuple[str, ...]:
    """The therapist's actions the protocol accepts at `now`, in button order."""
    at = max(now, session.last_at or now)
    sample: dict[str, Event] = {
        "locate": Locate(at, session.plan[0] if session.plan else "next"),
        "press": Press(at),
        "report": Report(at, 5, "therapist"),
        "therapist_release": TherapistRelease(at),
        "rest_done": RestDone(at),
        "stretch_done": StretchDone(at),
        "skip": Skip(at),
        "finish": Finish(at),
    }
    ok = []
    for kind, event in sample.items():
        try:
            apply(session, event)
        except ProtocolError:
            continue
        # The protocol logs a report with no pressure on, but there is nothing to rate.
        if kind != "report" or session.phase == "holding":
            ok.append(kind)
    return tuple(ok)


def stamp(session: Session, now: datetime) -> datetime:
    """The instant to stamp a new event with: now, but never before the last event (a
    clock stepping back must not make the protocol refuse a client's stop)."""
    last = session.last_at
    return now if last is None or now >= last else last


def cap_at(session: Session) -> datetime | None:
    """When the hold under way reaches its cap; None with no pressure on."""
    hold = session.hold
    if session.phase != "holding" or hold is None:
        return None
    return hold.started_at + timedelta(seconds=hold.settings.cap_seconds)


def next_change(session: Session, now: datetime) -> datetime | None:
    """The next instant after `now` at which the screens' words or the allowed actions
    change with no event: a hold's planned time and its cap, a rest's or a stretch's end.
    None when nothing runs on the clock. A live screen sleeps until then."""
    marks: tuple[float, ...]
    if session.phase == "holding" and session.hold is not None:
        rules = session.hold.settings
        began = session.hold.started_at
        marks = (rules.hold_seconds, rules.cap_seconds)
    elif session.phase in ("resting", "stretching") and session.phase_since is not None:
        rules, began = session.settings, session.phase_since
        marks = (rules.rest_seconds if session.phase == "resting" else rules.stretch_seconds,)
    else:
        return None
    ahead = [began + timedelta(seconds=s) for s in marks]
    later = [at for at in ahead if at > now]
    return min(later) if later else None


def cap_passed(session: Session, now: datetime) -> datetime | None:
    """The cap instant of a hold whose cap has passed by `now`, else None."""
    cap = cap_at(session)
    return cap if cap is not None and now >= cap else None


@dataclass(frozen=True, slots=True)
class LastWords:
    """The latest intensity reported at the current trigger point, and a recent stop."""

    intensity: int | None
    intensity_by: str | None
    reported_at: datetime | None
    stopped_at: datetime | None


def last_words(session: Session) -> LastWords:
    """What the client said last at this point; a stop stays shown until the next press."""
    report: Report | None = None
    stop: Stop | None = None
    pressed = False
    for event in reversed(session.events):
        if isinstance(event, Locate | Start):
            break
        if isinstance(event, Press):
            pressed = True
        elif isinstance(event, Report) and report is None:
            report = event
        elif isinstance(event, Stop) and stop is None and not pressed:
            stop = event
    return LastWords(
        intensity=report.intensity if report else None,
        intensity_by=report.by if report else None,
        reported_at=report.at if report else None,
        stopped_at=stop.at if stop else None,
    )
