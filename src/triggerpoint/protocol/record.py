"""The session record as plain JSON-ready dicts, and back.

The event log is the source of truth: the holds and points in a stored record are
derived from it, and loading a record replays the log and refuses one whose stored
summary disagrees with it (a hand-edited or truncated record).
"""

from __future__ import annotations

from typing import Any

from triggerpoint.protocol.events import event_from_dict, event_to_dict
from triggerpoint.protocol.session import Session, replay

RECORD_VERSION = 1


def session_to_dict(session: Session) -> dict[str, Any]:
    return {
        "version": RECORD_VERSION,
        "phase": session.phase,
        "events": [event_to_dict(event) for event in session.events],
        "holds": [hold.to_dict() for hold in session.holds],
        "points": [point.to_dict() for point in session.points],
        "not_reached": list(session.plan) if session.phase == "done" else [],
    }


def session_from_dict(data: dict[str, Any]) -> Session:
    """Replay a stored record's events; a summary that disagrees with them is an error."""
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise ValueError("a session record needs an 'events' list")
    if data.get("version", RECORD_VERSION) != RECORD_VERSION:
        raise ValueError(f"unsupported session record version {data.get('version')!r}")
    session = replay(event_from_dict(item) for item in data["events"])
    derived = session_to_dict(session)
    for key in ("phase", "holds", "points", "not_reached"):
        if key in data and data[key] != derived[key]:
            raise ValueError(f"the stored {key!r} disagree with the event log")
    return session
