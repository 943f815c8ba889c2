"""What the therapist found at each trigger point of a visit: the examination form's
record (taut band, tenderness, referral, pressure pain threshold) and which points it is
written for.

Separate from the live session (sessions.py) because a finding is written at any time,
during the visit or after it ends, and never changes the session's events.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from triggerpoint.bodymap.regions import UnknownRegionError, resolve
from triggerpoint.clinic.models import Finding, Visit
from triggerpoint.clinic.privacy.audit import Actor, record
from triggerpoint.clinic.treatment.sessions import SessionError, check_plan
from triggerpoint.outcomes.ppt import ppt_from_trials
from triggerpoint.protocol import Locate, Session


@dataclass(frozen=True, slots=True)
class FindingInput:
    """What the therapist found at one trigger point; PPT trials in kg/cm² (none or three)."""

    trigger_point: str
    taut_band: bool = False
    spot_tenderness: bool = False
    recognised: bool = False
    local_twitch: bool = False
    referral_regions: tuple[str, ...] = ()
    ppt_trials: tuple[float, ...] = ()
    note: str = ""


MAX_NOTE = 2000


def save_finding(visit: Visit, found: FindingInput, actor: Actor) -> Finding:
    """Write (or rewrite) the finding at one trigger point of a visit, and audit it.

    Referral regions may be fine region ids or CHOIR codes and are kept as fine ids; the
    pressure pain threshold is the mean of three trials, stored in kg/cm² and in kPa.
    """
    check_plan([found.trigger_point])
    regions: list[str] = []
    for token in found.referral_regions:
        try:
            resolved = resolve(str(token))
        except (UnknownRegionError, ValueError) as error:
            raise SessionError(str(error)) from None
        regions.extend(r for r in resolved if r not in regions)
    trials: list[float] = []
    mean_kg: float | None = None
    mean_kpa: float | None = None
    if found.ppt_trials:
        try:
            reading = ppt_from_trials(list(found.ppt_trials))
        except ValueError as error:
            raise SessionError(f"pressure pain threshold: {error}") from None
        trials = list(reading.trials)
        mean_kg, mean_kpa = round(reading.mean, 3), round(reading.kpa, 1)
    if len(found.note) > MAX_NOTE:
        raise SessionError(f"keep the note under {MAX_NOTE} characters")
    with transaction.atomic():
        finding, created = Finding.objects.update_or_create(
            visit=visit,
            trigger_point=found.trigger_point,
            defaults={
                "taut_band": found.taut_band,
                "spot_tenderness": found.spot_tenderness,
                "recognised": found.recognised,
                "local_twitch": found.local_twitch,
                "referral_regions": regions,
                "ppt_trials": trials,
                "ppt_kg_cm2": mean_kg,
                "ppt_kpa": mean_kpa,
                "note": found.note,
            },
        )
        record(actor, "finding.created" if created else "finding.changed", finding)
    return finding


def examined_points(visit: Visit, session: Session) -> list[str]:
    """Trigger points worth a finding: planned, located or already found, in that order."""
    points: list[str] = []
    located = [e.trigger_point for e in session.events if isinstance(e, Locate)]
    found = list(visit.findings.values_list("trigger_point", flat=True))
    for point in [*visit.planned_points, *located, *found]:
        if point not in points:
            points.append(point)
    return points
