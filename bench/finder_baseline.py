"""The finder's inference against a fair baseline: plain vectorised quickscore.

bench/finder.py compares `find()` with a workbook look-up (count hits, sort), the least a
ranked answer can cost. This one asks what the project's inference tricks (splitting the
network into independent components, the key layer, cached chains, approximate answers
past a size) buy over the textbook exact algorithm done well: Heckerman's quickscore
over the flat noisy-OR (every node's prior, link and leak, the same soft positive and
weak negative evidence), all 2^F subsets of the F findings at once as numpy matrices,
in log space. It ignores the chain edges, so its posteriors are not the project's; its
cost is what exact inference costs without structure. Same drawings as bench/finder.py.
"""

from __future__ import annotations

import os
import random
import statistics
import time

import numpy as np

from bench.finder import drawing
from triggerpoint.atlas import load_atlas
from triggerpoint.finder import build_network, from_marks, infer
from triggerpoint.finder.network import Network

SIZES = (1, 4, 8, 12, 16)
DRAWINGS = 40


def quickscore(network: Network, evidence: object) -> np.ndarray:
    """Exact posteriors P(node | evidence) of the flat noisy-OR, by quickscore."""
    positives = evidence.positives  # type: ignore[attr-defined]
    negative = evidence.negative  # type: ignore[attr-defined]
    prior = network.prior
    # Unmarked regions: each node's factor prod_r (1 - s_r * link_ir), the same for every subset.
    unmarked = np.exp(np.log1p(-network.link * negative[None, :]).sum(axis=1))
    links = (
        np.stack(
            [1.0 - np.prod(1.0 - network.link[:, list(p.regions)], axis=1) for p in positives],
            axis=1,
        )
        if positives
        else np.zeros((len(prior), 0))
    )
    leaks = np.array([1.0 - float(np.prod(1.0 - network.leak[list(p.regions)])) for p in positives])
    count = len(positives)
    states = ((np.arange(1 << count)[:, None] >> np.arange(count)[None, :]) & 1).astype(float)
    weight = np.ones(1)
    for j, p in enumerate(positives):
        weight = np.concatenate([weight * p.a, weight * -(p.a - p.b) * (1.0 - leaks[j])])
    # A[S, i]: probability node i, when active, causes none of the findings in S.
    absent = unmarked[None, :] * np.exp(states @ np.log1p(-links).T)
    term = (1.0 - prior)[None, :] + prior[None, :] * absent
    every = np.exp(np.log(term).sum(axis=1))
    total = weight @ every
    on = (weight * every) @ (prior[None, :] * absent / term)
    return np.asarray(on / total)


def main() -> None:
    atlas = load_atlas()
    network = build_network(atlas)
    rng = random.Random(20260524)
    print(f"{len(network.nodes)} nodes x {len(network.regions)} regions; {DRAWINGS} drawings each")
    print(
        f"{'marks':>5} {'infer median':>13} {'infer p99':>10} {'quickscore median':>18} "
        f"{'quickscore p99':>15} {'quickscore / infer':>19}"
    )
    for size in SIZES:
        drawings = [drawing(atlas, rng, size) for _ in range(DRAWINGS)]
        evidences = [from_marks(network, d) for d in drawings]
        infer(network, evidences[0])
        quickscore(network, evidences[0])
        ours, base = [], []
        for evidence in evidences:  # interleaved, so both see the same load
            started = time.perf_counter()
            infer(network, evidence)
            ours.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            quickscore(network, evidence)
            base.append((time.perf_counter() - started) * 1000)
        print(
            f"{size:>5} {statistics.median(ours):>13.2f} {np.percentile(ours, 99):>10.2f} "
            f"{statistics.median(base):>18.2f} {np.percentile(base, 99):>15.2f} "
            f"{statistics.median(base) / statistics.median(ours):>18.1f}x"
        )
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average: {load} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
