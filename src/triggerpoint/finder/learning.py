"""The learning loop, pure: a clinic's confirmation counts turn the atlas prior into its own.

Each trigger point's prior is the mean of a Beta distribution centred on the atlas value
with `prior_strength` pseudo-observations, updated by the clinic's Bernoulli outcomes
(examined, confirmed). With few examinations the atlas dominates; with many the clinic's
own rate does. The calibration report compares what the finder predicted with what was
confirmed, binned by predicted probability.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from triggerpoint.finder.config import Setting
from triggerpoint.finder.evidence import from_marks
from triggerpoint.finder.inference import infer
from triggerpoint.finder.network import Network

PRIOR_STRENGTH = Setting(
    "prior_strength",
    20.0,
    "The atlas prior counts as 20 examinations. A clinic's confirmation rate is measured "
    "on points the finder already suspected, so it runs above the population prevalence "
    "the atlas prior stands for; a strong pseudo-count keeps that selection bias from "
    "taking over after a handful of visits, while a point examined a hundred times is "
    "mostly governed by the clinic's own record.",
)


@dataclass(frozen=True, slots=True)
class Count:
    """How often one trigger point was examined at a clinic, and how often confirmed."""

    examined: int
    confirmed: int

    def __post_init__(self) -> None:
        if not 0 <= self.confirmed <= self.examined:
            raise ValueError(
                f"confirmed ({self.confirmed}) must lie between 0 and examined ({self.examined})"
            )

    @property
    def rate(self) -> float | None:
        return self.confirmed / self.examined if self.examined else None


def posterior_prior(prior: float, count: Count, strength: float = PRIOR_STRENGTH.value) -> float:
    """The Beta posterior mean: (strength * prior + confirmed) / (strength + examined)."""
    if not 0.0 < prior < 1.0:
        raise ValueError(f"prior must lie strictly between 0 and 1, got {prior}")
    if strength <= 0:
        raise ValueError(f"prior strength must be positive, got {strength}")
    return (strength * prior + count.confirmed) / (strength + count.examined)


def with_counts(
    network: Network, counts: Mapping[str, Count], strength: float = PRIOR_STRENGTH.value
) -> Network:
    """The same network with each counted node's prior replaced by its posterior mean.

    Counts for trigger points the network does not hold (an atlas since edited) are ignored.
    """
    if not counts:
        return network
    prior = network.prior.copy()
    for i, node in enumerate(network.nodes):
        count = counts.get(node)
        if count is not None:
            prior[i] = posterior_prior(float(prior[i]), count, strength)
    return replace(network, prior=prior)


def predicted(network: Network, marks: Mapping[str, float]) -> dict[str, float]:
    """The finder's posterior for every trigger point, given a drawing's marks."""
    positive = {region: value for region, value in marks.items() if value > 0}
    if not positive:
        return dict(zip(network.nodes, network.prior.tolist(), strict=True))
    posterior = infer(network, from_marks(network, positive)).posterior
    return dict(zip(network.nodes, posterior.tolist(), strict=True))


@dataclass(frozen=True, slots=True)
class CalibrationBin:
    low: float
    high: float
    examined: int
    confirmed: int
    mean_predicted: float | None

    @property
    def rate(self) -> float | None:
        return self.confirmed / self.examined if self.examined else None


def calibration(pairs: Iterable[tuple[float, bool]], bins: int = 5) -> tuple[CalibrationBin, ...]:
    """(predicted probability, confirmed) pairs in `bins` equal-width bins over [0, 1]."""
    if bins < 1:
        raise ValueError("at least one bin")
    rows = [(float(p), bool(c)) for p, c in pairs]
    if any(not 0.0 <= p <= 1.0 for p, _ in rows):
        raise ValueError("predicted probabilities must lie in [0, 1]")
    edges = np.linspace(0.0, 1.0, bins + 1)
    # A prediction of exactly 1 belongs in the top bin, not a bin of its own.
    where = [min(int(p * bins), bins - 1) for p, _ in rows]
    result = []
    for b in range(bins):
        inside = [row for row, at in zip(rows, where, strict=True) if at == b]
        mean = sum(p for p, _ in inside) / len(inside) if inside else None
        result.append(
            CalibrationBin(
                low=float(edges[b]),
                high=float(edges[b + 1]),
                examined=len(inside),
                confirmed=sum(1 for _, c in inside if c),
                mean_predicted=mean,
            )
        )
    return tuple(result)
