"""Read the data directory, validate it as a whole, and build the sided atlas."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from triggerpoint.atlas import entries, selfcare_read, validate
from triggerpoint.atlas.model import Atlas, Muscle
from triggerpoint.atlas.problems import AtlasError, Problem
from triggerpoint.atlas.satellites import derived_edges, explicit_edges
from triggerpoint.atlas.sides import SIDES, point_on

# libyaml's safe loader when PyYAML was built with it: 24 ms for the atlas where the
# pure-Python one takes 280 ms, at every CLI call and worker start. The same documents.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DATA_DIR = Path(__file__).parent / "data"
NOT_AREAS = {
    validate.SOURCES_FILE,
    validate.STRETCHES_FILE,
    validate.SATELLITES_FILE,
    validate.UNREFERRED_FILE,
    selfcare_read.METHODS_FILE,
    selfcare_read.SELFCARE_FILE,
}


def load_atlas(data_dir: Path | None = None) -> Atlas:
    """The atlas in `data_dir` (the shipped data by default, read once).

    Raises `AtlasError` listing every problem found when the data does not validate.
    """
    if data_dir is None:
        return _shipped()
    return _load(Path(data_dir))


@cache
def _shipped() -> Atlas:
    return _load(DATA_DIR)


def _read(path: Path, problems: list[Problem], *, required: bool = True) -> Any:
    if not path.exists():
        if required:
            problems.append(Problem(path.name, "file", "missing"))
        return None
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        problems.append(
            Problem(path.name, "file", "not valid YAML: " + " ".join(str(error).split()))
        )
        return None


def _load(data_dir: Path) -> Atlas:
    problems: list[Problem] = []
    sources = entries.read_sources(
        validate.SOURCES_FILE, _read(data_dir / validate.SOURCES_FILE, problems), problems
    )
    stretches = entries.read_stretches(
        validate.STRETCHES_FILE, _read(data_dir / validate.STRETCHES_FILE, problems), problems
    )
    muscles: list[Muscle] = []
    points: list[entries.PointEntry] = []
    for path in sorted(data_dir.glob("*.yaml")):
        if path.name in NOT_AREAS:
            continue
        area_muscles, area_points = entries.read_area(
            path.name, path.stem, _read(path, problems), problems
        )
        muscles += area_muscles
        points += area_points
    edges = entries.read_edges(
        validate.SATELLITES_FILE, _read(data_dir / validate.SATELLITES_FILE, problems), problems
    )
    unreferred_data = _read(data_dir / validate.UNREFERRED_FILE, problems, required=False)
    unreferred = (
        {}
        if unreferred_data is None
        else entries.read_unreferred(validate.UNREFERRED_FILE, unreferred_data, problems)
    )

    source_ids = {s.id for s in sources}
    problems += validate.check_sources(sources)
    problems += validate.check_stretches(stretches, source_ids)
    problems += validate.check_muscles(muscles, points, {s.id for s in stretches})
    problems += validate.check_points(points, {m.id for m in muscles}, source_ids)
    problems += validate.check_edges(edges, {p.base for p in points}, source_ids)
    problems += validate.check_unreferred(unreferred, points)
    self_care = selfcare_read.read_self_care(
        _read(data_dir / selfcare_read.METHODS_FILE, problems, required=False),
        _read(data_dir / selfcare_read.SELFCARE_FILE, problems, required=False),
        points,
        {m.id for m in muscles},
        validate.base_regions(),
        source_ids,
        problems,
    )
    if problems:
        raise AtlasError(problems)

    trigger_points = {tp.id: tp for side in SIDES for tp in (point_on(p, side) for p in points)}
    explicit = explicit_edges(edges)
    return Atlas(
        sources={s.id: s for s in sources},
        stretches={s.id: s for s in stretches},
        muscles={m.id: m for m in muscles},
        trigger_points=trigger_points,
        satellites=(*explicit, *derived_edges(trigger_points, explicit)),
        unreferred=unreferred,
        self_care=self_care,
    )
