"""A tiny helper to write sessions as seconds after a fixed instant."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from triggerpoint.protocol import Event, Session, apply

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
POINT = "upper-trapezius-central-r"
OTHER = "levator-scapulae-upper-r"


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def run(events: Iterable[Event], session: Session | None = None) -> Session:
    session = session or Session()
    for event in events:
        session = apply(session, event)
    return session
