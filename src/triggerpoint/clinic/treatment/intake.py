"""What a pain drawing may hold, checked in one place before it is stored.

A drawing is `{"marks": [{"region", "intensity", "quality"}]}` as the body map page sends
it. Regions are fine region ids or CHOIR codes (`bodymap.regions.resolve`); a code stands
for every fine region inside it, so it becomes one mark per fine region.
"""

from __future__ import annotations

import json
from typing import Any, TypedDict

from django.core.exceptions import ValidationError

from triggerpoint.bodymap.regions import UnknownRegionError, fine_regions, resolve

# The words the body map page offers, in its order, with their labels; a drawing from
# elsewhere may leave quality out.
QUALITY_LABELS: tuple[tuple[str, str], ...] = (
    ("aching", "Aching"),
    ("dull", "Dull"),
    ("burning", "Burning"),
    ("throbbing", "Throbbing"),
    ("sharp", "Sharp"),
    ("shooting", "Shooting"),
    ("numb", "Numb or tingling"),
)
QUALITIES = frozenset(word for word, _ in QUALITY_LABELS)
DEFAULT_QUALITY = "aching"
# The address form carries a handful of marks (a search result, an edit link).
MAX_PARAM_MARKS = 30
PARAM_DEFAULT_INTENSITY = 5
# More marks than there are fine regions can only be a malformed or hostile request.
MAX_MARKS = 250
MAX_JSON = 50_000


class Mark(TypedDict):
    region: str
    intensity: int
    quality: str


def clean_marks(raw: Any) -> list[Mark]:
    """The marks as stored: known fine regions, whole intensities 0-10, a known quality.

    Raises ValidationError naming the first bad mark. A region marked twice keeps the
    later mark, as the body map does when a mark is edited.
    """
    if not isinstance(raw, list):
        raise ValidationError("a drawing's marks must be a list")
    if len(raw) > MAX_MARKS:
        raise ValidationError(f"a drawing holds at most {MAX_MARKS} marks")
    marks: dict[str, Mark] = {}
    for number, mark in enumerate(raw, start=1):
        if not isinstance(mark, dict):
            raise ValidationError(f"mark {number} is not an object")
        region = mark.get("region")
        intensity = mark.get("intensity")
        quality = mark.get("quality") or DEFAULT_QUALITY
        if not isinstance(region, str | int) or isinstance(region, bool):
            raise ValidationError(f"mark {number} names no region")
        try:
            regions = resolve(str(region))
        except UnknownRegionError:
            shown = str(region)[:40]
            raise ValidationError(f"mark {number}: {shown!r} is not a body region") from None
        if isinstance(intensity, bool) or not isinstance(intensity, int):
            raise ValidationError(f"mark {number}: intensity must be a whole number 0-10")
        if not 0 <= intensity <= 10:
            raise ValidationError(f"mark {number}: intensity must be between 0 and 10")
        if quality not in QUALITIES:
            raise ValidationError(f"mark {number}: {str(quality)[:40]!r} is not a pain quality")
        for region_id in regions:
            marks.pop(region_id, None)
            marks[region_id] = Mark(region=region_id, intensity=intensity, quality=quality)
    return list(marks.values())


def validate_marks(raw: Any) -> None:
    """Model-field validator form of `clean_marks`."""
    clean_marks(raw)


def parse_drawing(text: str) -> list[Mark]:
    """The marks of a drawing posted as JSON text (the body map page's hidden field)."""
    if len(text) > MAX_JSON:
        raise ValidationError("the drawing is too large")
    try:
        drawing = json.loads(text)
    except ValueError:
        raise ValidationError("the drawing could not be read") from None
    if not isinstance(drawing, dict):
        raise ValidationError("the drawing could not be read")
    return clean_marks(drawing.get("marks"))


def heat_values(marks: list[Mark]) -> dict[str, float]:
    """Region -> intensity, the input of the body map's heat-map renderer."""
    return {mark["region"]: float(mark["intensity"]) for mark in marks}


def mark_params(marks: list[Mark]) -> list[str]:
    """`region:intensity` values for the body map page's `?mark=` address."""
    return [f"{mark['region']}:{mark['intensity']}" for mark in marks if mark["intensity"] > 0]


def marks_from_params(values: list[str]) -> list[Mark]:
    """Read `mark_params` back (`temple-r` or `temple-r:7`); unknown regions are dropped
    and a missing or bad intensity becomes 5, since an address is typed or shared."""
    marks = []
    for raw in values[:MAX_PARAM_MARKS]:
        region_id, _, value = raw.partition(":")
        if region_id not in fine_regions():
            continue
        given = int(value) if value.isdecimal() else 0
        intensity = given if 0 < given <= 10 else PARAM_DEFAULT_INTENSITY
        marks.append(Mark(region=region_id, intensity=intensity, quality=DEFAULT_QUALITY))
    return marks
