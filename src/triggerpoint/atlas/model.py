"""The atlas as frozen dataclasses: what the loader builds and every reader gets.

Everything here is sided: the data files are side-neutral and the loader mirrors
each trigger point into a right and a left copy (see `loader.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from triggerpoint.atlas.selfcare import SelfCare
from triggerpoint.bodymap.regions import region

Side = Literal["left", "right"]
Zone = Literal["local", "essential", "spillover"]
Prevalence = Literal["common", "frequent", "occasional"]

ZONES: tuple[Zone, ...] = ("local", "essential", "spillover")
# How `referring_to` ranks zones: referred pain first, the ache at the point itself last.
REFERRAL_ORDER: tuple[Zone, ...] = ("essential", "spillover", "local")
# Most to least often found: common = among the points pain clinics find most often;
# frequent = often found in that area's complaints; occasional = worth checking when the
# pattern fits. The finder maps the tiers to prior probabilities.
PREVALENCES: tuple[Prevalence, ...] = ("common", "frequent", "occasional")


@dataclass(frozen=True)
class Source:
    """One work cited by the atlas, with a full citation."""

    id: str
    citation: str
    url: str | None


@dataclass(frozen=True)
class Stretch:
    """A stretch or self-care exercise with its dosage."""

    id: str
    name: str
    instructions: str
    hold_seconds: int
    repetitions: int
    frequency: str
    sources: tuple[str, ...]

    @property
    def dosage(self) -> str:
        return f"hold {self.hold_seconds} s, {self.repetitions} times, {self.frequency}"


@dataclass(frozen=True)
class Muscle:
    id: str
    name: str
    group: str
    action: str
    area: str
    stretches: tuple[str, ...]


@dataclass(frozen=True)
class TriggerPoint:
    """One trigger point on one side; every region id is a sided fine region."""

    id: str
    base: str
    name: str
    muscle: str
    side: Side
    location: str
    find_it: str
    prevalence: Prevalence
    local: tuple[str, ...]
    essential: tuple[str, ...]
    spillover: tuple[str, ...]
    sources: tuple[str, ...]

    def zone_of(self, region_id: str) -> Zone | None:
        """Which referral zone holds a region (the validator keeps zones disjoint)."""
        for zone in ZONES:
            if region_id in self.zone(zone):
                return zone
        return None

    def zone(self, zone: Zone) -> tuple[str, ...]:
        if zone == "local":
            return self.local
        if zone == "essential":
            return self.essential
        return self.spillover


@dataclass(frozen=True)
class SatelliteEdge:
    """Key -> satellite on the same side; `derived` edges come from geometry, not a paper."""

    key: str
    satellite: str
    sources: tuple[str, ...]
    derived: bool
    note: str


@dataclass(frozen=True)
class Atlas:
    sources: dict[str, Source]
    stretches: dict[str, Stretch]
    muscles: dict[str, Muscle]
    trigger_points: dict[str, TriggerPoint]
    satellites: tuple[SatelliteEdge, ...]
    # Base region id -> why no trigger point refers there (shown by `atlas stats`).
    unreferred: dict[str, str] = field(default_factory=dict)
    # Self-treatment per point, cautions and perpetuating factors (see selfcare.py).
    self_care: SelfCare = field(default_factory=SelfCare)

    def referring_to(self, region_id: str) -> list[tuple[TriggerPoint, Zone]]:
        """Trigger points whose zones hold a sided fine region: essential, then spillover,
        then local (the ache around the point itself); within a zone, the more prevalent
        first. Raises `UnknownRegionError` for an unknown region id."""
        region(region_id)
        found = [
            (tp, zone)
            for tp in self.trigger_points.values()
            if (zone := tp.zone_of(region_id)) is not None
        ]
        return sorted(
            found,
            key=lambda pair: (REFERRAL_ORDER.index(pair[1]), PREVALENCES.index(pair[0].prevalence)),
        )

    def muscle_points(self, muscle_id: str) -> list[TriggerPoint]:
        return [tp for tp in self.trigger_points.values() if tp.muscle == muscle_id]

    def satellites_of(self, tp_id: str) -> list[SatelliteEdge]:
        """Edges where this trigger point is the key."""
        return [edge for edge in self.satellites if edge.key == tp_id]

    def keys_of(self, tp_id: str) -> list[SatelliteEdge]:
        """Edges where this trigger point is the satellite."""
        return [edge for edge in self.satellites if edge.satellite == tp_id]

    def referred_regions(self) -> set[str]:
        """Sided fine regions some trigger point refers pain to (essential or spillover;
        the local zone is the ache around the point itself)."""
        return {rid for tp in self.trigger_points.values() for rid in tp.essential + tp.spillover}
