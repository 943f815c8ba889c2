"""What the body-map finder page needs, shared by every page that shows it.

The public /find/ page, the pain diary and the therapist's chart all render
`web/find.html`; its context and the versioned body-map drawing live here so those view
modules share them without importing one another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import cache

from django.urls import reverse

from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.regions import Region, fine_regions
from triggerpoint.bodymap.svg import render_svg
from triggerpoint.bodymap.zoom import frames
from triggerpoint.clinic.treatment.intake import QUALITY_LABELS
from triggerpoint.finder.voice import Voice


@cache
def _region_groups() -> list[tuple[str, list[Region]]]:
    groups: dict[str, list[Region]] = {}
    for region in fine_regions().values():
        groups.setdefault(BY_CODE[region.choir].name, []).append(region)
    return sorted(groups.items())


@cache
def body_map_svg() -> tuple[str, str]:
    """The interactive body map and a digest of it, to name its version in the address."""
    svg = render_svg(legend=False, interactive=True)
    return svg, hashlib.sha256(svg.encode()).hexdigest()[:16]


def map_svg_url() -> str:
    return f"{reverse('web:bodymap-svg')}?v={body_map_svg()[1]}"


def finder_context(
    drawing: Mapping[str, Sequence[Mapping[str, object]]], voice: Voice = "public"
) -> dict[str, object]:
    """What `web/find.html` needs, preloaded with a drawing (the staff workspace reuses it
    in the clinical voice; the public page and the diary speak to the client)."""
    return {
        "nav": "find",
        "map_svg_url": map_svg_url(),
        "zoom_frames": [frame.as_json() for frame in frames()],
        "scale": range(11),
        "qualities": QUALITY_LABELS,
        "region_groups": _region_groups(),
        "initial_drawing": drawing,
        "find_url": reverse("api-v1:find"),
        "voice": voice,
    }
