"""The CHOIR Body Map's 74 regions (Scherrer et al., PAIN Reports 2021;6:e880).

Codes 101-136 are on the front view, 201-238 on the back view. "Left" and "right"
are always the client's own side. The numbering follows the male figure; drawings
made on the original female figure must be renumbered before import (see
`FEMALE_TO_MALE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Side = Literal["left", "right"]
View = Literal["front", "back"]


@dataclass(frozen=True, slots=True)
class ChoirRegion:
    code: int
    part: str
    view: View
    side: Side

    @property
    def name(self) -> str:
        return f"{_PART_NAMES[self.part]} ({self.view}, {self.side})"


_PART_NAMES = {
    "cranium": "Cranium",
    "face": "Face",
    "head": "Head",
    "neck": "Neck",
    "shoulder": "Shoulder",
    "chest": "Chest",
    "upper-arm": "Upper arm",
    "elbow": "Elbow",
    "forearm": "Forearm",
    "abdomen": "Abdomen",
    "wrist": "Wrist",
    "hip": "Hip",
    "pubic": "Pubic",
    "hand": "Hand",
    "upper-leg": "Upper leg",
    "knee": "Knee",
    "lower-leg": "Lower leg",
    "ankle": "Ankle",
    "foot": "Foot",
    "upper-back": "Upper back",
    "middle-back": "Middle back",
    "lower-back": "Lower back",
    "buttock": "Buttock",
}

# (code, part, side) in the map's own order; the CHOIR sheet calls the upper arm "Bicep".
_FRONT = [
    (101, "cranium", "right"), (102, "cranium", "left"),
    (103, "face", "right"), (104, "face", "left"),
    (105, "neck", "right"), (106, "neck", "left"),
    (107, "shoulder", "right"), (108, "chest", "right"),
    (109, "chest", "left"), (110, "shoulder", "left"),
    (111, "upper-arm", "right"), (112, "upper-arm", "left"),
    (113, "elbow", "right"), (114, "elbow", "left"),
    (115, "forearm", "right"), (116, "abdomen", "right"),
    (117, "abdomen", "left"), (118, "forearm", "left"),
    (119, "wrist", "right"), (120, "hip", "right"),
    (121, "pubic", "right"), (122, "pubic", "left"),
    (123, "hip", "left"), (124, "wrist", "left"),
    (125, "hand", "right"), (126, "upper-leg", "right"),
    (127, "upper-leg", "left"), (128, "hand", "left"),
    (129, "knee", "right"), (130, "knee", "left"),
    (131, "lower-leg", "right"), (132, "lower-leg", "left"),
    (133, "ankle", "right"), (134, "ankle", "left"),
    (135, "foot", "right"), (136, "foot", "left"),
]  # fmt: skip
_BACK = [
    (201, "cranium", "left"), (202, "cranium", "right"),
    (203, "head", "left"), (204, "head", "right"),
    (205, "neck", "left"), (206, "neck", "right"),
    (207, "shoulder", "left"), (208, "upper-back", "left"),
    (209, "upper-back", "right"), (210, "shoulder", "right"),
    (211, "upper-arm", "left"), (212, "middle-back", "left"),
    (213, "middle-back", "right"), (214, "upper-arm", "right"),
    (215, "elbow", "left"), (216, "elbow", "right"),
    (217, "forearm", "left"), (218, "lower-back", "left"),
    (219, "lower-back", "right"), (220, "forearm", "right"),
    (221, "wrist", "left"), (222, "hip", "left"),
    (223, "buttock", "left"), (224, "buttock", "right"),
    (225, "hip", "right"), (226, "wrist", "right"),
    (227, "hand", "left"), (228, "upper-leg", "left"),
    (229, "upper-leg", "right"), (230, "hand", "right"),
    (231, "knee", "left"), (232, "knee", "right"),
    (233, "lower-leg", "left"), (234, "lower-leg", "right"),
    (235, "ankle", "left"), (236, "ankle", "right"),
    (237, "foot", "left"), (238, "foot", "right"),
]  # fmt: skip

CHOIR_REGIONS: tuple[ChoirRegion, ...] = tuple(
    [ChoirRegion(code, part, "front", side) for code, part, side in _FRONT]  # type: ignore[arg-type]
    + [ChoirRegion(code, part, "back", side) for code, part, side in _BACK]  # type: ignore[arg-type]
)
BY_CODE: dict[int, ChoirRegion] = {region.code: region for region in CHOIR_REGIONS}
_BY_PLACE = {(r.view, r.part, r.side): r for r in CHOIR_REGIONS}

# Codes 112-117 on the CHOIR female figure, renumbered to the male figure used here.
FEMALE_TO_MALE = {112: 116, 113: 117, 114: 112, 115: 113, 116: 114, 117: 115}


def choir_at(view: str, part: str, side: str) -> ChoirRegion:
    """The CHOIR region for a view, body part and side; KeyError if there is none."""
    return _BY_PLACE[(view, part, side)]  # type: ignore[index]


def parts(view: View) -> list[str]:
    """Body parts drawn on one view, each once (sides share the part)."""
    seen: dict[str, None] = {}
    for region in CHOIR_REGIONS:
        if region.view == view:
            seen.setdefault(region.part, None)
    return list(seen)
