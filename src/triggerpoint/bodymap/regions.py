"""The region vocabulary: CHOIR regions and the fine regions nested inside them.

Fine region ids are readable slugs with the client's side as suffix (`temple-r`,
`occiput-l`). Each is defined once, side-neutral, in `data/regions.yaml` (names and
CHOIR parent) and `data/anchors.yaml` (where it sits on the drawing), and mirrored
into both sides here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from triggerpoint.bodymap.choir import BY_CODE, CHOIR_REGIONS, ChoirRegion, Side, View, choir_at

SIDES: dict[str, Side] = {"r": "right", "l": "left"}
SUFFIX: dict[Side, str] = {"right": "r", "left": "l"}
BOTH_SIDES: tuple[Side, Side] = ("right", "left")


class UnknownRegionError(KeyError):
    """A region id or CHOIR code that the body map does not have."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True, slots=True)
class Region:
    """A fine region on one side of the body, inside exactly one CHOIR region."""

    id: str
    base: str
    label: str
    side: Side
    choir: int
    anchor: tuple[float, float]
    synonyms: tuple[str, ...]
    seeds: tuple[tuple[float, float], ...] = ()

    @property
    def view(self) -> View:
        return BY_CODE[self.choir].view

    @property
    def views(self) -> tuple[View, ...]:
        return (self.view,)

    @property
    def full_label(self) -> str:
        return f"{self.label} ({self.side})"


@dataclass(frozen=True, slots=True)
class _Definition:
    base: str
    label: str
    view: View
    part: str
    seeds: tuple[tuple[float, float], ...]
    synonyms: tuple[str, ...]


def _data(name: str) -> Any:
    text = resources.files("triggerpoint.bodymap").joinpath(name).read_text()
    # libyaml's loader when present: the pure-Python one takes a second at every start.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _seeds(points: Any, base: str) -> tuple[tuple[float, float], ...]:
    try:
        seeds = tuple((float(x), float(y)) for x, y in points)
    except (TypeError, ValueError):
        raise ValueError(f"anchors.yaml: {base!r} needs a list of [x, y] points") from None
    if not seeds:
        raise ValueError(f"anchors.yaml: {base!r} has no points")
    return seeds


def _definitions() -> list[_Definition]:
    entries: list[dict[str, Any]] = _data("data/regions.yaml")
    anchors: dict[str, Any] = _data("data/anchors.yaml")
    definitions = []
    for entry in entries:
        view, part = entry["parent"].split("/")
        if entry["id"] not in anchors:
            raise ValueError(f"anchors.yaml: no anchor for region {entry['id']!r}")
        seeds = _seeds(anchors[entry["id"]], entry["id"])
        definitions.append(
            _Definition(
                base=entry["id"],
                label=entry["label"],
                view=view,
                part=part,
                seeds=seeds,
                synonyms=tuple(entry.get("synonyms", ())),
            )
        )
    return definitions


@cache
def fine_regions() -> dict[str, Region]:
    """Every fine region by id, right side first, in the order of the data file."""
    regions: dict[str, Region] = {}
    definitions = _definitions()
    for side in BOTH_SIDES:
        for d in definitions:
            region = Region(
                id=f"{d.base}-{SUFFIX[side]}",
                base=d.base,
                label=d.label,
                side=side,
                choir=choir_at(d.view, d.part, side).code,
                anchor=d.seeds[0],
                synonyms=d.synonyms,
                seeds=d.seeds,
            )
            if region.id in regions:
                raise ValueError(f"regions.yaml: duplicate region id {d.base!r}")
            regions[region.id] = region
    return regions


def region(region_id: str) -> Region:
    """The fine region with this id; `UnknownRegionError` otherwise."""
    try:
        return fine_regions()[region_id]
    except KeyError:
        raise UnknownRegionError(f"unknown region {region_id!r}") from None


def choir_region(code: int) -> ChoirRegion:
    try:
        return BY_CODE[code]
    except KeyError:
        raise UnknownRegionError(f"unknown CHOIR code {code}") from None


@cache
def _children() -> dict[int, tuple[str, ...]]:
    children: dict[int, list[str]] = {r.code: [] for r in CHOIR_REGIONS}
    for fine in fine_regions().values():
        children[fine.choir].append(fine.id)
    return {code: tuple(ids) for code, ids in children.items()}


def expand(code: int) -> tuple[str, ...]:
    """The fine regions inside a CHOIR region (a mark on it means any of them)."""
    choir_region(code)
    return _children()[code]


def roll_up(region_ids: Iterable[str]) -> set[int]:
    """The CHOIR codes that a set of fine regions touches."""
    return {region(rid).choir for rid in region_ids}


def mirror(region_id: str) -> str:
    """The same region on the other side: `temple-r` <-> `temple-l`."""
    fine = region(region_id)
    other = "l" if fine.side == "right" else "r"
    return f"{fine.base}-{other}"


def resolve(token: str) -> tuple[str, ...]:
    """A fine region id or a CHOIR code, as the fine regions it stands for."""
    token = token.strip()
    if token.isdecimal():
        return expand(int(token))
    return (region(token).id,)
