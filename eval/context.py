"""What every section of the `make eval` report shares: the atlas, the vignettes, one
finder answer per vignette (computed once), and where to print and write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from eval.vignettes import Vignette, load
from triggerpoint.atlas import Atlas, load_atlas
from triggerpoint.finder import FinderResult, find

ARTIFACTS = Path("artifacts/eval")


@dataclass
class Context:
    atlas: Atlas = field(default_factory=load_atlas)
    vignettes: list[Vignette] = field(default_factory=load)
    console: Console = field(default_factory=lambda: Console(width=150))
    artifacts: Path = ARTIFACTS
    _results: dict[str, FinderResult] = field(default_factory=dict)

    def result(self, v: Vignette) -> FinderResult:
        """The finder's full ranking for a vignette, asked once per run."""
        if v.id not in self._results:
            self._results[v.id] = find(
                v.drawing, v.qualities, top=len(self.atlas.trigger_points), symptoms=v.symptoms
            )
        return self._results[v.id]
