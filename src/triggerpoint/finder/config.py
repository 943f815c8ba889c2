"""Every number of the finder's model, declared once as data with its reason.

Numbers whose rationale says "fitted" come from `python -m eval.fit`: a coordinate
search that minimises the log loss of every trigger point's posterior on 300 drawings
simulated by eval/simulate.py (seed 20261201), a generative process deliberately unlike
this model (fixed marking rates per zone, distractor regions, side slips, CHOIR codes).
Their starting points were the literature values named in each rationale; the fit is
checked on a held-back simulation and on the literature vignettes by `make eval`.
Diagnostic noisy-OR networks are robust to coarse numbers (Henrion et al., UAI 1996), so
two significant figures are kept. A test fails if a setting lacks a rationale.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    value: float
    rationale: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "link_local",
        0.62,
        "Pain where the point itself lies; fitted (from 0.7: an active point is tender "
        "and aches locally in most cases, Travell & Simons).",
    ),
    Setting(
        "link_essential",
        0.95,
        "The essential referral zone; fitted (from 0.6: present in most but not all "
        "patients, Fernandez-de-las-Penas 2007). The fit raises it because a drawing "
        "region stands for several atlas regions a source may reach.",
    ),
    Setting(
        "link_spillover",
        0.47,
        "The spillover zone (Travell & Simons' dotted areas, felt by a minority); fitted "
        "(from 0.25).",
    ),
    Setting(
        "link_mirror",
        0.089,
        "A source's pain marked on the mirror-image region instead, as a share of the "
        "link: left/right confusion is the main drawing error (Scherrer 2021; Brummett "
        "2016); fitted (from 0.1).",
    ),
    Setting(
        "leak_default",
        0.026,
        "Pain in a region from anything other than an atlas trigger point (joints, nerves, "
        "viscera, unlisted points); fitted (from 0.08).",
    ),
    Setting(
        "leak_unreferred",
        0.33,
        "A region no atlas point refers to can only be explained by something else, so it "
        "leaks far more; fitted (from 0.2).",
    ),
    Setting(
        "prior_common",
        0.11,
        "Prevalence tier 'common' (e.g. upper trapezius, quadratus lumborum); fitted (from 0.12).",
    ),
    Setting(
        "prior_frequent",
        0.032,
        "Prevalence tier 'frequent'; fitted (from 0.06, half the common tier).",
    ),
    Setting(
        "prior_occasional",
        0.011,
        "Prevalence tier 'occasional'; fitted (from 0.02).",
    ),
    Setting(
        "induction",
        0.3,
        "Chance that an active key keeps a satellite in its zone active. Hsieh 2007 showed "
        "the dependency (treating the key calmed the satellites) but not its rate; a "
        "moderate value lets the chain win only when the drawing supports both ends.",
    ),
    Setting(
        "false_mark_weak",
        0.096,
        "P(a region is marked at intensity 1 | no pain there), relative to 1 when it hurts: "
        "faint marks are often slips (Scherrer 2021); fitted (from 0.3).",
    ),
    Setting(
        "false_mark_strong",
        0.0096,
        "P(a region is marked at intensity 10 | no pain there): a strong mark is rarely a "
        "slip. Intensities in between interpolate on a log scale; fitted (from 0.03).",
    ),
    Setting(
        "unmarked_strength",
        0.6,
        "An unmarked region is negative evidence against the points that refer there: each "
        "source's pain reaches the drawing with this chance. The fit (from 0.5, after Hong "
        "1997: referral elicited in ~54% of active points) ran to 0.82; on a separate "
        "validation simulation (seed 31337) 0.6 ranked best (top-3 0.80 against 0.73) at "
        "a small cost in log loss, and 0.6 x the essential link is the simulated marking "
        "rate of an essential region, so 0.6 is kept.",
    ),
    Setting(
        "zone_reach_exponent",
        0.5,
        "How much less an unmarked region counts against a point with a large zone: "
        "its links there are scaled by (zone_reach_regions / zone size) ** this. People "
        "draw part of a big pattern (the literature vignettes mark 2-3 of upper "
        "trapezius' 6 regions), so missing regions say less against it than the "
        "region-by-region product assumes. The simulator marks each region on its own "
        "and cannot inform it (it prefers 0), so it was chosen on the development "
        "vignettes only (grid 0.5, 0.75, 1 x zone_reach_regions 1, 2, 3; never the "
        "held-out ones): development top-1 0.92 -> 0.95, multi-source 0.92 -> 0.98, and "
        "on the validation simulation (seed 31337) top-1 0.58 -> 0.59.",
    ),
    Setting(
        "zone_reach_regions",
        3.0,
        "A zone up to this many essential regions' worth keeps its full negative "
        "evidence (see zone_reach_exponent); chosen with it.",
    ),
    Setting(
        "answered_no_strength",
        0.9,
        "A region the client was asked about and said no (or marked 0) is strong but not "
        "certain negative evidence.",
    ),
    Setting(
        "exact_limit",
        16,
        "Up to this many marked regions the inference is exact (quickscore costs "
        "2^marks); above it the weakest marks enter as single-cause likelihood ratios.",
    ),
    Setting(
        "exact_cells",
        2.0**16,
        "A group of marks may hold 2^(marks + keys it touches) numbers (8 MB): any key "
        "set is exact within it; over budget its weakest marks enter as likelihood ratios "
        "and the answer is labelled approximate.",
    ),
    Setting(
        "calibration_slope",
        0.9,
        "Slope of the Platt map from posterior to shown probability (finder/calibration.py), "
        "fitted by `python -m eval.fit` on the top candidates of the training simulation.",
    ),
    Setting(
        "calibration_intercept",
        0.75,
        "Intercept of the Platt map, fitted with the slope: the model's marginals run low "
        "because a drawing's source is often one of several points of the same muscle.",
    ),
    Setting(
        "widespread_areas",
        4,
        "Widespread pain needs at least 4 of 5 body areas (left/right upper, left/right "
        "lower, axial), as in the 2016 ACR generalised pain criterion (Wolfe 2016).",
    ),
    Setting(
        "unexplained_share",
        0.4,
        "Flag the drawing when this intensity-weighted share of it is explained by no "
        "trigger point in the atlas.",
    ),
    Setting(
        "leader_clear",
        0.75,
        "Interactive questioning stops once one candidate's probability reaches this.",
    ),
    Setting(
        "min_information_gain",
        0.02,
        "A question that would separate the leaders by less than this many bits is not "
        "worth asking.",
    ),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


def value(name: str) -> float:
    return BY_NAME[name].value


# Qualities a client can give a region. Neuropathic or sharp qualities point away from a
# myofascial source and towards a nerve or another structure that needs a clinician.
QUALITIES: tuple[str, ...] = (
    "aching",
    "dull",
    "deep",
    "tight",
    "burning",
    "throbbing",
    "sharp",
    "shooting",
    "stabbing",
    "electric",
    "numb",
    "tingling",
)
REFER_QUALITIES: frozenset[str] = frozenset(
    {"sharp", "shooting", "stabbing", "electric", "numb", "tingling"}
)
