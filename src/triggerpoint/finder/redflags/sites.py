"""Where on the body map each red-flag rule looks: cardiac sites, ACR 2016 areas, limbs.

Everything is derived from the CHOIR part a fine region lies in (bodymap/choir.py) plus a
few fine regions by name (the jaw, the upper abdomen, the throat), so a new fine region
inherits its part's role without an edit here.
"""

from __future__ import annotations

from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.regions import Region, region, resolve

# The lower jaw: the joint, its angle, the chin and the lower teeth. Cardiac pain reaches
# the lower jaw (Gulati 2021), and the ACR 2016 "jaw" area is the mandible (Wolfe 2016).
JAW = frozenset({"tmj", "jaw-angle", "chin", "lower-teeth"})
# Limbs for radicular pain: a nerve root's pain runs along an arm or a leg (Bogduk 2009).
ARM_PARTS = frozenset({"shoulder", "upper-arm", "elbow", "forearm", "wrist", "hand"})
LEG_PARTS = frozenset({"buttock", "hip", "upper-leg", "knee", "lower-leg", "ankle", "foot"})


def cardiac_site(fine: Region) -> str | None:
    """The site of possible cardiac pain a region lies in, or None.

    2021 AHA/ACC chest pain guideline (Gulati et al., Circulation 2021;144:e368): pain,
    pressure, tightness or discomfort in the chest, shoulders, arms, neck, back, upper
    abdomen or jaw is an anginal equivalent. "Back" is taken as the upper back between
    the shoulder blades, where ischaemic pain radiates; "neck" as the front of the neck
    (the throat), the back of the neck being the commonest myofascial site of all.
    """
    part = BY_CODE[fine.choir].part
    if part == "chest":
        return "chest"
    if fine.base == "upper-abdomen":
        return "upper abdomen"
    if part in {"shoulder", "upper-arm", "elbow", "forearm"}:
        return "arm"
    if fine.base in JAW:
        return "jaw"
    if part == "neck" and fine.view == "front":
        return "throat"
    if part == "upper-back":
        return "upper back"
    return None


# The 2016 ACR fibromyalgia criteria (Wolfe et al., Semin Arthritis Rheum 2016;46:319):
# 19 widespread pain index (WPI) areas in five regions. The WPI has no head, wrist,
# hand, knee, ankle or foot area, so those parts count for nothing here.
_WPI_BY_PART = {
    "shoulder": "shoulder girdle",
    "upper-arm": "upper arm",
    "elbow": "lower arm",
    "forearm": "lower arm",
    "hip": "hip",
    "buttock": "hip",  # "hip (buttock, trochanter)"
    "upper-leg": "upper leg",
    "lower-leg": "lower leg",
    "neck": "neck",
    "upper-back": "upper back",
    "middle-back": "upper back",  # the thoracic spine, above the lower back
    "lower-back": "lower back",
    "chest": "chest",
    "abdomen": "abdomen",
}
_UPPER = frozenset({"jaw", "shoulder girdle", "upper arm", "lower arm"})
_LOWER = frozenset({"hip", "upper leg", "lower leg"})
_AXIAL = frozenset({"neck", "upper back", "lower back", "chest", "abdomen"})
# "Jaw, chest, and abdominal pain are not included in the generalized pain definition."
NOT_IN_REGIONS = frozenset({"jaw", "chest", "abdomen"})
WPI_AREAS = 19


def wpi_area(fine: Region) -> tuple[str, str] | None:
    """(area, side) of the 19 WPI areas; side is "" for the five axial areas."""
    part = BY_CODE[fine.choir].part
    area = "jaw" if fine.base in JAW else _WPI_BY_PART.get(part)
    if area is None:
        return None
    return (area, "" if area in _AXIAL else fine.side)


def generalized_region(area: tuple[str, str]) -> str | None:
    """The ACR 2016 region an area counts for, or None for the jaw, chest and abdomen."""
    name, side = area
    if name in NOT_IN_REGIONS:
        return None
    if name in _UPPER:
        return f"{side} upper"
    if name in _LOWER:
        return f"{side} lower"
    return "axial"


def token_wpi_areas(token: str) -> set[tuple[str, str]]:
    """A fine region counts for its area; a CHOIR code only when all its fine regions
    fall in one area (the face code may be the jaw or not: it counts for none)."""
    areas = {wpi_area(region(rid)) for rid in resolve(token)}
    if len(areas) != 1 or None in areas:
        return set()
    return {area for area in areas if area is not None}


def token_cardiac_sites(token: str) -> set[str]:
    """Any cardiac site a mark may be in: a CHOIR code is an OR over its fine regions, and
    for a safety rule "may be" is enough."""
    sites = {cardiac_site(region(rid)) for rid in resolve(token)}
    return {site for site in sites if site is not None}


def limb(token: str) -> str | None:
    """ "arm" or "leg" when every fine region of the mark lies on that limb."""
    parts = {BY_CODE[region(rid).choir].part for rid in resolve(token)}
    if parts <= ARM_PARTS:
        return "arm"
    if parts <= LEG_PARTS:
        return "leg"
    return None
