"""Report section: are the finder's probabilities honest? Reliability on a held-back
simulation (a seed never used for fitting) and on the vignettes, with a diagram."""

from __future__ import annotations

from rich.table import Table

from eval.context import Context
from eval.fit import HELD_SEED
from eval.reliability import ece, write_svg
from eval.simulate import Drawing, drawings, every_source_marked
from triggerpoint.finder import find

HELD_MIXED, HELD_TWO = 300, 200
TARGET_ECE, TARGET_ALL_IN_TOP3 = 0.08, 0.80
LONGER = (4, 5, 6)  # how the two-source figure grows with a longer list


def in_first_muscles(ctx: Context, cases: list[Drawing], ks: tuple[int, ...]) -> list[float]:
    """Per k, the share of drawings with every source's muscle and side among the first
    k distinct (muscle, side) answers of the listing."""
    hits = [0] * len(ks)
    for case in cases:
        listing = find(case.marks, top=6 * max(ks)).candidates
        distinct = list(dict.fromkeys((c.muscle, c.side) for c in listing))
        for n, k in enumerate(ks):
            hits[n] += case.truth(ctx.atlas) <= set(distinct[:k])
    return [h / max(len(cases), 1) for h in hits]


def _score(
    ctx: Context, cases: list[Drawing]
) -> tuple[list[tuple[float, bool]], float, float, float]:
    """(shown probability, right) for the top candidate, the share right first, and the
    share of drawings with every source's muscle and side in the top 3."""
    top: list[tuple[float, bool]] = []
    all3 = all3_muscles = 0
    for case in cases:
        result = find(case.marks)
        truth = case.truth(ctx.atlas)
        if not result.candidates:  # no candidate above the threshold: a miss at p = 0
            top.append((0.0, False))
            continue
        lead = result.candidates[0]
        top.append((lead.probability, (lead.muscle, lead.side) in truth))
        leading = {(c.muscle, c.side) for c in result.candidates[:3]}
        all3 += truth <= leading
        distinct: list[tuple[str, str]] = []
        for c in result.candidates:
            if (c.muscle, c.side) not in distinct:
                distinct.append((c.muscle, c.side))
        all3_muscles += truth <= set(distinct[:3])
    right = sum(hit for _, hit in top) / len(top)
    return top, right, all3 / len(cases), all3_muscles / len(cases)


def section(ctx: Context) -> None:
    mixed = drawings(ctx.atlas, HELD_SEED, HELD_MIXED)
    two = drawings(ctx.atlas, HELD_SEED + 1, HELD_TWO, sources=2)
    top_m, _, all3_m, muscles_m = _score(ctx, mixed)
    top_t, _, all3_t, muscles_t = _score(ctx, two)
    marked = [case for case in two if every_source_marked(ctx.atlas, case)]
    top_k, _, all3_k, muscles_k = _score(ctx, marked)
    vignette_pairs = []
    for v in ctx.vignettes:
        if v.problems:
            lead = ctx.result(v).candidates[0]
            vignette_pairs.append((lead.probability, v.is_correct(ctx.atlas, lead.trigger_point)))
    table = Table(title="Calibration of the top candidate (muscle and side), 10 bins")
    for column in (
        "set",
        "n",
        "mean shown p",
        "share right",
        "ECE",
        "all in top-3 points",
        "all in top-3 muscles",
    ):
        table.add_column(column, justify="left" if column == "set" else "right")

    def row(name: str, pairs: list[tuple[float, bool]], all3: str, muscles: str) -> None:
        mean = sum(p for p, _ in pairs) / len(pairs)
        right = sum(h for _, h in pairs) / len(pairs)
        table.add_row(
            name, str(len(pairs)), f"{mean:.2f}", f"{right:.2f}", f"{ece(pairs):.3f}", all3, muscles
        )

    row(
        f"held-back simulation, 1-2 sources (seed {HELD_SEED})",
        top_m,
        f"{all3_m:.2f}",
        f"{muscles_m:.2f}",
    )
    row(
        f"held-back simulation, 2 sources (seed {HELD_SEED + 1})",
        top_t,
        f"{all3_t:.2f}",
        f"{muscles_t:.2f}",
    )
    row(
        f"  the same, every source left a mark ({len(marked)} of {len(two)})",
        top_k,
        f"{all3_k:.2f}",
        f"{muscles_k:.2f}",
    )
    row("vignettes (literature)", vignette_pairs, "-", "-")
    ctx.console.print(table)
    svg = write_svg(
        {
            "held-back simulation": top_m,
            "two-source simulation": top_t,
            "vignettes": vignette_pairs,
        },
        ctx.artifacts / "reliability.svg",
    )
    verdict = lambda ok: "met" if ok else "MISSED"  # noqa: E731
    ctx.console.print(
        f"targets: ECE <= {TARGET_ECE} on the held-back simulation: "
        f"{verdict(ece(top_m) <= TARGET_ECE)} ({ece(top_m):.3f}); all sources in the top 3 "
        f"for >= {TARGET_ALL_IN_TOP3:.0%} of two-source drawings: "
        f"{verdict(all3_t >= TARGET_ALL_IN_TOP3)} ({all3_t:.0%} of the first 3 points; "
        f"{muscles_t:.0%} of the first 3 distinct muscles and sides; {all3_k:.0%} of the "
        f"{len(marked)} drawings where every source left a mark)"
    )
    every, where_marked = in_first_muscles(ctx, two, LONGER), in_first_muscles(ctx, marked, LONGER)
    longer = ", ".join(
        f"{k}: {a:.0%} ({b:.0%})" for k, a, b in zip(LONGER, every, where_marked, strict=True)
    )
    ctx.console.print(
        f"two-source drawings with both sources among the first k distinct muscles and sides "
        f"(where every source left a mark): {longer}"
    )
    ctx.console.print(
        "what is attainable on the two-source set: `python -m eval.oracle` ranks with the "
        "simulator's own likelihood (an estimated upper bound; about a minute)"
    )
    ctx.console.print(f"reliability diagram: {svg}")
