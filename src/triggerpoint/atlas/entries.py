"""Side-neutral entries as written in the data files, read with shape checks.

Each reader returns what it could read and appends a `Problem` for every field that
is missing or of the wrong kind, so one run reports every defect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from triggerpoint.atlas.model import Muscle, Source, Stretch
from triggerpoint.atlas.problems import Problem


@dataclass(frozen=True)
class PointEntry:
    """A trigger point before mirroring: regions are base ids or `base@other|both`."""

    file: str
    base: str
    name: str
    muscle: str
    location: str
    find_it: str
    prevalence: str
    local: tuple[str, ...]
    essential: tuple[str, ...]
    spillover: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class EdgeEntry:
    """Explicit key -> satellites, by trigger point base id."""

    file: str
    key: str
    satellites: tuple[str, ...]
    sources: tuple[str, ...]
    note: str


class _Fields:
    """Typed access to one YAML mapping that records what is wrong with it."""

    def __init__(self, file: str, entry: str, data: dict[str, Any], problems: list[Problem]):
        self.file = file
        self.entry = entry
        self.data = data
        self.problems = problems

    def _problem(self, reason: str) -> None:
        self.problems.append(Problem(self.file, self.entry, reason))

    def text(self, key: str, *, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self._problem(f"missing field {key!r}")
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self._problem(f"field {key!r} must be non-empty text")
            return ""
        return " ".join(value.split())

    def number(self, key: str) -> int:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            self._problem(f"field {key!r} must be a positive whole number")
            return 0
        return value

    def ids(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                self._problem(f"missing field {key!r}")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._problem(f"field {key!r} must be a list of ids")
            return ()
        return tuple(value)


def _mappings(file: str, items: Any, what: str, problems: list[Problem]) -> list[_Fields]:
    if not isinstance(items, list):
        problems.append(Problem(file, what, "must be a list of entries"))
        return []
    fields = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(Problem(file, f"{what} #{index}", "must be a mapping"))
            continue
        raw_id = item.get("id", item.get("key"))
        name = f"{what} {raw_id}" if isinstance(raw_id, str) else f"{what} #{index}"
        fields.append(_Fields(file, name, item, problems))
    return fields


def read_sources(file: str, data: Any, problems: list[Problem]) -> list[Source]:
    return [
        Source(
            id=f.text("id"), citation=f.text("citation"), url=f.text("url", required=False) or None
        )
        for f in _mappings(file, data, "source", problems)
    ]


def read_stretches(file: str, data: Any, problems: list[Problem]) -> list[Stretch]:
    return [
        Stretch(
            id=f.text("id"),
            name=f.text("name"),
            instructions=f.text("instructions"),
            hold_seconds=f.number("hold_seconds"),
            repetitions=f.number("repetitions"),
            frequency=f.text("frequency"),
            sources=f.ids("sources"),
        )
        for f in _mappings(file, data, "stretch", problems)
    ]


def read_area(
    file: str, area: str, data: Any, problems: list[Problem]
) -> tuple[list[Muscle], list[PointEntry]]:
    if not isinstance(data, dict):
        problems.append(Problem(file, "file", "must map 'muscles' and 'trigger_points'"))
        return [], []
    muscles = [
        Muscle(
            id=f.text("id"),
            name=f.text("name"),
            group=f.text("group"),
            action=f.text("action"),
            area=area,
            stretches=f.ids("stretches"),
        )
        for f in _mappings(file, data.get("muscles"), "muscle", problems)
    ]
    points = [
        PointEntry(
            file=file,
            base=f.text("id"),
            name=f.text("name"),
            muscle=f.text("muscle"),
            location=f.text("location"),
            find_it=f.text("find_it"),
            prevalence=f.text("prevalence"),
            local=f.ids("local", required=False),
            essential=f.ids("essential"),
            spillover=f.ids("spillover", required=False),
            sources=f.ids("sources"),
        )
        for f in _mappings(file, data.get("trigger_points"), "trigger point", problems)
    ]
    return muscles, points


def read_edges(file: str, data: Any, problems: list[Problem]) -> list[EdgeEntry]:
    return [
        EdgeEntry(
            file=file,
            key=f.text("key"),
            satellites=f.ids("satellites"),
            sources=f.ids("sources"),
            note=f.text("note", required=False),
        )
        for f in _mappings(file, data, "satellite edge", problems)
    ]


def read_unreferred(file: str, data: Any, problems: list[Problem]) -> dict[str, str]:
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        problems.append(Problem(file, "file", "must map region ids to reasons"))
        return {}
    return {key: " ".join(value.split()) for key, value in data.items()}
