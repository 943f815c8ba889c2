"""Read and validate the self-care files: methods, cautions and factors, then the
per-point self-treatments and per-muscle factors that use them.

Like the zones, every defect becomes a `Problem` naming the file and the entry: an
unknown tool, a dose out of range, a caution missing from a point over an
endangerment site, an id that points at nothing. A trigger point or muscle without
self-care is not a defect; `atlas stats` reports the coverage.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from triggerpoint.atlas.entries import PointEntry
from triggerpoint.atlas.problems import Problem
from triggerpoint.atlas.selfcare import (
    CAUTION_KINDS,
    FACTOR_KINDS,
    HOLD_RANGE,
    PRESSURE_RANGE,
    REPETITIONS_RANGE,
    STROKES_RANGE,
    TIMES_A_DAY_RANGE,
    TOOLS,
    Caution,
    Factor,
    SelfCare,
    SelfTreatment,
)

METHODS_FILE = "selfcare-methods.yaml"
SELFCARE_FILE = "selfcare.yaml"
# What a trigger point entry may set over its method's values.
OVERRIDES = (
    "tool", "position", "technique", "pressure", "hold_seconds", "strokes",
    "repetitions", "times_a_day", "avoid",
)  # fmt: skip


class _Report:
    """Problems for one entry of one file."""

    def __init__(self, file: str, entry: str, problems: list[Problem]) -> None:
        self.file, self.entry, self.problems = file, entry, problems

    def add(self, reason: str) -> None:
        self.problems.append(Problem(self.file, self.entry, reason))


def _text(data: dict[str, Any], key: str, report: _Report) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        report.add(f"field {key!r} must be non-empty text")
        return ""
    return " ".join(value.split())


def _ids(data: dict[str, Any], key: str, report: _Report, *, required: bool) -> tuple[str, ...]:
    value = data.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        report.add(f"field {key!r} must be a list of ids")
        return ()
    return tuple(value)


def _whole(value: Any, key: str, bounds: tuple[int, int], unit: str, report: _Report) -> int:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        report.add(f"{key} must be a whole number from {low} to {high} {unit}, got {value!r}")
        return 0
    return value


def _entries(
    file: str, items: Any, what: str, problems: list[Problem]
) -> list[tuple[dict[str, Any], _Report]]:
    if not isinstance(items, list):
        problems.append(Problem(file, what, "must be a list of entries"))
        return []
    found = []
    for index, item in enumerate(items, start=1):
        raw_id = item.get("id") if isinstance(item, dict) else None
        report = _Report(
            file, f"{what} {raw_id}" if isinstance(raw_id, str) else f"{what} #{index}", problems
        )
        if not isinstance(item, dict):
            report.add("must be a mapping")
            continue
        found.append((item, report))
    return found


def _check_sources(cited: Iterable[str], sources: set[str], report: _Report) -> None:
    for sid in cited:
        if sid not in sources:
            report.add(f"unknown source {sid!r}")


def _duplicate(seen: set[str], item_id: str, report: _Report) -> None:
    if item_id in seen:
        report.add("duplicate id")
    seen.add(item_id)


def read_cautions(
    data: Any, regions: frozenset[str], sources: set[str], problems: list[Problem]
) -> dict[str, Caution]:
    cautions: dict[str, Caution] = {}
    for item, report in _entries(METHODS_FILE, data, "caution", problems):
        kind = item.get("kind")
        if kind not in CAUTION_KINDS:
            report.add(f"unknown kind {kind!r} (use {', '.join(CAUTION_KINDS)})")
        where = _ids(item, "regions", report, required=False)
        for rid in where:
            if rid not in regions:
                report.add(f"unknown region {rid!r} in regions")
        cited = _ids(item, "sources", report, required=True)
        _check_sources(cited, sources, report)
        caution = Caution(
            id=_text(item, "id", report),
            kind="site" if kind == "site" else "condition",
            title=_text(item, "title", report),
            text=_text(item, "text", report),
            regions=where,
            everywhere=item.get("everywhere") is True,
            sources=cited,
        )
        if caution.id in cautions:
            report.add("duplicate id")
        cautions[caution.id] = caution
    return cautions


def read_factors(data: Any, sources: set[str], problems: list[Problem]) -> dict[str, Factor]:
    factors: dict[str, Factor] = {}
    for item, report in _entries(METHODS_FILE, data, "factor", problems):
        kind = item.get("kind")
        if kind not in FACTOR_KINDS:
            report.add(f"unknown kind {kind!r} (use {', '.join(FACTOR_KINDS)})")
        cited = _ids(item, "sources", report, required=True)
        _check_sources(cited, sources, report)
        factor = Factor(
            id=_text(item, "id", report),
            kind=str(kind),
            factor=_text(item, "factor", report),
            change=_text(item, "change", report),
            everywhere=item.get("everywhere") is True,
            sources=cited,
        )
        if factor.id in factors:
            report.add("duplicate id")
        factors[factor.id] = factor
    return factors


def read_methods(
    data: Any, sources: set[str], problems: list[Problem]
) -> dict[str, dict[str, Any]]:
    """Method id -> its raw values; a method is checked as the dose it gives a point."""
    methods: dict[str, dict[str, Any]] = {}
    for item, report in _entries(METHODS_FILE, data, "method", problems):
        method_id = _text(item, "id", report)
        if method_id in methods:
            report.add("duplicate id")
        _build_treatment("", method_id, item, report)
        cited = _ids(item, "sources", report, required=True)
        _check_sources(cited, sources, report)
        methods[method_id] = item
    return methods


def _pressure(value: Any, report: _Report) -> tuple[int, int]:
    low, high = PRESSURE_RANGE
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and low <= value[0] <= value[1] <= high
    ):
        return value[0], value[1]
    report.add(f"pressure must be [least, most] discomfort within {low}-{high}/10, got {value!r}")
    return low, low


def _build_treatment(
    point: str, method: str, values: dict[str, Any], report: _Report
) -> SelfTreatment:
    tool = values.get("tool")
    if tool not in TOOLS:
        report.add(f"unknown tool {tool!r} (use {', '.join(TOOLS)})")
    hold, strokes = values.get("hold_seconds"), values.get("strokes")
    if (hold is None) == (strokes is None):
        report.add("give exactly one of hold_seconds and strokes")
    return SelfTreatment(
        point=point,
        method=method,
        tool=str(tool),
        position=_text(values, "position", report),
        place=_text(values, "place", report) if point else "",
        technique=_text(values, "technique", report),
        pressure=_pressure(values.get("pressure"), report),
        hold_seconds=None
        if hold is None
        else _whole(hold, "hold_seconds", HOLD_RANGE, "s", report),
        strokes=None
        if strokes is None
        else _whole(strokes, "strokes", STROKES_RANGE, "strokes", report),
        repetitions=_whole(values.get("repetitions"), "repetitions", REPETITIONS_RANGE, "", report),
        times_a_day=_whole(values.get("times_a_day"), "times_a_day", TIMES_A_DAY_RANGE, "", report),
        avoid=_text(values, "avoid", report),
        cautions=(),
        sources=(),
    )


def read_treatments(
    data: Any,
    methods: dict[str, dict[str, Any]],
    cautions: dict[str, Caution],
    points: dict[str, PointEntry],
    sources: set[str],
    problems: list[Problem],
) -> dict[str, SelfTreatment]:
    treatments: dict[str, SelfTreatment] = {}
    seen: set[str] = set()
    for item, report in _entries(SELFCARE_FILE, data, "self-treatment", problems):
        base = _text(item, "id", report)
        _duplicate(seen, base, report)
        point = points.get(base)
        if base and point is None:
            report.add(f"unknown trigger point {base!r}")
        method_id = item.get("method")
        if method_id not in methods:
            report.add(f"unknown method {method_id!r}")
            continue
        unknown = sorted(set(item) - {"id", "method", "place", "cautions", "sources", *OVERRIDES})
        for key in unknown:
            report.add(f"unknown field {key!r}")
        values = {**methods[method_id], **{k: item[k] for k in OVERRIDES if k in item}}
        if "hold_seconds" in item and "strokes" not in item:
            values.pop("strokes", None)
        if "strokes" in item and "hold_seconds" not in item:
            values.pop("hold_seconds", None)
        values["place"] = item.get("place")
        built = _build_treatment(base, str(method_id), values, report)
        carried = _ids(item, "cautions", report, required=False)
        for cid in carried:
            if cid not in cautions:
                report.add(f"unknown caution {cid!r}")
        if point is not None:
            for caution in cautions.values():
                if point.location in caution.regions and caution.id not in carried:
                    report.add(
                        f"located over {point.location!r} but does not carry caution "
                        f"{caution.id!r} ({caution.title})"
                    )
        own = _ids(item, "sources", report, required=False)
        _check_sources(own, sources, report)
        method_sources = tuple(methods[method_id].get("sources") or ())
        cited = tuple(dict.fromkeys((*method_sources, *own)))
        treatments[base] = replace(built, cautions=carried, sources=cited)
    return treatments


def read_muscle_factors(
    data: Any, factors: dict[str, Factor], muscle_ids: set[str], problems: list[Problem]
) -> dict[str, tuple[str, ...]]:
    if not isinstance(data, dict):
        problems.append(Problem(SELFCARE_FILE, "muscles", "must map muscle ids to factor ids"))
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for muscle_id, value in data.items():
        report = _Report(SELFCARE_FILE, f"muscle {muscle_id}", problems)
        if muscle_id not in muscle_ids:
            report.add(f"unknown muscle {muscle_id!r}")
        ids = _ids({"factors": value}, "factors", report, required=True)
        for fid in ids:
            if fid not in factors:
                report.add(f"unknown factor {fid!r}")
        if len(set(ids)) != len(ids):
            report.add("lists a factor twice")
        found[str(muscle_id)] = ids
    return found


def read_self_care(
    methods_data: Any,
    selfcare_data: Any,
    points: list[PointEntry],
    muscle_ids: set[str],
    regions: frozenset[str],
    sources: set[str],
    problems: list[Problem],
) -> SelfCare:
    """Everything in the two files, cross-checked against the area files' points."""
    if methods_data is None and selfcare_data is None:
        return SelfCare()
    library = methods_data if isinstance(methods_data, dict) else {}
    if not isinstance(methods_data, dict):
        problems.append(Problem(METHODS_FILE, "file", "must map 'cautions', 'methods', 'factors'"))
    body = selfcare_data if isinstance(selfcare_data, dict) else {}
    if not isinstance(selfcare_data, dict):
        problems.append(Problem(SELFCARE_FILE, "file", "must map 'trigger_points' and 'muscles'"))
    cautions = read_cautions(library.get("cautions"), regions, sources, problems)
    factors = read_factors(library.get("factors"), sources, problems)
    methods = read_methods(library.get("methods"), sources, problems)
    by_base = {p.base: p for p in points}
    return SelfCare(
        cautions=cautions,
        treatments=read_treatments(
            body.get("trigger_points"), methods, cautions, by_base, sources, problems
        ),
        factors=factors,
        muscle_factors=read_muscle_factors(body.get("muscles"), factors, muscle_ids, problems),
    )
