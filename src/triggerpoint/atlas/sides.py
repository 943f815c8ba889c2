"""Left and right from side-neutral data.

A zone entry `temple` means the trigger point's own side, `forehead@other` the other
side and `sternum@both` both sides. Both sided copies come from the same entry, so the
right and the left trigger point mirror each other by construction.
"""

from __future__ import annotations

from triggerpoint.atlas.entries import PointEntry
from triggerpoint.atlas.model import Side, TriggerPoint
from triggerpoint.bodymap.regions import SUFFIX

SIDES: tuple[Side, ...] = ("right", "left")
MARKERS = ("", "other", "both")


def split_token(token: str) -> tuple[str, str]:
    """`forehead@other` -> (`forehead`, `other`); `temple` -> (`temple`, ``)."""
    base, _, marker = token.partition("@")
    return base, marker


def other_side(side: Side) -> Side:
    return "left" if side == "right" else "right"


def sided(base: str, side: Side) -> str:
    return f"{base}-{SUFFIX[side]}"


def expand_token(token: str, side: Side) -> list[str]:
    """The sided fine regions a zone entry stands for on a trigger point of `side`."""
    base, marker = split_token(token)
    if marker == "other":
        return [sided(base, other_side(side))]
    if marker == "both":
        return [sided(base, side), sided(base, other_side(side))]
    return [sided(base, side)]


def expand_zone(tokens: tuple[str, ...], side: Side) -> tuple[str, ...]:
    expanded: dict[str, None] = {}
    for token in tokens:
        for rid in expand_token(token, side):
            expanded.setdefault(rid, None)
    return tuple(expanded)


def point_on(entry: PointEntry, side: Side) -> TriggerPoint:
    return TriggerPoint(
        id=sided(entry.base, side),
        base=entry.base,
        name=entry.name,
        muscle=entry.muscle,
        side=side,
        location=sided(entry.location, side),
        find_it=entry.find_it,
        prevalence=entry.prevalence,  # type: ignore[arg-type]  # checked by validate
        local=expand_zone(entry.local, side),
        essential=expand_zone(entry.essential, side),
        spillover=expand_zone(entry.spillover, side),
        sources=entry.sources,
    )
