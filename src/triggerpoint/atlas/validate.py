"""Cross-reference checks over everything the data files hold.

Each check returns problems instead of raising, so `atlas check` can list every
defect in one run: unknown regions, sources, stretches and muscles, duplicate ids,
empty essential zones, and satellite edges that point at nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from triggerpoint.atlas.entries import EdgeEntry, PointEntry
from triggerpoint.atlas.model import PREVALENCES, ZONES, Muscle, Source, Stretch
from triggerpoint.atlas.problems import Problem
from triggerpoint.atlas.sides import MARKERS, expand_zone, split_token
from triggerpoint.bodymap.regions import fine_regions

SOURCES_FILE = "sources.yaml"
STRETCHES_FILE = "stretches.yaml"
SATELLITES_FILE = "satellites.yaml"
UNREFERRED_FILE = "unreferred.yaml"


@cache
def base_regions() -> frozenset[str]:
    return frozenset(region.base for region in fine_regions().values())


def _duplicates(ids: Iterable[str]) -> set[str]:
    return {item for item, count in Counter(ids).items() if count > 1 and item}


def _unknown_sources(
    file: str, entry: str, cited: Sequence[str], sources: set[str]
) -> list[Problem]:
    if not cited:
        return [Problem(file, entry, "names no source")]
    return [Problem(file, entry, f"unknown source {sid!r}") for sid in cited if sid not in sources]


def check_sources(sources: list[Source]) -> list[Problem]:
    return [
        Problem(SOURCES_FILE, f"source {sid}", "duplicate id")
        for sid in sorted(_duplicates(s.id for s in sources))
    ]


def check_stretches(stretches: list[Stretch], source_ids: set[str]) -> list[Problem]:
    problems = [
        Problem(STRETCHES_FILE, f"stretch {sid}", "duplicate id")
        for sid in sorted(_duplicates(s.id for s in stretches))
    ]
    for stretch in stretches:
        problems += _unknown_sources(
            STRETCHES_FILE, f"stretch {stretch.id}", stretch.sources, source_ids
        )
    return problems


def check_muscles(
    muscles: list[Muscle], points: list[PointEntry], stretch_ids: set[str]
) -> list[Problem]:
    duplicated = _duplicates(m.id for m in muscles)
    with_points = {p.muscle for p in points}
    problems = []
    for muscle in muscles:
        file, entry = f"{muscle.area}.yaml", f"muscle {muscle.id}"
        if muscle.id in duplicated:
            problems.append(Problem(file, entry, "duplicate id"))
        problems += [
            Problem(file, entry, f"unknown stretch {sid!r}")
            for sid in muscle.stretches
            if sid not in stretch_ids
        ]
        if muscle.id not in with_points:
            problems.append(Problem(file, entry, "has no trigger points"))
    return problems


def check_points(
    points: list[PointEntry], muscle_ids: set[str], source_ids: set[str]
) -> list[Problem]:
    duplicated = _duplicates(p.base for p in points)
    problems: list[Problem] = []
    for point in points:
        entry = f"trigger point {point.base}"
        reasons = _point_reasons(point, muscle_ids)
        if point.base in duplicated:
            reasons.insert(0, "duplicate id")
        problems += [Problem(point.file, entry, reason) for reason in reasons]
        problems += _unknown_sources(point.file, entry, point.sources, source_ids)
    return problems


def _point_reasons(point: PointEntry, muscle_ids: set[str]) -> list[str]:
    reasons = []
    if point.muscle and point.muscle not in muscle_ids:
        reasons.append(f"unknown muscle {point.muscle!r}")
    elif point.muscle and not point.base.startswith(f"{point.muscle}-"):
        reasons.append(f"id must start with its muscle id {point.muscle!r}")
    if point.prevalence and point.prevalence not in PREVALENCES:
        reasons.append(f"unknown prevalence {point.prevalence!r} (use {', '.join(PREVALENCES)})")
    if point.location and point.location not in base_regions():
        reasons.append(f"unknown region {point.location!r} in location")
    if not point.essential:
        reasons.append("empty essential zone")
    seen: Counter[str] = Counter()
    for zone in ZONES:
        tokens: tuple[str, ...] = getattr(point, zone)
        for token in tokens:
            base, marker = split_token(token)
            if base not in base_regions() or marker not in MARKERS:
                reasons.append(f"unknown region {token!r} in {zone}")
        seen.update(expand_zone(tokens, "right"))
    reasons += [
        f"region {rid.removesuffix('-r')!r} is in more than one zone"
        for rid, count in seen.items()
        if count > 1
    ]
    return reasons


def check_edges(edges: list[EdgeEntry], point_ids: set[str], source_ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    pairs = Counter((edge.key, sat) for edge in edges for sat in edge.satellites)
    for edge in edges:
        entry = f"satellite edge {edge.key}"
        if edge.key and edge.key not in point_ids:
            problems.append(Problem(edge.file, entry, f"key points at nothing: {edge.key!r}"))
        for sat in edge.satellites:
            if sat not in point_ids:
                problems.append(Problem(edge.file, entry, f"satellite points at nothing: {sat!r}"))
            if sat == edge.key:
                problems.append(Problem(edge.file, entry, "a point cannot be its own satellite"))
            if pairs[(edge.key, sat)] > 1:
                problems.append(Problem(edge.file, entry, f"duplicate edge to {sat!r}"))
        if not edge.satellites:
            problems.append(Problem(edge.file, entry, "lists no satellites"))
        problems += _unknown_sources(edge.file, entry, edge.sources, source_ids)
    return problems


def check_unreferred(unreferred: dict[str, str], points: list[PointEntry]) -> list[Problem]:
    referred = {split_token(token)[0] for p in points for token in (*p.essential, *p.spillover)}
    problems = []
    for base in unreferred:
        entry = f"region {base}"
        if base not in base_regions():
            problems.append(Problem(UNREFERRED_FILE, entry, f"unknown region {base!r}"))
        elif base in referred:
            problems.append(
                Problem(
                    UNREFERRED_FILE, entry, "listed as unreferred, but a trigger point refers here"
                )
            )
    return problems
