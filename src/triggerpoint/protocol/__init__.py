"""Guided pressure/release sessions: settings, events, the state machine and its prompts.

Pure Python: the web and clinic code feed it timestamped events and store what it
returns; nothing here reads the clock or touches a database.
"""

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
    Tick,
    event_from_dict,
    event_to_dict,
)
from triggerpoint.protocol.prompts import Breath, Prompt, Screen, pacer, screen
from triggerpoint.protocol.record import session_from_dict, session_to_dict
from triggerpoint.protocol.session import (
    END_REASONS,
    Hold,
    PointOutcome,
    ProtocolError,
    Session,
    apply,
    replay,
)
from triggerpoint.protocol.settings import DEFAULT_SETTINGS, ProtocolSettings, describe

__all__ = [
    "DEFAULT_SETTINGS",
    "END_REASONS",
    "Breath",
    "Event",
    "Finish",
    "Hold",
    "Locate",
    "PointOutcome",
    "Press",
    "Prompt",
    "ProtocolError",
    "ProtocolSettings",
    "Report",
    "RestDone",
    "Screen",
    "Session",
    "Skip",
    "Start",
    "Stop",
    "StretchDone",
    "TherapistRelease",
    "Tick",
    "apply",
    "describe",
    "event_from_dict",
    "event_to_dict",
    "pacer",
    "replay",
    "screen",
    "session_from_dict",
    "session_to_dict",
]
