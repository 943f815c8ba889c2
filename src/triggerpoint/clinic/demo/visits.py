"""Demo treatment histories: past visits with findings, outcomes, notes, plans and diaries.

The demo clients with a login get a few of their past completed appointments turned into
visits, so the charts and notes show real trends: pain falling by the kind of steps
people report (7, 5, 4, 3), thresholds rising beyond the measurement error, rotation
coming back. Values are scripted per client, not random, so each demo tells one story.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from triggerpoint.clinic.models import (
    Appointment,
    Client,
    DrawingSource,
    Finding,
    HomePlan,
    Measurement,
    MeasureTiming,
    Note,
    PainDrawing,
    Staff,
    Status,
    Visit,
)
from triggerpoint.clinic.treatment import homecare, notes
from triggerpoint.clinic.treatment.outcomes_records import record_ndi, record_pgic, record_value
from triggerpoint.outcomes import kg_cm2_to_kpa

MIN_GAP = timedelta(days=5)


@dataclass(frozen=True)
class Story:
    """One client's course of care, one value per visit in each tuple."""

    marks: tuple[tuple[str, int, str], ...]  # intake drawing: region, intensity, quality
    points: tuple[str, ...]
    pain_now: tuple[int, ...]
    pain_after: tuple[int, ...]
    pain_worst: tuple[int, ...]
    ppt: tuple[float, ...]  # at the first point, kg/cm²
    rotation: tuple[str, tuple[int, ...]] | None
    ndi: tuple[tuple[int, ...], ...]  # answers at the first and the last visit
    pgic: tuple[int, ...]  # from the second visit on
    diary: tuple[int, ...]  # one rating between each pair of visits


STORIES = (
    Story(
        marks=(("temple-r", 7, "aching"), ("upper-back-neck-r", 6, "aching"), ("eye-r", 4, "dull")),
        points=("upper-trapezius-1-r", "suboccipitals-1-r", "sternocleidomastoid-sternal-r"),
        pain_now=(7, 5, 4, 3),
        pain_after=(5, 3, 3, 2),
        pain_worst=(9, 8, 6, 5),
        ppt=(1.6, 2.0, 2.5, 2.9),
        rotation=("rom-cervical-rotation-right", (52, 58, 66, 71)),
        ndi=((3, 1, 2, 3, 4, 2, 2, 1, 2, 2), (1, 0, 1, 1, 2, 1, 1, 0, 1, 1)),
        pgic=(3, 2, 2),
        diary=(6, 5, 3),
    ),
    Story(
        marks=(("si-joint-r", 6, "aching"), ("lateral-thigh-r", 5, "burning")),
        points=("quadratus-lumborum-deep-r", "gluteus-minimus-anterior-r"),
        pain_now=(6, 5, 3),
        pain_after=(4, 3, 2),
        pain_worst=(8, 7, 5),
        ppt=(2.2, 2.6, 3.1),
        rotation=None,
        ndi=(),
        pgic=(3, 2),
        diary=(5, 4),
    ),
    Story(
        marks=(("front-deltoid-r", 5, "aching"), ("outer-arm-r", 3, "dull")),
        points=("infraspinatus-1-r", "levator-scapulae-upper-r"),
        pain_now=(5, 4, 4),
        pain_after=(3, 3, 3),
        pain_worst=(7, 7, 6),
        ppt=(2.4, 2.6, 2.7),
        rotation=("rom-cervical-rotation-left", (64, 66, 70)),
        ndi=(),
        pgic=(4, 3),
        diary=(4,),
    ),
)


def create(clinic_id: int, now: datetime | None = None) -> int:
    """Give the clinic's demo clients with a login their past visits; the count made."""
    now = now or timezone.now()
    clients = Client.objects.filter(clinic_id=clinic_id, user__isnull=False).order_by("email")
    made = 0
    for client, story in zip(clients, STORIES, strict=False):
        appointments = _spaced(client, now, len(story.pain_now))
        if len(appointments) < 2:
            continue
        with transaction.atomic():
            made += _history(client, story, appointments)
    return made


def _spaced(client: Client, now: datetime, wanted: int) -> list[Appointment]:
    """The client's latest completed treatment appointments, at least MIN_GAP apart."""
    past = Appointment.objects.filter(
        client=client, status=Status.COMPLETED, end__lt=now, visit__isnull=True
    ).exclude(service__name__startswith="Spa")
    chosen: list[Appointment] = []
    for appointment in past.order_by("-start"):
        if not chosen or chosen[-1].start - appointment.start >= MIN_GAP:
            chosen.append(appointment)
        if len(chosen) == wanted:
            break
    return list(reversed(chosen))


def _history(client: Client, story: Story, appointments: list[Appointment]) -> int:
    count = len(appointments)
    for n, appointment in enumerate(appointments):
        therapist = Staff.objects.get(pk=appointment.therapist_id)
        actor = therapist.user
        start = appointment.start + timedelta(minutes=5)
        drawing = PainDrawing.objects.create(
            client=client,
            appointment=appointment,
            source=DrawingSource.INTAKE,
            marks=[
                {"region": r, "intensity": _eased(i, n, count), "quality": q}
                for r, i, q in story.marks
            ],
        )
        PainDrawing.objects.filter(pk=drawing.pk).update(created_at=start - timedelta(days=1))
        visit = Visit.objects.create(
            appointment=appointment,
            client=client,
            therapist=therapist,
            planned_points=list(story.points),
            started_at=start,
            ended_at=appointment.end - timedelta(minutes=5),
        )
        _findings(visit, story, n, examined=start + timedelta(minutes=6))
        before, after = start + timedelta(minutes=2), appointment.end - timedelta(minutes=8)
        for measure_id, value in (
            ("pain-now", story.pain_now[n]),
            ("pain-worst", story.pain_worst[n]),
            ("pain-average", max(story.pain_now[n] - 1, 0)),
        ):
            record_value(visit, measure_id, value, MeasureTiming.BEFORE, actor, at=before)
        record_value(visit, "pain-now", story.pain_after[n], MeasureTiming.AFTER, actor, at=after)
        if story.rotation is not None:
            movement, degrees = story.rotation
            record_value(visit, movement, degrees[n], MeasureTiming.BEFORE, actor, at=before)
        if story.ndi and n in (0, count - 1):
            answers = story.ndi[0 if n == 0 else -1]
            record_ndi(visit, list(answers), MeasureTiming.BEFORE, actor, at=before)
        if n > 0:
            record_pgic(visit, story.pgic[n - 1], actor, at=after)
        if n < count - 1 and n < len(story.diary):
            gap = appointments[n + 1].start - appointment.start
            middle = (appointment.start + gap / 2).astimezone(client.clinic.zone)
            _diary(client, story, n, middle.replace(hour=19, minute=30))  # an evening entry
        plan = homecare.plan_for(visit, actor)
        HomePlan.objects.filter(pk=plan.pk).update(created_at=after + timedelta(minutes=1))
        note = notes.draft(visit, actor)
        signed_at = appointment.end + timedelta(minutes=20)
        notes.sign(note, actor, now=signed_at)
        Note.objects.filter(pk=note.pk).update(updated_at=signed_at)
    return count


def _eased(intensity: int, n: int, count: int) -> int:
    """Drawn intensities ease over the course of care, never below 1."""
    return max(1, intensity - round(3 * n / max(count - 1, 1)))


def _findings(visit: Visit, story: Story, n: int, examined: datetime) -> None:
    """The examination of each planned point, a few minutes apart early in the visit
    (stamped then, not when the demo runs: the record must read as it happened)."""
    for k, point in enumerate(story.points):
        mean = story.ppt[n] + 0.4 * k
        trials = [round(mean - 0.1, 2), round(mean, 2), round(mean + 0.1, 2)]
        finding = Finding.objects.create(
            visit=visit,
            trigger_point=point,
            taut_band=True,
            spot_tenderness=True,
            recognised=k == 0 or n == 0,
            local_twitch=k == 0 and n < 2,
            referral_regions=[story.marks[0][0]] if k == 0 else [],
            ppt_trials=trials,
            ppt_kg_cm2=round(mean, 3),
            ppt_kpa=round(kg_cm2_to_kpa(mean), 1),
        )
        Finding.objects.filter(pk=finding.pk).update(
            recorded_at=examined + timedelta(minutes=3 * k)
        )


def _diary(client: Client, story: Story, n: int, at: datetime) -> None:
    region, _, quality = story.marks[0]
    rating = story.diary[n]
    drawing = PainDrawing.objects.create(
        client=client,
        source=DrawingSource.DIARY,
        marks=[{"region": region, "intensity": rating, "quality": quality}],
    )
    PainDrawing.objects.filter(pk=drawing.pk).update(created_at=at)
    Measurement.objects.create(
        client=client,
        measure="pain-now",
        value=rating,
        timing=MeasureTiming.BETWEEN,
        detail={"drawing": drawing.pk},
        measured_at=at,
        recorded_by=client.user,
    )
