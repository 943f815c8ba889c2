"""`make eval`: top-1, top-3 and mean reciprocal rank of the finder against a baseline."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.table import Table

from eval import interactive, redflags
from eval.vignettes import Vignette, baseline_ranking, load, rank_of_first_correct
from triggerpoint.atlas import load_atlas
from triggerpoint.finder import find


def _metrics(ranks: list[int]) -> tuple[float, float, float]:
    n = len(ranks)
    return (
        sum(r == 1 for r in ranks) / n,
        sum(r <= 3 for r in ranks) / n,
        sum(1 / r for r in ranks) / n,
    )


def main() -> int:
    atlas = load_atlas()
    vignettes = load()
    console = Console()
    ranked = [v for v in vignettes if v.expect]
    finder_ranks, baseline_ranks, misses = [], [], []
    chains_hit = chains_total = flags_hit = flags_total = 0
    for v in vignettes:
        result = find(v.drawing, v.qualities, top=len(atlas.trigger_points), symptoms=v.symptoms)
        if v.expect:
            ranking = [c.trigger_point for c in result.candidates]
            finder_ranks.append(rank_of_first_correct(atlas, v, ranking))
            baseline_ranks.append(
                rank_of_first_correct(atlas, v, baseline_ranking(atlas, v.drawing))
            )
            if finder_ranks[-1] > 3:
                misses.append((v, ranking[0], finder_ranks[-1]))
        if v.chain:
            chains_total += 1
            chains_hit += _chain_found(atlas, v, result.explanations[:3])
        for code in v.flags:
            flags_total += 1
            flags_hit += code in {f.code for f in result.flags} | {f.rule for f in result.flags}

    table = Table(title=f"Source finder on {len(ranked)} vignettes (eval/vignettes.yaml)")
    for column in ("ranker", "top-1", "top-3", "MRR"):
        table.add_column(column)
    for name, ranks in (("finder", finder_ranks), ("baseline (workbook)", baseline_ranks)):
        top1, top3, mrr = _metrics(ranks)
        table.add_row(name, f"{top1:.2f}", f"{top3:.2f}", f"{mrr:.3f}")
    console.print(table)
    console.print(f"chains among the top 3 explanations: {chains_hit}/{chains_total}")
    console.print(f"flags raised: {flags_hit}/{flags_total}")
    false_flags = _false_flags(vignettes)
    console.print(f"flags raised on vignettes that expect none: {false_flags}")
    for v, top, rank in misses:
        console.print(
            f"  miss {v.id}: expected {', '.join(v.expect)} ({v.side}), "
            f"finder led with {top}, first correct at {rank}"
        )
    # --- red flags and interactive mode (eval/redflags.py, eval/interactive.py) ---
    console.print(redflags.table())
    console.print(interactive.table())
    return 0


def _chain_found(atlas, v: Vignette, explanations) -> bool:
    assert v.chain is not None
    for e in explanations:
        for key, satellite in e.chains:
            k, s = atlas.trigger_points[key], atlas.trigger_points[satellite]
            if (k.muscle, s.muscle) == v.chain and k.side == v.side:
                return True
    return False


def _false_flags(vignettes: list[Vignette]) -> int:
    return sum(
        bool(find(v.drawing, v.qualities, symptoms=v.symptoms).flags)
        for v in vignettes
        if not v.flags
    )


if __name__ == "__main__":
    sys.exit(main())
