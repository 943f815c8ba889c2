"""Patterns that are not a trigger point question, or not only one.

- widespread: pain in at least 4 of the 5 body areas of the 2016 ACR generalised pain
  criterion and at least 7 CHOIR regions (the 2010 widespread pain index threshold):
  think of central sensitisation rather than a list of points.
- refer: neuropathic or sharp qualities, or chest pain with left arm or jaw pain,
  which must be checked for a cardiac cause before any muscle work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.regions import region, resolve
from triggerpoint.finder.config import REFER_QUALITIES, value
from triggerpoint.finder.result import Flag

_AXIAL = {"neck", "chest", "abdomen", "upper-back", "middle-back", "lower-back"}
_LOWER = {"hip", "pubic", "buttock", "upper-leg", "knee", "lower-leg", "ankle", "foot"}
_ARM = {"upper-arm", "elbow", "forearm", "wrist", "hand"}
_JAW = {"jaw-angle", "chin", "lower-teeth", "tmj"}


def _area(code: int) -> str:
    choir = BY_CODE[code]
    if choir.part in _AXIAL:
        return "axial"
    half = "lower" if choir.part in _LOWER else "upper"
    return f"{choir.side} {half}"


def widespread(marked: Iterable[str]) -> Flag | None:
    codes = {region(rid).choir for rid in marked}
    areas = {_area(code) for code in codes}
    if len(areas) >= value("widespread_areas") and len(codes) >= value("widespread_regions"):
        return Flag(
            "widespread",
            f"Pain marked in {len(codes)} body regions across {len(areas)} of 5 body areas: "
            "widespread pain suggests central sensitisation (fibromyalgia-type pain), "
            "not a single trigger point source. Assess the whole picture first; the "
            "candidates below are secondary.",
        )
    return None


def cardiac(marked: Iterable[str]) -> Flag | None:
    fine = [region(rid) for rid in marked]
    chest = any(BY_CODE[r.choir].part == "chest" for r in fine)
    left_arm = any(BY_CODE[r.choir].part in _ARM and r.side == "left" for r in fine)
    jaw = any(r.base in _JAW for r in fine)
    if chest and (left_arm or jaw):
        return Flag(
            "refer",
            "Chest pain together with left arm or jaw pain can come from the heart: rule "
            "out a cardiac cause first (urgently if it is new, comes with exertion, "
            "breathlessness or sweating) before treating trigger points.",
        )
    return None


def qualities(given: Mapping[str, str]) -> Flag | None:
    worrying = sorted(token for token, quality in given.items() if quality in REFER_QUALITIES)
    if not worrying:
        return None
    words = ", ".join(f"{token} ({given[token]})" for token in worrying)
    return Flag(
        "refer",
        f"Sharp, shooting, electric, numb or tingling pain ({words}) points to a nerve or "
        "another structure rather than a trigger point: refer for assessment first.",
    )


def unexplained(shares: Mapping[str, float], intensities: Mapping[str, float]) -> Flag | None:
    """`shares` is each marked finding's share explained by no trigger point."""
    total = sum(intensities.values())
    if not total:
        return None
    weighted = sum(shares[token] * intensities[token] for token in shares) / total
    if weighted < value("unexplained_share"):
        return None
    return Flag(
        "unexplained",
        f"About {round(100 * weighted)}% of the drawing is explained by no trigger point in "
        "the atlas: consider joint, nerve, visceral or other causes before pressing points.",
    )


def all_flags(
    marks: Mapping[str, float], given: Mapping[str, str], none_shares: Mapping[str, float]
) -> tuple[Flag, ...]:
    marked = [rid for token, x in marks.items() if x > 0 for rid in resolve(token)]
    found = [
        widespread(marked),
        qualities(given),
        cardiac(marked),
        unexplained(none_shares, {t: x for t, x in marks.items() if x > 0}),
    ]
    return tuple(flag for flag in found if flag is not None)
