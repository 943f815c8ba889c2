"""The trigger point atlas: muscles, trigger points, referral zones, satellites,
stretches and sources, loaded from validated side-neutral YAML and mirrored."""

from triggerpoint.atlas.loader import load_atlas
from triggerpoint.atlas.model import (
    Atlas,
    Muscle,
    SatelliteEdge,
    Source,
    Stretch,
    TriggerPoint,
    Zone,
)
from triggerpoint.atlas.problems import AtlasError, Problem

__all__ = [
    "Atlas",
    "AtlasError",
    "Muscle",
    "Problem",
    "SatelliteEdge",
    "Source",
    "Stretch",
    "TriggerPoint",
    "Zone",
    "load_atlas",
]
