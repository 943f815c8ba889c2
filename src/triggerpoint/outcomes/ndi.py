"""Neck Disability Index: ten sections scored 0-5, total 0-50 or 0-100%.

Scoring and severity bands follow Vernon and Mior 1991 and Vernon 2008. A section
left out is handled the way the NDI's scoring instructions do it: score the answered
sections out of 5 each and scale to 50. We score with at most two sections missing
(a common limit for this family of questionnaires, and the driving section is often
skipped by people who do not drive); with more, the total would say too little.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SECTIONS: tuple[str, ...] = (
    "pain intensity",
    "personal care",
    "lifting",
    "reading",
    "headaches",
    "concentration",
    "work",
    "driving",
    "sleeping",
    "recreation",
)
MAX_MISSING = 2
# Upper bounds (exclusive) of each band on the 0-50 scale, Vernon 2008.
BANDS: tuple[tuple[float, str], ...] = (
    (5, "no disability"),
    (15, "mild disability"),
    (25, "moderate disability"),
    (35, "severe disability"),
    (51, "complete disability"),
)


@dataclass(frozen=True, slots=True)
class NdiScore:
    points: float
    answered: int
    missing: tuple[str, ...]

    @property
    def percent(self) -> float:
        return self.points * 2

    @property
    def band(self) -> str:
        return next(label for limit, label in BANDS if self.points < limit)


def score_ndi(answers: Sequence[int | None]) -> NdiScore:
    """Score ten section answers (0-5, or None for a section left out)."""
    if len(answers) != len(SECTIONS):
        raise ValueError(f"the NDI has {len(SECTIONS)} sections, got {len(answers)} answers")
    missing = []
    total = 0
    for section, answer in zip(SECTIONS, answers, strict=True):
        if answer is None:
            missing.append(section)
            continue
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= 5:
            raise ValueError(f"NDI {section}: answer must be a whole number 0-5, got {answer!r}")
        total += answer
    if len(missing) > MAX_MISSING:
        raise ValueError(
            f"NDI has {len(missing)} sections missing ({', '.join(missing)}); "
            f"at most {MAX_MISSING} can be left out"
        )
    answered = len(SECTIONS) - len(missing)
    return NdiScore(points=total * 50 / (answered * 5), answered=answered, missing=tuple(missing))
