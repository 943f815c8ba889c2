"""Source finder latency on realistic drawings, against a naive quickscore in the same run.

Drawings are contiguous-ish: regions from the referral zones of one or two random trigger
points (grown through points that refer into them when the drawing needs more regions)
plus a region or two of noise. The baseline is the textbook loop: every key set,
every subset of the marks, one numpy product over all nodes per subset (only at 4 and 8
marks: it grows as 79 * 2^marks Python iterations).
"""

from __future__ import annotations

import itertools
import random
import statistics
import time

import numpy as np
from rich.console import Console
from rich.table import Table

from triggerpoint.atlas import Atlas, load_atlas
from triggerpoint.finder import Evidence, Network, build_network, find, from_marks, infer
from triggerpoint.finder.config import value
from triggerpoint.finder.inference import columns

SIZES = (4, 8, 12, 16)
DRAWINGS = 200
BASELINE_DRAWINGS = 5


def drawing(atlas: Atlas, rng: random.Random, size: int) -> dict[str, float]:
    points = list(atlas.trigger_points.values())
    regions = sorted({r for tp in points for r in tp.local + tp.essential + tp.spillover})
    noise = rng.randint(1, 2) if size > 4 else rng.randint(0, 1)
    zone: list[str] = []
    for tp in rng.sample(points, rng.randint(1, 2)):
        zone.extend(r for r in tp.local + tp.essential + tp.spillover if r not in zone)
    # A big painful area: keep adding points that refer into what is already drawn.
    while len(zone) < size - noise:
        near = [
            tp
            for tp in points
            if set(tp.essential + tp.spillover) & set(zone)
            and set(tp.local + tp.essential + tp.spillover) - set(zone)
        ]
        tp = rng.choice(near or points)  # nothing nearby adds a region: start a new area
        zone.extend(r for r in tp.local + tp.essential + tp.spillover if r not in zone)
    picked = rng.sample(zone, min(len(zone), size - noise))
    while len(picked) < size:
        extra = rng.choice(regions)
        if extra not in picked:
            picked.append(extra)
    return {r: float(rng.randint(2, 9)) for r in picked}


def naive_posterior(network: Network, evidence: Evidence) -> np.ndarray:
    link, leak = columns(network, evidence.positives)
    e = np.exp(np.log1p(-evidence.negative[None, :] * network.link).sum(axis=1))
    keys = network.keys.tolist()
    odds = network.prior / (1 - network.prior)
    size = int(value("max_active_keys"))
    total, on = 0.0, np.zeros(len(network.nodes))
    for count in range(size + 1):
        for key_set in itertools.combinations(keys, count):
            pi = network.prior.copy()
            pi[keys] = 0.0
            pi[list(key_set)] = 1.0
            for k, s, q in zip(
                network.edge_key, network.edge_satellite, network.induction, strict=True
            ):
                if k in key_set:
                    pi[s] = 1 - (1 - pi[s]) * (1 - q)
            weight = float(np.prod(odds[list(key_set)]))
            for subset in range(2 ** len(evidence.positives)):
                coef, t = weight, np.ones(len(network.nodes))
                for j, p in enumerate(evidence.positives):
                    if subset >> j & 1:
                        coef *= -(p.a - p.b) * (1 - leak[j])
                        t = t * (1 - link[:, j])
                    else:
                        coef *= p.a
                g = 1 - pi + pi * e * t
                joint = coef * float(np.prod(g))
                total += joint
                on += joint * pi * e * t / g
    return on / total


def _time(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    atlas = load_atlas()
    builds = [_time(build_network, atlas) for _ in range(5)]
    network = build_network(atlas)
    rng = random.Random(20260524)
    table = Table(title=f"finder latency, {len(network.nodes)} trigger points, ms")
    for column in (
        "marks",
        "infer median",
        "infer p99",
        "find median",
        "find p99",
        "naive median",
        "naive / infer",
    ):
        table.add_column(column, justify="right")
    for size in SIZES:
        drawings = [drawing(atlas, rng, size) for _ in range(DRAWINGS)]
        evidences = [from_marks(network, d) for d in drawings]
        infer_ms = [_time(infer, network, ev) for ev in evidences]
        find_ms = [_time(find, d, None, (), 5, atlas, network) for d in drawings]
        naive = "-"
        ratio = "-"
        if size <= 8:
            sample = evidences[:BASELINE_DRAWINGS]
            naive_ms = [_time(naive_posterior, network, ev) for ev in sample]
            for ev in sample:  # the same answer, or the ratio means nothing
                assert np.allclose(naive_posterior(network, ev), infer(network, ev).posterior)
            naive = f"{statistics.median(naive_ms):.1f}"
            ratio = (
                f"{statistics.median(naive_ms) / statistics.median(infer_ms[: len(sample)]):.0f}x"
            )
        table.add_row(
            str(size),
            f"{statistics.median(infer_ms):.2f}",
            f"{np.percentile(infer_ms, 99):.2f}",
            f"{statistics.median(find_ms):.2f}",
            f"{np.percentile(find_ms, 99):.2f}",
            naive,
            ratio,
        )
    console = Console()
    console.print(table)
    console.print(
        f"network build: median {statistics.median(builds):.1f} ms over 5 builds "
        f"({len(network.nodes)} nodes x {len(network.regions)} regions, "
        f"{len(network.edge_key)} chain edges)"
    )
    console.print(
        "targets: infer median < 5 ms at 8 marks, p99 < 50 ms at 16 marks; "
        "find p99 < 100 ms at 16 marks"
    )


if __name__ == "__main__":
    main()
