"""Every number of the finder's model, declared once as data with its reason.

Diagnostic noisy-OR networks are robust to coarse numbers (Henrion et al., UAI 1996),
so these are round values on the scale the literature suggests, not fitted ones. A test
fails if a setting lacks a rationale; `triggerpoint find --settings` could list them.
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
        0.7,
        "Pain where the point itself lies: an active point is tender and aches locally in "
        "most cases (DESIGN.md section 6, ~0.7).",
    ),
    Setting(
        "link_essential",
        0.6,
        "The essential referral zone is present in most but not all patients; referral "
        "varies between people (Fernandez-de-las-Penas & Dommerholt 2018 Delphi; "
        "Fernandez-de-las-Penas 2007: trapezius to temple in most patients).",
    ),
    Setting(
        "link_spillover",
        0.25,
        "The spillover zone is felt by a minority of patients (Travell & Simons' dotted "
        "areas), so a quarter.",
    ),
    Setting(
        "leak_default",
        0.08,
        "Pain in a region from anything other than an atlas trigger point (joints, nerves, "
        "viscera, unlisted points); DESIGN.md section 6 sets leaks at 0.05-0.2.",
    ),
    Setting(
        "leak_unreferred",
        0.2,
        "A region that no atlas point refers to can only be explained by something else, so "
        "it gets the top of the 0.05-0.2 range.",
    ),
    Setting(
        "prior_common",
        0.12,
        "Prevalence tier 'common' (e.g. upper trapezius, quadratus lumborum); DESIGN.md "
        "section 6 sets priors at 0.02-0.15.",
    ),
    Setting("prior_frequent", 0.06, "Prevalence tier 'frequent': half the common tier."),
    Setting(
        "prior_occasional",
        0.02,
        "Prevalence tier 'occasional': the bottom of the 0.02-0.15 range.",
    ),
    Setting(
        "induction",
        0.3,
        "Chance that an active key keeps a satellite in its zone active. Hsieh 2007 showed "
        "the dependency (treating the key calmed the satellites) but not its rate; a "
        "moderate value lets the chain win only when the drawing supports both ends.",
    ),
    Setting(
        "max_active_keys",
        2,
        "Key sets are enumerated up to this size (DESIGN.md section 6: sets of size <= 2-3); "
        "the prior over key sets is the independent one truncated here and renormalised.",
    ),
    Setting(
        "false_mark_weak",
        0.3,
        "P(a region is marked at intensity 1 | no pain there), relative to 1 when it hurts: "
        "faint marks are often slips or left/right confusion (Scherrer 2021 lists "
        "left/right confusion as the main drawing error).",
    ),
    Setting(
        "false_mark_strong",
        0.03,
        "P(a region is marked at intensity 10 | no pain there): a strong mark is rarely a "
        "slip. Intensities in between interpolate on a log scale.",
    ),
    Setting(
        "unmarked_strength",
        0.5,
        "An unmarked region is weak evidence against the points that refer there: each "
        "source's pain reaches the drawing only about half the time (palpation elicits the "
        "referral in only ~54% of active points, Hong 1997; drawings are incomplete).",
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
