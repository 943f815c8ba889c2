"""The learning loop in the clinic: findings become per-clinic counts, counts become priors.

Counts are always recounted from the findings themselves (never incremented), so saving
a finding twice, editing it or deleting it leaves them right: a signal recounts the one
trigger point whenever a finding is saved or deleted. Only findings of visits begun after
the clinic's latest reset count. The finder run by a clinic's staff starts from the
clinic's priors (`clinic_network`); the public finder keeps the atlas ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count as Counted
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from triggerpoint.clinic.models import (
    Clinic,
    DrawingSource,
    Finding,
    PainDrawing,
    PriorCount,
    PriorReset,
    Visit,
)
from triggerpoint.clinic.privacy.audit import Actor, record
from triggerpoint.finder.find import find
from triggerpoint.finder.learning import (
    CalibrationBin,
    Count,
    calibration,
    predicted,
    with_counts,
)
from triggerpoint.finder.network import Network, atlas_network
from triggerpoint.finder.result import FinderResult

CALIBRATION_VISITS = 200  # the most recent visits with findings; each costs one inference


def last_reset(clinic_id: int) -> datetime | None:
    reset = PriorReset.objects.filter(clinic_id=clinic_id).order_by("-at", "-pk").first()
    return reset.at if reset else None


def counted_findings(clinic_id: int) -> Any:
    """The findings that teach this clinic's priors: those of visits since the last reset."""
    findings = Finding.objects.filter(visit__client__clinic_id=clinic_id)
    since = last_reset(clinic_id)
    return findings.filter(visit__created_at__gt=since) if since else findings


@transaction.atomic
def recount(clinic_id: int, trigger_points: Iterable[str] | None = None) -> None:
    """Rewrite the clinic's counts from its findings: for the points named, or for all."""
    findings = counted_findings(clinic_id)
    rows = PriorCount.objects.filter(clinic_id=clinic_id)
    if trigger_points is not None:
        points = set(trigger_points)
        findings = findings.filter(trigger_point__in=points)
        rows = rows.filter(trigger_point__in=points)
    tally = {
        row["trigger_point"]: (row["examined"], row["confirmed"])
        for row in findings.values("trigger_point").annotate(
            examined=Counted("pk"), confirmed=Counted("pk", filter=Q(recognised=True))
        )
    }
    rows.exclude(trigger_point__in=tally).delete()
    for point, (examined, confirmed) in tally.items():
        PriorCount.objects.update_or_create(
            clinic_id=clinic_id,
            trigger_point=point,
            defaults={"examined": examined, "confirmed": confirmed},
        )


def _clinic_of(finding: Finding) -> int | None:
    visits = Visit.objects.filter(pk=finding.visit_id)
    return visits.values_list("client__clinic_id", flat=True).first()


@receiver(post_save, sender=Finding, dispatch_uid="learning-finding-saved")
@receiver(post_delete, sender=Finding, dispatch_uid="learning-finding-deleted")
def _finding_changed(sender: type[Finding], instance: Finding, **kwargs: Any) -> None:
    clinic_id = _clinic_of(instance)
    if clinic_id is not None:
        recount(clinic_id, [instance.trigger_point])


def counts(clinic_id: int) -> dict[str, Count]:
    return {
        row.trigger_point: Count(row.examined, row.confirmed)
        for row in PriorCount.objects.filter(clinic_id=clinic_id)
    }


def clinic_network(clinic_id: int) -> Network:
    """The finder's network with this clinic's posterior priors."""
    return with_counts(atlas_network(), counts(clinic_id))


def find_for_drawing(drawing: PainDrawing, top: int = 5) -> FinderResult | None:
    """The finder on a stored drawing, with the drawing's clinic's learned priors;
    None for a drawing with no pain marked."""
    marks = {region: value for region, value in drawing.heat_values().items() if value > 0}
    if not marks:
        return None
    # A quality describes pain that is there: the finder refuses one on a mark of 0.
    qualities = {m["region"]: m["quality"] for m in drawing.mark_list if m["region"] in marks}
    return find(marks, qualities, top=top, network=clinic_network(drawing.client.clinic_id))


@transaction.atomic
def reset(clinic: Clinic, actor: Actor, now: datetime) -> PriorReset:
    """Forget what the clinic learned: findings so far stop counting (they stay on file)."""
    user_id = getattr(actor, "pk", None)
    done = PriorReset.objects.create(clinic=clinic, at=now, by_id=user_id)
    PriorCount.objects.filter(clinic=clinic).delete()
    record(actor, "priors.reset", clinic)
    return done


# What the owner's page shows


@dataclass(frozen=True)
class PointRow:
    trigger_point: str
    name: str
    examined: int
    confirmed: int
    atlas_prior: float
    clinic_prior: float


def point_rows(clinic_id: int) -> list[PointRow]:
    """Each counted trigger point with its atlas prior and the clinic's posterior prior."""
    from triggerpoint.atlas import load_atlas

    atlas, network = load_atlas(), atlas_network()
    learned = clinic_network(clinic_id)
    at = network.index()
    rows = []
    for point, count in counts(clinic_id).items():
        if point not in at:
            continue
        rows.append(
            PointRow(
                trigger_point=point,
                name=f"{atlas.trigger_points[point].name} ({atlas.trigger_points[point].side})",
                examined=count.examined,
                confirmed=count.confirmed,
                atlas_prior=float(network.prior[at[point]]),
                clinic_prior=float(learned.prior[at[point]]),
            )
        )
    return sorted(rows, key=lambda r: (-r.examined, r.trigger_point))


def _intake_marks(visit: Visit) -> dict[str, float] | None:
    """The drawing the finder would have read for this visit: its own intake drawing, else
    the client's latest intake drawing made before the visit."""
    drawings = PainDrawing.objects.filter(client_id=visit.client_id, source=DrawingSource.INTAKE)
    drawing = None
    if visit.appointment_id:
        drawing = drawings.filter(appointment_id=visit.appointment_id).first()
    if drawing is None:
        drawing = drawings.filter(created_at__lte=visit.created_at).first()
    if drawing is None:
        return None
    return {region: value for region, value in drawing.heat_values().items() if value > 0}


@dataclass(frozen=True)
class Calibration:
    bins: tuple[CalibrationBin, ...]
    findings: int
    visits: int
    without_drawing: int


def calibration_report(clinic_id: int, bins: int = 5) -> Calibration:
    """The atlas finder's predicted probability for each examined point, recomputed from the
    visit's intake drawing, against whether the point was confirmed."""
    network = atlas_network()
    visits = (
        Visit.objects.filter(client__clinic_id=clinic_id, findings__isnull=False)
        .distinct()
        .order_by("-created_at", "-pk")[:CALIBRATION_VISITS]
    )
    pairs: list[tuple[float, bool]] = []
    used = skipped = 0
    for visit in visits:
        marks = _intake_marks(visit)
        if not marks:
            skipped += 1
            continue
        used += 1
        posterior = predicted(network, marks)
        for finding in visit.findings.all():
            if finding.trigger_point in posterior:
                pairs.append((posterior[finding.trigger_point], finding.recognised))
    return Calibration(calibration(pairs, bins), len(pairs), used, skipped)
