"""How big a change has to be before we call it real, declared once with sources.

Two kinds of threshold: a clinically important change (patients anchored it to
feeling better) and a minimal detectable change (the smallest change beyond the
measurement error of the method). Where a study reported a range we take its upper
end, so a change we call real is real in every condition the study tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["clinically important", "beyond measurement error"]

SOURCES: dict[str, str] = {
    "farrar-2001": (
        "Farrar JT, Young JP, LaMoreaux L, Werth JL, Poole RM. Clinical importance of changes "
        "in chronic pain intensity measured on an 11-point numerical pain rating scale. "
        "Pain 2001;94:149-158."
    ),
    "dworkin-2008": (
        "Dworkin RH et al. (IMMPACT). Interpreting the clinical importance of treatment "
        "outcomes in chronic pain clinical trials: IMMPACT recommendations. J Pain 2008;9:105-121."
    ),
    "de-oliveira-2021": (
        "de Oliveira AK, Dibai-Filho AV, Soleira G, Machado ACF, Guirro RRJ. Reliability of "
        "pressure pain threshold on myofascial trigger points in the trapezius muscle of women "
        "with chronic neck pain. Rev Assoc Med Bras 2021;67(5). doi:10.1590/1806-9282.20201149"
    ),
    "fletcher-2008": (
        "Fletcher JP, Bandy WD. Intrarater reliability of CROM measurement of cervical spine "
        "active range of motion in persons with and without neck pain. "
        "J Orthop Sports Phys Ther 2008;38(10):640-645."
    ),
    "cleland-2008": (
        "Cleland JA, Childs JD, Whitman JM. Psychometric properties of the Neck Disability Index "
        "and Numeric Pain Rating Scale in patients with mechanical neck pain. "
        "Arch Phys Med Rehabil 2008;89:69-74."
    ),
    "vernon-1991": (
        "Vernon H, Mior S. The Neck Disability Index: a study of reliability and validity. "
        "J Manipulative Physiol Ther 1991;14:409-415."
    ),
    "vernon-2008": (
        "Vernon H. The Neck Disability Index: state-of-the-art, 1991-2008. "
        "J Manipulative Physiol Ther 2008;31:491-502."
    ),
}

TOLERANCE = 1e-9  # so 3.3 - 2.7 counts as the 0.6 it is


@dataclass(frozen=True, slots=True)
class Threshold:
    id: str
    kind: Kind
    points: float
    percent: float | None
    substantial_percent: float | None
    sources: tuple[str, ...]
    note: str

    def minimal_change(self, baseline: float) -> float:
        """The smallest change from `baseline` that counts (either criterion suffices)."""
        if self.percent is None or baseline == 0:
            return self.points
        return min(self.points, abs(baseline) * self.percent / 100)

    def is_met(self, change: float, percent: float | None) -> bool:
        if abs(change) >= self.points - TOLERANCE:
            return True
        return (
            self.percent is not None and percent is not None and percent >= self.percent - TOLERANCE
        )

    def is_substantial(self, percent: float | None) -> bool:
        limit = self.substantial_percent
        return limit is not None and percent is not None and percent >= limit - TOLERANCE


THRESHOLDS: dict[str, Threshold] = {
    "pain-nrs": Threshold(
        "pain-nrs",
        "clinically important",
        points=2,
        percent=30,
        substantial_percent=50,
        sources=("farrar-2001", "dworkin-2008"),
        note=(
            "A fall of about 2 points or 30% matched patients rating themselves much improved "
            "(Farrar 2001); IMMPACT calls 30% moderately and 50% substantially important."
        ),
    ),
    "ppt": Threshold(
        "ppt",
        "beyond measurement error",
        points=0.62,
        percent=None,
        substantial_percent=None,
        sources=("de-oliveira-2021",),
        note=(
            "Minimal detectable change 0.45-0.62 kg/cm² at upper trapezius trigger points across "
            "days and examiners; we use 0.62 so a change we report holds for any examiner."
        ),
    ),
    "cervical-rom": Threshold(
        "cervical-rom",
        "beyond measurement error",
        points=9.6,
        percent=None,
        substantial_percent=None,
        sources=("fletcher-2008",),
        note=(
            "Minimal detectable change 5.4-9.6 degrees with the CROM device; the largest "
            "(flexion, people with neck pain) is used for every movement."
        ),
    ),
    "ndi": Threshold(
        "ndi",
        "clinically important",
        points=9.5,
        percent=None,
        substantial_percent=None,
        sources=("cleland-2008",),
        note="Minimal clinically important difference 19 percentage points, 9.5 of 50 points.",
    ),
}
