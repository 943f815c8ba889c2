"""The red-flag rules, one function each, each naming the source it follows.

A rule reads the marks (token -> intensity > 0), the qualities given per mark and the
symptoms the client answered, and returns a Flag or None. Tests in
tests/finder/test_redflags*.py hold a positive and a negative case for every rule.
"""

from __future__ import annotations

from collections.abc import Mapping

from triggerpoint.bodymap.regions import region, resolve
from triggerpoint.finder.config import REFER_QUALITIES, value
from triggerpoint.finder.redflags import sites
from triggerpoint.finder.redflags.symptoms import SYMPTOMS
from triggerpoint.finder.result import Flag
from triggerpoint.finder.wording import join, token_place

Marks = Mapping[str, float]

CARDIAC_SOURCE = (
    "Gulati et al. 2021 AHA/ACC chest pain guideline (chest, shoulders, arms, neck, back, "
    "upper abdomen or jaw; ischaemia without chest pain); NICE CG95 (angina on exertion)"
)
CARDIAC_ACTION = (
    "Call emergency services now (999, 112 or 911) if you have this pain now, if it came "
    "on at rest, or if it comes with breathlessness, sweating or feeling sick. Otherwise "
    "see a doctor today to rule out the heart before any trigger point work."
)
# Pain in the chest or the upper abdomen is where ischaemia is felt most; from either,
# one more site is enough. Without them, three separate sites (an arm, the jaw, the upper
# back) are: ischaemia can present without chest pain (Gulati 2021, women especially).
_CORE = frozenset({"chest", "upper abdomen"})
_WITHOUT_CORE = 3

RADICULAR_QUALITIES = frozenset({"shooting", "electric", "numb", "tingling"})
RADICULAR_SOURCE = (
    "Bogduk 2009 (Pain 147:17): radicular pain is shooting or electric and travels along "
    "a limb; numbness and weakness are radiculopathy; Finucane 2020 (neurological deficit)"
)
NERVE_SOURCE = "Travell & Simons: trigger point pain is deep and aching, not sharp or neural"
WIDESPREAD_SOURCE = (
    "Wolfe et al. 2016 ACR fibromyalgia criteria: generalized pain in at least 4 of 5 "
    "regions (19 WPI areas; jaw, chest and abdomen not counted for the regions)"
)


def _arm_names(tokens: list[str]) -> str:
    found = sorted({region(rid).side for t in tokens for rid in resolve(t)})
    return "both arms" if len(found) == 2 else f"{found[0]} arm"


def cardiac(marks: Marks, symptoms: Mapping[str, bool]) -> Flag | None:
    """Pain where the heart refers it (Gulati 2021), or any of it on exertion (NICE CG95)."""
    where: dict[str, list[str]] = {}
    for token in marks:
        for site in sites.token_cardiac_sites(token):
            where.setdefault(site, []).append(token)
    exertion = symptoms.get("exertion", False)
    pattern = (bool(_CORE & set(where)) and len(where) >= 2) or len(where) >= _WITHOUT_CORE
    if not where or not (pattern or exertion):
        return None
    names = [_arm_names(where[s]) if s == "arm" else s for s in where]
    effort = " and comes on with effort" if exertion else ""
    return Flag(
        "refer",
        f"Pain in the {join(names)}{effort} can come from the heart, even without chest "
        "pain, so it must be checked before any muscle is treated.",
        rule="cardiac",
        level="emergency",
        action=CARDIAC_ACTION,
        source=CARDIAC_SOURCE,
    )


def radicular(marks: Marks, qualities: Mapping[str, str]) -> Flag | None:
    """Shooting, electric, numb or tingling pain along an arm or a leg (Bogduk 2009)."""
    along = {
        token: sites.limb(token)
        for token, quality in qualities.items()
        if quality in RADICULAR_QUALITIES and token in marks and sites.limb(token)
    }
    if not along:
        return None
    words = join([f"{qualities[t]} {token_place(t)}" for t in sorted(along)])
    limbs = join(sorted({f"{region(resolve(t)[0]).side} {limb}" for t, limb in along.items()}))
    return Flag(
        "refer",
        f"Pain that is {words} runs along your {limbs} like an irritated nerve root, "
        "not like a trigger point.",
        rule="radicular",
        level="doctor",
        action=(
            "See a doctor or physiotherapist to check the nerve before pressing points; "
            "the same day if the arm or leg is getting weaker or more numb."
        ),
        source=RADICULAR_SOURCE,
    )


def nerve_quality(marks: Marks, qualities: Mapping[str, str]) -> Flag | None:
    """Sharp or neural qualities that the radicular rule does not already cover."""
    worrying = sorted(
        t
        for t, quality in qualities.items()
        if t in marks
        and quality in REFER_QUALITIES
        and not (quality in RADICULAR_QUALITIES and sites.limb(t))
    )
    if not worrying:
        return None
    words = join([f"{qualities[t]} {token_place(t)}" for t in worrying])
    return Flag(
        "refer",
        f"Pain that is {words} points to a nerve or another structure rather than a trigger point.",
        rule="nerve",
        level="doctor",
        action="Have it assessed by a doctor or physiotherapist before pressing points.",
        source=NERVE_SOURCE,
    )


def widespread(marks: Marks) -> Flag | None:
    """ACR 2016 generalized pain: at least 4 of the 5 regions (Wolfe 2016)."""
    areas = {area for token in marks for area in sites.token_wpi_areas(token)}
    regions = {r for area in areas if (r := sites.generalized_region(area)) is not None}
    if len(regions) < value("widespread_areas"):
        return None
    return Flag(
        "widespread",
        f"Pain in {len(regions)} of the 5 body regions ({len(areas)} of the "
        f"{sites.WPI_AREAS} areas of the widespread pain index): widespread pain is "
        "better understood as a whole, often as central sensitisation (fibromyalgia-type "
        "pain), than as one trigger point.",
        rule="widespread",
        level="caution",
        action="Ask a doctor to assess the widespread pain as a whole; treat points gently.",
        source=WIDESPREAD_SOURCE,
    )


def systemic(symptoms: Mapping[str, bool]) -> list[Flag]:
    """One flag per worrying symptom the client said yes to (Finucane 2020)."""
    return [
        Flag(
            "refer",
            f"You told us about {s.said}: with pain, that can point to {s.condition}.",
            rule=s.id,
            level=s.level,
            action=s.action,
            source=s.source,
        )
        for s in SYMPTOMS
        if s.level and symptoms.get(s.id, False)
    ]


def unexplained(shares: Mapping[str, float], marks: Marks) -> Flag | None:
    """`shares` is each marked finding's share explained by no trigger point."""
    total = sum(marks.values())
    if not total:
        return None
    weighted = sum(shares.get(token, 0.0) * x for token, x in marks.items()) / total
    if weighted < value("unexplained_share"):
        return None
    return Flag(
        "unexplained",
        f"About {round(100 * weighted)}% of the drawing is explained by no trigger point "
        "in the atlas.",
        rule="unexplained",
        level="caution",
        action="Consider a joint, nerve, organ or other cause before pressing points.",
        source="The atlas's referral zones (Travell & Simons; Donnelly 2019)",
    )
