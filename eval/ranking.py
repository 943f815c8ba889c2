"""Report section: finder against the workbook baseline per vignette group and split."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.table import Table

from eval.context import Context
from eval.vignettes import (
    Problem,
    Vignette,
    all_in_top,
    baseline_ranking,
    problem_ranks,
    rank_of_first_correct,
)

MULTI_GROUPS = ("multi-2", "multi-3")


@dataclass(frozen=True)
class Metrics:
    count: int
    top1: float
    top3: float
    all_in_top3: float
    mrr: float


def metrics(rows: Sequence[tuple[list[int], bool]]) -> Metrics:
    """rows per vignette: (each problem's rank among wrong points, every problem in the
    first 3). Top-1, top-3 and MRR average over problems, all-in-top-3 over drawings."""
    ranks = [r for problem_ranks, _ in rows for r in problem_ranks]
    n = len(ranks)
    return Metrics(
        len(rows),
        sum(r == 1 for r in ranks) / n,
        sum(r <= 3 for r in ranks) / n,
        sum(a for _, a in rows) / len(rows),
        sum(1 / r for r in ranks) / n,
    )


def _rows(ctx: Context, cases: Sequence[Vignette]) -> tuple[list, list]:
    finder, baseline = [], []
    for v in cases:
        ranking = [c.trigger_point for c in ctx.result(v).candidates]
        base = baseline_ranking(ctx.atlas, v.drawing)
        finder.append((problem_ranks(ctx.atlas, v, ranking), all_in_top(ctx.atlas, v, ranking)))
        baseline.append((problem_ranks(ctx.atlas, v, base), all_in_top(ctx.atlas, v, base)))
    return finder, baseline


def comparison(ctx: Context) -> dict[str, tuple[Metrics, Metrics]]:
    """Per group, per split and overall: (finder, baseline) metrics."""
    ranked = [v for v in ctx.vignettes if v.problems]
    sets: dict[str, list[Vignette]] = {}
    for v in ranked:
        sets.setdefault(v.group, []).append(v)
    for split in sorted({v.split for v in ranked}):
        sets[f"split: {split}"] = [v for v in ranked if v.split == split]
    sets["overall"] = ranked
    out = {}
    for name, cases in sets.items():
        finder, baseline = _rows(ctx, cases)
        out[name] = (metrics(finder), metrics(baseline))
    return out


def section(ctx: Context) -> None:
    table = Table(title="Source finder vs workbook baseline on the vignettes (eval/vignettes.yaml)")
    for column in ("group", "n", "top-1", "top-3", "all in top-3", "MRR", "top-1 gain"):
        table.add_column(column, justify="right" if column != "group" else "left")
    for name, (f, b) in comparison(ctx).items():
        table.add_row(
            name,
            str(f.count),
            f"{f.top1:.2f} / {b.top1:.2f}",
            f"{f.top3:.2f} / {b.top3:.2f}",
            f"{f.all_in_top3:.2f} / {b.all_in_top3:.2f}",
            f"{f.mrr:.3f} / {b.mrr:.3f}",
            f"{100 * (f.top1 - b.top1):+.1f} pts",
        )
    ctx.console.print(table)
    ctx.console.print(
        "cells are finder / baseline; target: finder top-1 >= baseline + 15 points "
        "overall and on every multi-source group"
    )
    for v in ctx.vignettes:
        if not v.problems:
            continue
        ranking = [c.trigger_point for c in ctx.result(v).candidates]
        rank = rank_of_first_correct(ctx.atlas, v, ranking)
        if rank > 3 or not all_in_top(ctx.atlas, v, ranking):
            # Name each problem (muscle and side) with the position of its first point, so
            # a bilateral case says which side is missing rather than "first correct at 1".
            at = [_position(ctx, p, ranking) for p in v.problems]
            problems = ", ".join(
                f"{'/'.join(p.expect)} {p.side} at {n}" for p, n in zip(v.problems, at, strict=True)
            )
            ctx.console.print(
                f"  miss {v.id} ({v.group}): {problems}; finder led with {ranking[0]}"
            )


def _position(ctx: Context, problem: Problem, ranking: list[str]) -> int:
    """Position (from 1) of the first listed point matching this problem."""
    for n, tp_id in enumerate(ranking, 1):
        if problem.matches(ctx.atlas, tp_id):
            return n
    return len(ranking) + 1


def flags_section(ctx: Context) -> None:
    chains_hit = chains_total = flags_hit = flags_total = false_flags = clean = 0
    for v in ctx.vignettes:
        result = ctx.result(v)
        if v.chain:
            chains_total += 1
            chains_hit += _chain_found(ctx, v, result.explanations[:3])
        raised = {f.code for f in result.flags} | {f.rule for f in result.flags}
        for code in v.flags:
            flags_total += 1
            flags_hit += code in raised
        if not v.flags:
            clean += 1
            false_flags += bool(raised)
    ctx.console.print(f"chains among the top 3 explanations: {chains_hit}/{chains_total}")
    ctx.console.print(f"flags raised where expected: {flags_hit}/{flags_total}")
    ctx.console.print(
        f"false flags (a flag on a vignette that expects none): {false_flags}/{clean}"
    )


def _chain_found(ctx: Context, v: Vignette, explanations) -> bool:
    assert v.chain is not None
    for e in explanations:
        for key, satellite in e.chains:
            k, s = ctx.atlas.trigger_points[key], ctx.atlas.trigger_points[satellite]
            if (k.muscle, s.muscle) == v.chain and k.side == v.side:
                return True
    return False
