"""Protocol engine: cost of one event applied to a live session versus rebuilding the
session from its stored log on every event (what a stateless request handler that
keeps no session in memory would do). Tells the web layer whether to cache."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from triggerpoint.protocol import (
    Event,
    Locate,
    Press,
    ProtocolSettings,
    Report,
    RestDone,
    Session,
    Start,
    StretchDone,
    TherapistRelease,
    apply,
    replay,
)

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def session_log(points: int) -> list[Event]:
    """A realistic session: each point 3 cycles, a report every 5 s of a 60 s hold."""
    plan = tuple(f"tp-{i}" for i in range(points))
    events: list[Event] = [Start(T0, plan, ProtocolSettings())]
    t = 0.0

    def at() -> datetime:
        return T0 + timedelta(seconds=t)

    for point in plan:
        t += 20
        events.append(Locate(at(), point))
        for _ in range(3):
            t += 2
            events.append(Press(at()))
            for second in range(5, 60, 5):
                events.append(Report(T0 + timedelta(seconds=t + second), 6))
            t += 60
            events.append(TherapistRelease(at()))
            t += 30
            events.append(RestDone(at()))
        t += 30
        events.append(StretchDone(at()))
    return events


def incremental(events: list[Event]) -> Session:
    session = Session()
    for event in events:
        session = apply(session, event)
    return session


def replay_every_time(events: list[Event]) -> Session:
    session = Session()
    for i in range(1, len(events) + 1):
        session = replay(events[:i])
    return session


def timed(fn: Callable[[list[Event]], Session], events: list[Event]) -> float:
    start = time.perf_counter()
    fn(events)
    return time.perf_counter() - start


def main() -> None:
    print(f"{'points':>6} {'events':>7} {'apply ms':>9} {'per event us':>13} "
          f"{'replay-each ms':>15} {'ratio':>7}")  # fmt: skip
    for points in (1, 4, 8):
        events = session_log(points)
        assert incremental(events) == replay(events)
        fast = min(timed(incremental, events) for _ in range(3))
        slow = timed(replay_every_time, events)
        print(
            f"{points:>6} {len(events):>7} {fast * 1e3:>9.2f} {fast / len(events) * 1e6:>13.1f} "
            f"{slow * 1e3:>15.1f} {slow / fast:>6.0f}x"
        )


if __name__ == "__main__":
    main()
