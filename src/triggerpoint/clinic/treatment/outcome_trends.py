"""Outcome measurements read back: what each visit stands for, and trends across visits.

Across visits, one value per visit stands for it: the reading before treatment (the
state the client arrived in, which is what changes between visits), or the reading after
it when none was taken before. Diary ratings between visits join the pain-now trend,
marked as diary; the plain-words changes compare visits only. Writing the values is
`outcomes_records`'s job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from triggerpoint.atlas import load_atlas
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.clinic.models import Client, Finding, Measurement, MeasureTiming, Visit
from triggerpoint.clinic.treatment.outcomes_records import PGIC
from triggerpoint.outcomes import MEASURES, Change, Observation, Pgic, Series, assess, measure

# Chart order: how the client feels first, then what the therapist measured.
ORDER = ("pain-now", "pain-worst", "pain-average", "ndi", "ppt")


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
