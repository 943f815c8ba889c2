"""Muscle pages: trigger points, referral maps, satellites and stretches."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from triggerpoint.atlas import Atlas, SatelliteEdge, load_atlas
from triggerpoint.atlas.query import referral_values
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.bodymap.svg import render_svg


def _labels(region_ids: tuple[str, ...]) -> list[str]:
    regions = fine_regions()
    return [regions[r].full_label for r in region_ids]


def _edge(atlas: Atlas, tp_id: str) -> dict[str, str]:
    tp = atlas.trigger_points[tp_id]
    return {"muscle": tp.muscle, "name": tp.name}


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    atlas = load_atlas()
    groups: dict[str, list[Any]] = {}
    for muscle in sorted(atlas.muscles.values(), key=lambda m: m.name):
        groups.setdefault(muscle.group, []).append(muscle)
    context = {
        "nav": "atlas",
        "groups": sorted(groups.items()),
        "muscle_count": len(atlas.muscles),
        "point_count": len({tp.base for tp in atlas.trigger_points.values()}),
    }
    return render(request, "web/atlas.html", context)


@cache
def _point_svg(tp_id: str) -> str:
    tp = load_atlas().trigger_points[tp_id]
    return render_svg(
        referral_values([tp]), markers=[tp.location], legend=False, id_prefix=tp.id, focus=True
    )


@require_safe
def muscle(request: HttpRequest, muscle_id: str) -> HttpResponse:
    atlas = load_atlas()
    found = atlas.muscles.get(muscle_id)
    if found is None:
        raise Http404("No muscle with that name in the atlas.")
    points = []
    for tp in atlas.muscle_points(muscle_id):
        if tp.side != "right":
            continue
        satellites: list[SatelliteEdge] = atlas.satellites_of(tp.id)
        keys: list[SatelliteEdge] = atlas.keys_of(tp.id)
        points.append(
            {
                "tp": tp,
                "essential": _labels(tp.essential),
                "spillover": _labels(tp.spillover),
                "satellites": [_edge(atlas, e.satellite) for e in satellites],
                "keys": [_edge(atlas, e.key) for e in keys],
                "sources": [atlas.sources[s] for s in tp.sources],
                "svg": _point_svg(tp.id),
            }
        )
    stretches = [atlas.stretches[s] for s in found.stretches]
    context = {"nav": "atlas", "muscle": found, "points": points, "stretches": stretches}
    return render(request, "web/muscle.html", context)
