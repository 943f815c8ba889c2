"""Outcome measurements as the clinic stores them: a visit's values and the client's diary.

Every value goes through `triggerpoint.outcomes` before it is written: the measure's
range, the PGIC's seven points, the NDI's ten sections, the algometer's three trials.
A rule refused raises `OutcomeError` with the whole reason, and nothing is stored.
Reading them back across visits is `outcome_trends`'s job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from triggerpoint.clinic.models import (
    Client,
    DrawingSource,
    Measurement,
    MeasureTiming,
    PainDrawing,
    Visit,
)
from triggerpoint.clinic.privacy.audit import Actor, record
from triggerpoint.clinic.treatment.intake import Mark, clean_marks
from triggerpoint.outcomes import Pgic, measure, ppt_from_trials, score_ndi
from triggerpoint.outcomes.ndi import SECTIONS

PGIC = "pgic"
VISIT_TIMINGS = (MeasureTiming.BEFORE, MeasureTiming.AFTER)
MAX_SITE = 100


class OutcomeError(ValueError):
    """A measurement the clinic cannot store; `str(error)` is the whole reason."""


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "pk", None) is not None else None


def _timing(timing: str) -> str:
    if timing not in VISIT_TIMINGS:
        raise OutcomeError("a visit's measurement is taken before or after treatment")
    return timing


def record_value(
    visit: Visit,
    measure_id: str,
    value: float,
    timing: str,
    actor: Actor,
    *,
    site: str = "",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> Measurement:
    """Store one checked value of a visit (pain, range of motion, PPT mean, NDI points)."""
    try:
        checked = measure(measure_id).validate(value)
    except (KeyError, ValueError) as error:
        raise OutcomeError(str(error)) from None
    if len(site) > MAX_SITE:
        raise OutcomeError(f"name the site in at most {MAX_SITE} characters")
    row = Measurement.objects.create(
        client_id=visit.client_id,
        visit=visit,
        measure=measure_id,
        value=checked,
        timing=_timing(timing),
        site=site.strip(),
        detail=detail or {},
        measured_at=at or timezone.now(),
        recorded_by=_user(actor),
    )
    record(actor, "measurement.created", row)
    return row


def record_ppt(
    visit: Visit,
    site: str,
    trials: Sequence[float],
    timing: str,
    actor: Actor,
    at: datetime | None = None,
) -> Measurement:
    """A pressure pain threshold: the mean of three algometer trials in kg/cm², per site."""
    if not site.strip():
        raise OutcomeError("say where the pressure pain threshold was taken")
    try:
        reading = ppt_from_trials(list(trials), site=site)
    except ValueError as error:
        raise OutcomeError(f"pressure pain threshold: {error}") from None
    detail = {"trials": list(reading.trials), "kpa": round(reading.kpa, 1)}
    return record_value(
        visit, "ppt", round(reading.mean, 3), timing, actor, site=site, detail=detail, at=at
    )


def record_ndi(
    visit: Visit,
    answers: Sequence[int | None],
    timing: str,
    actor: Actor,
    at: datetime | None = None,
) -> Measurement:
    """The Neck Disability Index, scored from its ten sections; the answers are kept."""
    try:
        score = score_ndi(answers)
    except ValueError as error:
        raise OutcomeError(str(error)) from None
    detail = {"answers": dict(zip(SECTIONS, answers, strict=True)), "band": score.band}
    return record_value(visit, "ndi", round(score.points, 1), timing, actor, detail=detail, at=at)


def record_pgic(visit: Visit, rating: int, actor: Actor, at: datetime | None = None) -> Measurement:
    """The client's global impression of change (1 very much improved - 7 very much worse),
    asked at the end of a visit about the time since treatment began."""
    try:
        impression = Pgic(rating)
    except ValueError as error:
        raise OutcomeError(str(error)) from None
    row = Measurement.objects.create(
        client_id=visit.client_id,
        visit=visit,
        measure=PGIC,
        value=float(impression.rating),
        timing=MeasureTiming.AFTER,
        detail={"label": impression.label},
        measured_at=at or timezone.now(),
        recorded_by=_user(actor),
    )
    record(actor, "measurement.created", row)
    return row


@dataclass(frozen=True)
class DiaryEntry:
    rating: Measurement
    drawing: PainDrawing | None


def record_diary(
    client: Client,
    rating: int,
    marks: list[Mark] | list[Any],
    actor: Actor,
    at: datetime | None = None,
) -> DiaryEntry:
    """A client's diary entry between visits: pain now 0-10 and, if drawn, where."""
    if isinstance(rating, bool) or not isinstance(rating, int):
        raise OutcomeError("rate your pain now with a whole number from 0 to 10")
    try:
        value = measure("pain-now").validate(rating)
        cleaned = clean_marks(marks)
    except ValueError as error:
        raise OutcomeError(str(error)) from None
    except ValidationError as error:
        raise OutcomeError(error.messages[0]) from None
    at = at or timezone.now()
    with transaction.atomic():
        drawing = None
        if cleaned:
            drawing = PainDrawing.objects.create(
                client=client, marks=cleaned, source=DrawingSource.DIARY
            )
            record(actor, "paindrawing.created", drawing)
        row = Measurement.objects.create(
            client=client,
            measure="pain-now",
            value=value,
            timing=MeasureTiming.BETWEEN,
            detail={"drawing": drawing.pk} if drawing else {},
            measured_at=at,
            recorded_by=_user(actor),
        )
        record(actor, "measurement.created", row)
    return DiaryEntry(row, drawing)


def diary_entries(client: Client, limit: int = 20) -> list[DiaryEntry]:
    """The client's latest diary ratings with their drawings, newest first."""
    rows = list(
        Measurement.objects.filter(client=client, timing=MeasureTiming.BETWEEN).order_by(
            "-measured_at", "-pk"
        )[:limit]
    )
    ids = [row.detail.get("drawing") for row in rows if isinstance(row.detail, dict)]
    drawings = PainDrawing.objects.in_bulk([i for i in ids if isinstance(i, int)])
    return [DiaryEntry(row, drawings.get(row.detail.get("drawing") or 0)) for row in rows]


@dataclass(frozen=True)
class VisitOutcomes:
    """What one outcome form measured at one moment (before or after treatment)."""

    timing: str
    values: dict[str, float]  # single-number measures: measure id -> value
    ppt_site: str = ""
    ppt_trials: list[float] | None = None
    ndi_answers: list[int | None] | None = None
    pgic: int | None = None


def save_visit_outcomes(
    visit: Visit, outcomes: VisitOutcomes, actor: Actor, at: datetime | None = None
) -> int:
    """Store every measure taken at one moment in one transaction; the count stored.

    Each value is checked by the recording function of its kind, so one bad value
    (OutcomeError) stores none of them.
    """
    now = at or timezone.now()
    stored = 0
    with transaction.atomic():
        for measure_id, value in outcomes.values.items():
            record_value(visit, measure_id, value, outcomes.timing, actor, at=now)
            stored += 1
        if outcomes.ppt_trials is not None:
            record_ppt(
                visit, outcomes.ppt_site, outcomes.ppt_trials, outcomes.timing, actor, at=now
            )
            stored += 1
        if outcomes.ndi_answers is not None:
            record_ndi(visit, outcomes.ndi_answers, outcomes.timing, actor, at=now)
            stored += 1
        if outcomes.pgic:
            record_pgic(visit, outcomes.pgic, actor, at=now)
            stored += 1
    return stored
