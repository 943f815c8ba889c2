"""Red-flag vignettes: per rule, hits on the positive cases and firings on the negative.

The vignettes are the `red_flag` block at the end of eval/vignettes.yaml; each names its
source. A positive must raise its rule; a negative must raise no red flag at all
("unexplained" is an inference figure, not a red flag, and is reported apart).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from rich.table import Table

from eval.vignettes import HERE
from triggerpoint.finder import find


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    rule: str
    positive: bool
    raised: frozenset[str]  # every rule the finder raised

    @property
    def red(self) -> frozenset[str]:
        return self.raised - {"unexplained"}

    @property
    def right(self) -> bool:
        return self.rule in self.raised if self.positive else not self.red


def cases() -> list[Case]:
    entries: list[dict[str, Any]] = yaml.safe_load((HERE / "vignettes.yaml").read_text())
    found = []
    for e in entries:
        if "red_flag" not in e:
            continue
        if not e.get("source"):
            raise ValueError(f"vignette {e['id']} names no source")
        result = find(
            {str(k): float(v) for k, v in e["drawing"].items()},
            {str(k): v for k, v in e.get("qualities", {}).items()},
            symptoms=e.get("symptoms", {}),
        )
        found.append(
            Case(
                e["id"],
                e["red_flag"],
                bool(e.get("flags")),
                frozenset(f.rule for f in result.flags),
            )
        )
    return found


def table(found: list[Case] | None = None) -> Table:
    found = cases() if found is None else found
    result = Table(title=f"Red-flag vignettes by rule ({len(found)} cases, eval/vignettes.yaml)")
    for column in ("rule", "positives flagged", "negatives with a red flag", "unexplained also"):
        result.add_column(column)
    for rule in dict.fromkeys(c.rule for c in found):
        mine = [c for c in found if c.rule == rule]
        pos = [c for c in mine if c.positive]
        neg = [c for c in mine if not c.positive]
        result.add_row(
            rule,
            f"{sum(c.right for c in pos)}/{len(pos)}",
            f"{sum(not c.right for c in neg)}/{len(neg)}",
            str(sum("unexplained" in c.raised for c in mine)),
        )
    return result


if __name__ == "__main__":
    from rich.console import Console

    Console().print(table())
