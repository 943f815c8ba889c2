"""The body map page: mark where it hurts, see the trigger points that may send it."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_safe

from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.regions import Region, fine_regions
from triggerpoint.bodymap.svg import render_svg
from triggerpoint.bodymap.zoom import frames
from triggerpoint.clinic.intake import QUALITY_LABELS, Mark, marks_from_params
from triggerpoint.web.finder_voice import Voice


@cache
def _region_groups() -> list[tuple[str, list[Region]]]:
    groups: dict[str, list[Region]] = {}
    for region in fine_regions().values():
        groups.setdefault(BY_CODE[region.choir].name, []).append(region)
    return sorted(groups.items())


@cache
def _map_svg() -> tuple[str, str]:
    """The interactive body map and a digest of it, to name its version in the address."""
    svg = render_svg(legend=False, interactive=True)
    return svg, hashlib.sha256(svg.encode()).hexdigest()[:16]


# The drawing is about 110 KB and the same for every visitor, so pages load it once by a
# versioned address and the browser keeps it; a new drawing gets a new address.
@require_safe
@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
@etag(lambda request: _map_svg()[1])
def map_svg(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_map_svg()[0], content_type="image/svg+xml; charset=utf-8")


def map_svg_url() -> str:
    return f"{reverse('web:bodymap-svg')}?v={_map_svg()[1]}"


def initial_drawing(request: HttpRequest) -> dict[str, list[Mark]]:
    """Marks from the address (`?mark=temple-r` or `?mark=temple-r:7`)."""
    return {"marks": marks_from_params(request.GET.getlist("mark"))}


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


@require_safe
def find(request: HttpRequest) -> HttpResponse:
    return render(request, "web/find.html", finder_context(initial_drawing(request)))
