"""`python -m eval.fit`: fit the finder's model numbers on simulated drawings.

A coordinate search over the numbers of finder/config.py that describe the pain drawing
(links per zone, leaks, priors per prevalence tier, the soft-evidence curve, the mirror
link), minimising the mean log loss of every trigger point's posterior against the
simulated truth (a proper score, so it rewards honest marginals) plus a ranking
cross-entropy (minus the log of the posterior share on the true muscles and sides, so
that it also rewards putting them first) on a training simulation with a fixed seed.
The weight of unmarked regions was chosen on a separate validation simulation (see
SEARCH). A Platt map on the top candidate is then fitted on the training set. The
held-back simulation (another seed) and the vignettes are never used here; `make eval`
reports them.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from eval.reliability import ece
from eval.simulate import Drawing, drawings
from triggerpoint.atlas import Atlas, load_atlas
from triggerpoint.finder import build_network, from_marks, infer
from triggerpoint.finder.calibration import calibrated
from triggerpoint.finder.config import value
from triggerpoint.finder.network import Network

TRAIN_SEED, HELD_SEED = 20261201, 77001
TRAIN_SIZE = 300
STEP = 0.25
SEARCH: dict[str, tuple[float, float]] = {
    "link_local": (0.2, 0.95),
    "link_essential": (0.2, 0.95),
    "link_spillover": (0.05, 0.6),
    "link_mirror": (0.02, 0.5),
    "leak_default": (0.01, 0.3),
    "leak_unreferred": (0.01, 0.5),
    "prior_common": (0.005, 0.3),
    "prior_frequent": (0.003, 0.2),
    "prior_occasional": (0.001, 0.1),
    "false_mark_weak": (0.02, 0.9),
    "false_mark_strong": (0.001, 0.3),
}
# unmarked_strength is not searched: the log loss pulls it to 0.82, where it ranks worse
# on a validation simulation (seed VALIDATION_SEED); it is chosen there instead.
VALIDATION_SEED = 31337


@dataclass(frozen=True)
class Score:
    log_loss: float
    rank_loss: float
    top1: float
    top3: float
    all_in_top3: float
    top: list[tuple[float, bool]]  # (posterior of the top candidate, its muscle+side true)


def score(atlas: Atlas, network: Network, cases: Sequence[Drawing]) -> Score:
    places = [(atlas.trigger_points[n].muscle, atlas.trigger_points[n].side) for n in network.nodes]
    at = network.index()
    loss = rank_loss = top1 = top3 = all3 = 0.0
    top: list[tuple[float, bool]] = []
    for case in cases:
        post = infer(network, from_marks(network, case.marks)).posterior
        truth = np.zeros(len(post))
        truth[[at[t] for t in case.active]] = 1.0
        p = np.clip(post, 1e-6, 1 - 1e-6)
        loss -= float((truth * np.log(p) + (1 - truth) * np.log(1 - p)).sum())
        # The share of all posterior mass on the true sources' muscles and sides: a
        # cross-entropy on the ranking, which the node log loss alone leaves loose.
        right = np.array([places[i] in case.truth(atlas) for i in range(len(post))])
        rank_loss -= float(np.log(max(post[right].sum() / post.sum(), 1e-9)))
        order = np.argsort(-post, kind="stable")[:3]
        wanted = case.truth(atlas)
        leading = {places[i] for i in order}
        top1 += places[order[0]] in wanted
        top3 += bool(wanted & leading)
        all3 += wanted <= leading
        top.append((float(post[order[0]]), places[order[0]] in wanted))
    n = len(cases)
    return Score(loss / n, rank_loss / n, top1 / n, top3 / n, all3 / n, top)


def fit_numbers(atlas: Atlas, cases: Sequence[Drawing], rounds: int = 2) -> dict[str, float]:
    current = {name: value(name) for name in SEARCH}

    def loss(numbers: Mapping[str, float]) -> float:
        got = score(atlas, build_network(atlas, numbers), cases)
        return got.log_loss + got.rank_loss

    best = loss(current)
    step = STEP  # multiplicative steps in log space, halved each round
    for _ in range(rounds):
        for name, (low, high) in SEARCH.items():
            for factor in (math.exp(step), math.exp(-step)):
                trial = dict(current)
                trial[name] = min(max(current[name] * factor, low), high)
                if trial[name] == current[name]:
                    continue
                got = loss(trial)
                if got < best - 1e-4:
                    best, current = got, trial
                    print(f"  {name} = {trial[name]:.4g}: loss {got:.4f}", flush=True)
                    break
        step /= 2
    return current


def fit_platt(top: Sequence[tuple[float, bool]]) -> tuple[float, float]:
    """Slope and intercept minimising the log loss of the mapped top probabilities."""
    best = (1.0, 0.0)
    best_loss = math.inf
    for slope in np.arange(0.3, 2.51, 0.05):
        for intercept in np.arange(-2.0, 3.01, 0.05):
            total = 0.0
            for p, hit in top:
                q = min(max(calibrated(p, float(slope), float(intercept)), 1e-9), 1 - 1e-9)
                total -= math.log(q if hit else 1 - q)
            if total < best_loss:
                best_loss, best = total, (float(slope), float(intercept))
    return best


def main() -> int:
    atlas = load_atlas()
    train = drawings(atlas, TRAIN_SEED, TRAIN_SIZE)
    before = score(atlas, build_network(atlas), train)
    print(f"training set: {TRAIN_SIZE} drawings, seed {TRAIN_SEED}")
    print(
        f"before: log loss {before.log_loss:.4f}, top-1 {before.top1:.2f}, "
        f"ECE {ece(before.top):.3f}"
    )
    numbers = fit_numbers(atlas, train)
    after = score(atlas, build_network(atlas, numbers), train)
    slope, intercept = fit_platt(after.top)
    mapped = [(calibrated(p, slope, intercept), hit) for p, hit in after.top]
    print(f"after: log loss {after.log_loss:.4f}, top-1 {after.top1:.2f}, ECE {ece(after.top):.3f}")
    print(f"Platt map: slope {slope:.2f}, intercept {intercept:.2f}: ECE {ece(mapped):.3f}")
    for name, number in numbers.items():
        print(f"{name} = {number:.4g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
