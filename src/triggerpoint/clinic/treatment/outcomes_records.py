"""Outcome measurements as the clinic stores them, and their trends across visits.

Every value goes through `triggerpoint.outcomes` before it is written: the measure's
range, the PGIC's seven points, the NDI's ten sections, the algometer's three trials.
A rule refused raises `OutcomeError` with the whole reason, and nothing is stored.

Across visits, one value per visit stands for it: the reading before treatment (the
state the client arrived in, which is what changes between visits), or the reading after
it when none was taken before. Diary ratings between visits join the pain-now trend,
marked as diary; the plain-words changes compare visits only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from triggerpoint.atlas import load_atlas
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.clinic.models import (
    Client,
    DrawingSource,
    Finding,
    Measurement,
    MeasureTiming,
    PainDrawing,
    Visit,
)
from triggerpoint.clinic.privacy.audit import Actor, record
from triggerpoint.clinic.treatment.intake import Mark, clean_marks
from triggerpoint.outcomes import (
    MEASURES,
    Change,
    Observation,
    Pgic,
    Series,
    assess,
    measure,
    ppt_from_trials,
    score_ndi,
)
from triggerpoint.outcomes.ndi import SECTIONS

PGIC = "pgic"
VISIT_TIMINGS = (MeasureTiming.BEFORE, MeasureTiming.AFTER)
MAX_SITE = 100
# Chart order: how the client feels first, then what the therapist measured.
ORDER = ("pain-now", "pain-worst", "pain-average", "ndi", "ppt")


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


# Reading back


def visit_day(visit: Visit) -> date:
    moment = visit.started_at or visit.created_at
    return moment.astimezone(visit.client.clinic.zone).date()


def site_label(site: str) -> str:
    """A trigger point or region id in words; anything else as the therapist wrote it."""
    point = load_atlas().trigger_points.get(site)
    if point is not None:
        return f"{point.name}, {point.side}"
    region = fine_regions().get(site)
    return region.full_label if region is not None else site


def title_of(measure_id: str, site: str = "") -> str:
    label = PGIC_TITLE if measure_id == PGIC else measure(measure_id).label
    return f"{label} ({site_label(site)})" if site else label


PGIC_TITLE = "Global impression of change"


@dataclass(frozen=True)
class Reading:
    """One value a visit stands for on one measure (and site)."""

    visit: Visit
    measure_id: str
    site: str
    value: float
    timing: str


def visit_readings(visit: Visit) -> list[Reading]:
    """Everything measured at a visit: stored measurements, then the PPT of its findings
    (taken at the trigger point during the session, so before its release)."""
    readings = [
        Reading(visit, row.measure, row.site, row.value, row.timing)
        for row in visit.measurements.order_by("measured_at", "pk")
    ]
    findings = Finding.objects.filter(visit=visit, ppt_kg_cm2__isnull=False)
    readings += [
        Reading(visit, "ppt", f.trigger_point, float(f.ppt_kg_cm2 or 0), MeasureTiming.BEFORE)
        for f in findings
        if not any(r.measure_id == "ppt" and r.site == f.trigger_point for r in readings)
    ]
    return readings


def standing_value(readings: Sequence[Reading]) -> Reading | None:
    """The reading that stands for a visit: the latest before treatment, else the latest."""
    before = [r for r in readings if r.timing == MeasureTiming.BEFORE]
    chosen = before or list(readings)
    return chosen[-1] if chosen else None


@dataclass(frozen=True)
class Trend:
    """One measure (at one site) across a client's visits, with diary ratings if any."""

    series: Series  # visits and diary, for the chart; its site in words
    visits: Series  # visits only, for the words
    since_last: Change | None
    since_first: Change | None
    site: str = ""  # as stored: a trigger point or region id, or the therapist's words

    @property
    def key(self) -> str:
        return f"{self.series.measure_id}-{self.site}".strip("-")

    @property
    def title(self) -> str:
        """Short enough for the chart's heading: PPT sites are long names already."""
        if self.series.measure_id == "ppt" and self.series.site:
            return f"PPT, {self.series.site}"
        return self.series.title

    @property
    def latest(self) -> Observation:
        return self.visits.observations[-1]


def client_visits(client: Client) -> list[Visit]:
    """Visits oldest first."""
    visits = Visit.objects.filter(client=client).select_related("client__clinic")
    return sorted(visits, key=lambda v: (v.started_at or v.created_at, v.pk))


def trends(client: Client) -> list[Trend]:
    """Every charted measure of the client, in chart order, each with its changes."""
    by_key: dict[tuple[str, str], list[Observation]] = {}
    for visit in client_visits(client):
        day = visit_day(visit)
        grouped: dict[tuple[str, str], list[Reading]] = {}
        for reading in visit_readings(visit):
            if reading.measure_id in MEASURES:
                grouped.setdefault((reading.measure_id, reading.site), []).append(reading)
        for key, readings in grouped.items():
            chosen = standing_value(readings)
            if chosen is not None:
                by_key.setdefault(key, []).append(Observation(day, chosen.value))
    diary = _diary_observations(client)
    result = []
    for (measure_id, site), observations in sorted(by_key.items(), key=_chart_order):
        where = site_label(site) if site else None
        visits = Series(measure_id, tuple(observations), where)
        mixed = visits
        if measure_id == "pain-now" and diary:
            merged = sorted([*observations, *diary], key=lambda o: (o.when, o.diary))
            mixed = Series(measure_id, tuple(merged), where)
        points = visits.observations
        since_last = assess(visits, points[-2], points[-1]) if len(points) > 1 else None
        since_first = assess(visits, points[0], points[-1]) if len(points) > 2 else None
        result.append(Trend(mixed, visits, since_last, since_first, site))
    return result


def _chart_order(item: tuple[tuple[str, str], list[Observation]]) -> tuple[int, str, str]:
    measure_id, site = item[0]
    rank = ORDER.index(measure_id) if measure_id in ORDER else len(ORDER)
    return rank, measure_id, site


def _diary_observations(client: Client) -> list[Observation]:
    zone = client.clinic.zone
    rows = Measurement.objects.filter(
        client=client, timing=MeasureTiming.BETWEEN, measure="pain-now"
    ).order_by("measured_at", "pk")
    return [Observation(row.measured_at.astimezone(zone).date(), row.value, True) for row in rows]


def pgic_history(client: Client) -> list[tuple[date, Pgic]]:
    rows = Measurement.objects.filter(client=client, measure=PGIC).select_related(
        "visit__client__clinic"
    )
    zone = client.clinic.zone
    return [
        (
            visit_day(row.visit) if row.visit else row.measured_at.astimezone(zone).date(),
            Pgic(int(row.value)),
        )
        for row in rows.order_by("measured_at", "pk")
    ]


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
