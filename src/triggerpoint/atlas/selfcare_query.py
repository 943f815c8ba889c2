"""Questions asked of the atlas's self-care data: coverage, and a muscle as plain data
(for `atlas show --json` and the public self-care plan)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from triggerpoint.atlas.model import Atlas, TriggerPoint
from triggerpoint.atlas.selfcare import SelfTreatment


def _share(have: int, total: int) -> dict[str, Any]:
    return {"with": have, "total": total, "percent": round(100 * have / total, 1) if total else 0.0}


def coverage(atlas: Atlas) -> dict[str, Any]:
    """How much of the atlas has a dosed self-treatment and perpetuating factors."""
    care = atlas.self_care
    bases = {p.base for p in atlas.trigger_points.values()}
    treated = {b: t for b in bases if (t := care.treatment(b)) is not None}
    dosed = {b for b, t in treated.items() if t.hold_seconds or t.strokes}
    site_cautioned = {
        b for b, t in treated.items() if any(care.cautions[c].kind == "site" for c in t.cautions)
    }
    with_factors = {m for m in atlas.muscles if care.muscle_factors.get(m)}
    return {
        "trigger_points_with_self_treatment": _share(len(dosed), len(bases)),
        "muscles_with_perpetuating_factors": _share(len(with_factors), len(atlas.muscles)),
        "trigger_points_with_a_site_caution": len(site_cautioned),
        "methods": len({t.method for t in care.treatments.values()}),
        "cautions": len(care.cautions),
        "factors": len(care.factors),
        "missing_self_treatment": sorted(bases - dosed),
        "missing_factors": sorted(set(atlas.muscles) - with_factors),
    }


def treatment_data(atlas: Atlas, treatment: SelfTreatment | None) -> dict[str, Any] | None:
    if treatment is None:
        return None
    care = atlas.self_care
    data = asdict(treatment)
    data["pressure"] = list(treatment.pressure)
    data["dose"] = treatment.dose
    data["cautions"] = [asdict(c) for c in care.cautions_for(treatment.point)]
    return data


def point_data(atlas: Atlas, point: TriggerPoint) -> dict[str, Any]:
    data = asdict(point)
    data["self_treatment"] = treatment_data(atlas, atlas.self_care.treatment(point.base))
    return data


def muscle_data(atlas: Atlas, muscle_id: str, side: str) -> dict[str, Any]:
    """Everything the atlas holds on one muscle and its points on one side."""
    muscle = atlas.muscles[muscle_id]
    return {
        "muscle": asdict(muscle),
        "side": side,
        "trigger_points": [
            point_data(atlas, p) for p in atlas.muscle_points(muscle_id) if p.side == side
        ],
        "stretches": [
            {**asdict(atlas.stretches[sid]), "dosage": atlas.stretches[sid].dosage}
            for sid in muscle.stretches
        ],
        "perpetuating_factors": [asdict(f) for f in atlas.self_care.factors_for(muscle_id)],
    }
