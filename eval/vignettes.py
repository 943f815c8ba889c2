"""Loading the vignettes and ranking trigger points for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from triggerpoint.atlas import Atlas
from triggerpoint.bodymap.regions import resolve

HERE = Path(__file__).parent
PREVALENCE_ORDER = {"common": 0, "frequent": 1, "occasional": 2}


@dataclass(frozen=True)
class Problem:
    """One source the drawing should be traced to: any of these muscles, on this side."""

    expect: tuple[str, ...]
    side: str | None

    def matches(self, atlas: Atlas, tp_id: str) -> bool:
        tp = atlas.trigger_points[tp_id]
        return tp.muscle in self.expect and tp.side == self.side


@dataclass(frozen=True)
class Vignette:
    id: str
    source: str
    drawing: dict[str, float]
    problems: tuple[Problem, ...] = ()
    group: str = "single"
    split: str = "development"
    chain: tuple[str, str] | None = None
    flags: tuple[str, ...] = ()
    qualities: dict[str, str] = field(default_factory=dict)
    symptoms: dict[str, bool] = field(default_factory=dict)  # red-flag answers

    @property
    def expect(self) -> tuple[str, ...]:
        return tuple(m for p in self.problems for m in p.expect)

    @property
    def side(self) -> str | None:
        return self.problems[0].side if self.problems else None

    def is_correct(self, atlas: Atlas, tp_id: str) -> bool:
        return any(p.matches(atlas, tp_id) for p in self.problems)


def load(path: Path = HERE / "vignettes.yaml") -> list[Vignette]:
    entries: list[dict[str, Any]] = yaml.safe_load(path.read_text())
    vignettes = []
    for entry in entries:
        if not entry.get("source"):
            raise ValueError(f"vignette {entry['id']} names no source")
        chain = entry.get("chain")
        if "sources" in entry:
            problems = tuple(Problem(tuple(s["expect"]), s.get("side")) for s in entry["sources"])
        elif entry.get("expect"):
            problems = (Problem(tuple(entry["expect"]), entry.get("side")),)
        else:
            problems = ()
        vignettes.append(
            Vignette(
                id=entry["id"],
                source=entry["source"],
                drawing={str(k): float(v) for k, v in entry["drawing"].items()},
                problems=problems,
                group=entry.get("group", "single" if problems else "flag"),
                split=entry.get("split", "development"),
                chain=(chain[0], chain[1]) if chain else None,
                flags=tuple(entry.get("flags", ())),
                qualities={str(k): v for k, v in entry.get("qualities", {}).items()},
                symptoms={str(k): bool(v) for k, v in entry.get("symptoms", {}).items()},
            )
        )
    return vignettes


def baseline_ranking(atlas: Atlas, drawing: dict[str, float]) -> list[str]:
    """A workbook pain guide: look each marked region up and count, per trigger point,
    how many marked regions lie in its essential zone; ties go to the more prevalent."""
    marked = [set(resolve(token)) for token, x in drawing.items() if x > 0]

    def score(tp_id: str) -> tuple[int, int, str]:
        tp = atlas.trigger_points[tp_id]
        hits = sum(1 for regions in marked if regions & set(tp.essential))
        return (-hits, PREVALENCE_ORDER[tp.prevalence], tp_id)

    return sorted(atlas.trigger_points, key=score)


def rank_of_first_correct(atlas: Atlas, vignette: Vignette, ranking: list[str]) -> int:
    for n, tp_id in enumerate(ranking, 1):
        if vignette.is_correct(atlas, tp_id):
            return n
    return len(ranking) + 1


def problem_ranks(atlas: Atlas, vignette: Vignette, ranking: list[str]) -> list[int]:
    """Per problem: 1 + the number of wrong points (matching no problem of the drawing)
    ranked above its first correct point. For one problem this is the plain rank; for
    several, another problem's point ahead is not counted against it (the usual rank
    among negatives of multi-label ranking), so top-1 asks that no wrong point leads."""
    ranks = []
    for problem in vignette.problems:
        wrong = 0
        for tp_id in ranking:
            if problem.matches(atlas, tp_id):
                break
            if not vignette.is_correct(atlas, tp_id):
                wrong += 1
        else:
            wrong = len(ranking)
        ranks.append(wrong + 1)
    return ranks


def all_in_top(atlas: Atlas, vignette: Vignette, ranking: list[str], k: int = 3) -> bool:
    """Every problem of the vignette has a correct point among the first k."""
    return all(any(p.matches(atlas, t) for t in ranking[:k]) for p in vignette.problems)
