"""What can happen during a guided session, each with the instant it happened.

The caller stamps every event (`at`, timezone-aware); the engine never reads the
clock. Events are plain frozen dataclasses and round-trip through JSON-ready dicts
so a stored log replays to the same session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Literal

from triggerpoint.protocol.settings import DEFAULT_SETTINGS, ProtocolSettings

Reporter = Literal["client", "therapist"]
REPORTERS: tuple[Reporter, ...] = ("client", "therapist")


@dataclass(frozen=True, slots=True)
class Event:
    kind: ClassVar[str] = "event"
    at: datetime

    def __post_init__(self) -> None:
        if not isinstance(self.at, datetime):
            raise ValueError(f"{self.kind}: 'at' must be a datetime, got {self.at!r}")
        if self.at.utcoffset() is None:
            raise ValueError(f"{self.kind}: 'at' must carry a time zone (store instants in UTC)")

    def payload(self) -> dict[str, Any]:
        return {}


@dataclass(frozen=True, slots=True)
class Start(Event):
    """The session begins with an ordered plan of trigger point ids."""

    kind: ClassVar[str] = "start"
    plan: tuple[str, ...]
    settings: ProtocolSettings = DEFAULT_SETTINGS

    def __post_init__(self) -> None:
        Event.__post_init__(self)
        if any(not isinstance(tp, str) or not tp for tp in self.plan):
            raise ValueError("start: plan entries must be non-empty trigger point ids")
        if len(set(self.plan)) != len(self.plan):
            raise ValueError("start: the plan names a trigger point twice")

    def payload(self) -> dict[str, Any]:
        return {"plan": list(self.plan), "settings": self.settings.to_dict()}


@dataclass(frozen=True, slots=True)
class Locate(Event):
    """The therapist has found the trigger point and is ready to press."""

    kind: ClassVar[str] = "locate"
    trigger_point: str

    def __post_init__(self) -> None:
        Event.__post_init__(self)
        if not isinstance(self.trigger_point, str) or not self.trigger_point:
            raise ValueError("locate: a trigger point id is required")

    def payload(self) -> dict[str, Any]:
        return {"trigger_point": self.trigger_point}


@dataclass(frozen=True, slots=True)
class Press(Event):
    kind: ClassVar[str] = "press"


@dataclass(frozen=True, slots=True)
class Report(Event):
    """An intensity 0-10 felt under the pressure, from the client's phone or the therapist."""

    kind: ClassVar[str] = "report"
    intensity: int
    by: Reporter = "client"

    def __post_init__(self) -> None:
        Event.__post_init__(self)
        value = self.intensity
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10:
            raise ValueError(f"report: intensity must be a whole number 0-10, got {value!r}")
        if self.by not in REPORTERS:
            raise ValueError(f"report: 'by' must be client or therapist, got {self.by!r}")

    def payload(self) -> dict[str, Any]:
        return {"intensity": self.intensity, "by": self.by}


@dataclass(frozen=True, slots=True)
class TherapistRelease(Event):
    """The therapist feels the tissue let go."""

    kind: ClassVar[str] = "therapist_release"


@dataclass(frozen=True, slots=True)
class Tick(Event):
    """Time passes; lets the engine apply the cap."""

    kind: ClassVar[str] = "tick"


@dataclass(frozen=True, slots=True)
class Stop(Event):
    """The client asks to stop: pressure comes off at once."""

    kind: ClassVar[str] = "stop"


@dataclass(frozen=True, slots=True)
class RestDone(Event):
    kind: ClassVar[str] = "rest_done"


@dataclass(frozen=True, slots=True)
class StretchDone(Event):
    kind: ClassVar[str] = "stretch_done"


@dataclass(frozen=True, slots=True)
class Skip(Event):
    """Leave the current trigger point, or pass over the next planned one."""

    kind: ClassVar[str] = "skip"


@dataclass(frozen=True, slots=True)
class Finish(Event):
    kind: ClassVar[str] = "finish"


EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        Start, Locate, Press, Report, TherapistRelease, Tick, Stop,
        RestDone, StretchDone, Skip, Finish,
    )
}  # fmt: skip


def event_to_dict(event: Event) -> dict[str, Any]:
    return {"kind": event.kind, "at": event.at.isoformat(), **event.payload()}


def event_from_dict(data: dict[str, Any]) -> Event:
    """Rebuild an event from its stored dict; anything malformed raises ValueError."""
    if not isinstance(data, dict):
        raise ValueError(f"an event must be a dict, got {type(data).__name__}")
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in EVENT_TYPES:
        raise ValueError(f"unknown event kind {kind!r}")
    cls = EVENT_TYPES[kind]
    try:
        at = datetime.fromisoformat(data["at"])
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"{kind}: 'at' must be an ISO 8601 instant ({error})") from None
    extra = {key: value for key, value in data.items() if key not in ("kind", "at")}
    unknown = sorted(set(extra) - _PAYLOAD_KEYS[kind])
    if unknown:
        raise ValueError(f"{kind}: unexpected field(s) {', '.join(unknown)}")
    if "settings" in extra:
        if not isinstance(extra["settings"], dict):
            raise ValueError(f"{kind}: settings must be a dict")
        extra["settings"] = ProtocolSettings.from_dict(extra["settings"])
    if "plan" in extra:
        if not isinstance(extra["plan"], list | tuple):
            raise ValueError(f"{kind}: plan must be a list of trigger point ids")
        extra["plan"] = tuple(extra["plan"])
    return cls(at=at, **extra)


_PAYLOAD_KEYS: dict[str, set[str]] = {
    "start": {"plan", "settings"},
    "locate": {"trigger_point"},
    "report": {"intensity", "by"},
}
_PAYLOAD_KEYS.update({kind: set() for kind in EVENT_TYPES if kind not in _PAYLOAD_KEYS})
