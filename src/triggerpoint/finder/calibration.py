"""The map from the model's posterior to the probability a person is shown.

The noisy-OR model is a simplification (independent sources, one link per zone), so its
marginals are not calibrated as they stand. A Platt map (Platt 1999), logistic in the
logit of the posterior, is fitted offline by `python -m eval.fit` on simulated drawings
(eval/simulate.py) against whether the top candidate's muscle and side were a true
source; its two numbers live in finder/config.py with that rationale. The map is
monotone, so it never changes the order of the candidates.
"""

from __future__ import annotations

import math

from triggerpoint.finder.config import value


def calibrated(
    posterior: float, slope: float | None = None, intercept: float | None = None
) -> float:
    a = value("calibration_slope") if slope is None else slope
    b = value("calibration_intercept") if intercept is None else intercept
    p = min(max(posterior, 1e-9), 1.0 - 1e-9)
    z = a * math.log(p / (1.0 - p)) + b
    return 1.0 / (1.0 + math.exp(-z))
