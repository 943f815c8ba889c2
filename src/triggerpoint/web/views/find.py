"""The body map page: mark where it hurts, see the trigger points that may send it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.regions import Region, fine_regions
from triggerpoint.bodymap.svg import render_svg
from triggerpoint.clinic.intake import QUALITY_LABELS, Mark, marks_from_params
from triggerpoint.web.finder_voice import Voice


@cache
def _region_groups() -> list[tuple[str, list[Region]]]:
    groups: dict[str, list[Region]] = {}
    for region in fine_regions().values():
        groups.setdefault(BY_CODE[region.choir].name, []).append(region)
    return sorted(groups.items())


# The head and neck hold many small regions that referral patterns tell apart (temple,
# eyebrow, behind the eye, jaw joint), so the page adds a close-up of them.
HEAD_AND_NECK = {101, 102, 103, 104, 105, 106, 201, 202, 203, 204, 205, 206}


@cache
def _maps() -> dict[str, str]:
    head = [r.id for r in fine_regions().values() if r.choir in HEAD_AND_NECK]
    return {
        "front_svg": render_svg(views=["front"], legend=False, title="Front"),
        "back_svg": render_svg(views=["back"], legend=False, title="Back"),
        "head_svg": render_svg(frame=head, id_prefix="head-", title="Head and neck close-up"),
        "preview_svg": render_svg(legend=False, id_prefix="preview-", title="Referral pattern"),
    }


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
        **_maps(),
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
