"""Questions the CLI and the web pages ask of the atlas: coverage, maps, near misses."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from difflib import get_close_matches
from typing import Any

from triggerpoint.atlas.model import Atlas, TriggerPoint, Zone
from triggerpoint.bodymap.regions import fine_regions

# Heat-map values (0-10) for drawing a referral pattern on the body map.
MAP_VALUES: dict[Zone, float] = {"essential": 8.0, "local": 6.0, "spillover": 3.0}
NO_REASON = "no reason recorded in unreferred.yaml"


def referral_values(points: Iterable[TriggerPoint]) -> dict[str, float]:
    """Region id -> map value for the zones of these points, the strongest zone winning."""
    values: dict[str, float] = {}
    for point in points:
        for zone, value in MAP_VALUES.items():
            for rid in point.zone(zone):
                values[rid] = max(values.get(rid, 0.0), value)
    return values


def closest(token: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to a mistyped token, for 'did you mean' hints."""
    close = get_close_matches(token, list(candidates), n=1, cutoff=0.5)
    return close[0] if close else None


def unreferred(atlas: Atlas) -> list[dict[str, str]]:
    """Side-neutral regions no trigger point refers to, each with its reason."""
    referred = atlas.referred_regions()
    rows: dict[str, dict[str, str]] = {}
    for region in fine_regions().values():
        if region.id not in referred and region.base not in rows:
            reason = atlas.unreferred.get(region.base, NO_REASON)
            rows[region.base] = {"region": region.base, "label": region.label, "reason": reason}
    return list(rows.values())


def stats(atlas: Atlas) -> dict[str, Any]:
    """Counts of muscles, trigger points, satellite edges and region coverage."""
    points = list(atlas.trigger_points.values())
    regions = fine_regions()
    referred = atlas.referred_regions()
    by_area = Counter(atlas.muscles[p.muscle].area for p in points if p.side == "right")
    derived = sum(edge.derived for edge in atlas.satellites)
    return {
        "muscles": len(atlas.muscles),
        "trigger_points": {"per_side": len(points) // 2, "sided": len(points)},
        "trigger_points_by_area": dict(sorted(by_area.items())),
        "prevalence": dict(Counter(p.prevalence for p in points if p.side == "right")),
        "satellite_edges": {
            "explicit": len(atlas.satellites) - derived,
            "derived": derived,
        },
        "stretches": len(atlas.stretches),
        "sources": len(atlas.sources),
        "regions": {
            "total": len(regions),
            "referred": len(referred),
            "essential": len({r for p in points for r in p.essential}),
            "spillover": len({r for p in points for r in p.spillover}),
        },
        "unreferred": unreferred(atlas),
    }
