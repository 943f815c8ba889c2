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
class Vignette:
    id: str
    source: str
    drawing: dict[str, float]
    side: str | None = None
    expect: tuple[str, ...] = ()
    chain: tuple[str, str] | None = None
    flags: tuple[str, ...] = ()
    qualities: dict[str, str] = field(default_factory=dict)
    symptoms: dict[str, bool] = field(default_factory=dict)  # red-flag answers

    def is_correct(self, atlas: Atlas, tp_id: str) -> bool:
        tp = atlas.trigger_points[tp_id]
        return tp.muscle in self.expect and tp.side == self.side


def load(path: Path = HERE / "vignettes.yaml") -> list[Vignette]:
    entries: list[dict[str, Any]] = yaml.safe_load(path.read_text())
    vignettes = []
    for entry in entries:
        if not entry.get("source"):
            raise ValueError(f"vignette {entry['id']} names no source")
        chain = entry.get("chain")
        vignettes.append(
            Vignette(
                id=entry["id"],
                source=entry["source"],
                drawing={str(k): float(v) for k, v in entry["drawing"].items()},
                side=entry.get("side"),
                expect=tuple(entry.get("expect", ())),
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
