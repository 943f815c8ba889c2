"""The SOAP note of a visit: drafted from the record, edited while a draft, then signed.

A signed note is locked: its four sections never change again, and a later correction
is an amendment stored beside it, so the note as signed stays readable. Every read and
every change is written to the audit trail (by record type and id, never contents).

The draft is written from what the clinic already holds about the visit:
S - the intake drawing in words and the pain the client reported;
O - findings per trigger point, pressure pain thresholds and range of motion;
A - change against the last visit, and whether it is meaningful;
P - the home plan and the next visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from triggerpoint.atlas import load_atlas
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.clinic.models import (
    Appointment,
    DrawingSource,
    Finding,
    HomePlan,
    Measurement,
    MeasureTiming,
    Note,
    NoteAmendment,
    NoteStatus,
    PainDrawing,
    Status,
    Visit,
)
from triggerpoint.clinic.privacy.audit import Actor, record
from triggerpoint.clinic.treatment.outcome_trends import (
    Reading,
    client_visits,
    site_label,
    standing_value,
    visit_day,
    visit_readings,
)
from triggerpoint.clinic.treatment.outcomes_records import PGIC
from triggerpoint.outcomes import MEASURES, Observation, Pgic, Series, assess, measure

MAX_SECTION = 10_000
MAX_AMENDMENT = 5_000
SECTIONS = ("subjective", "objective", "assessment", "plan")


class NoteError(ValueError):
    """A change the note refuses (it is signed, or the text is unusable)."""


@dataclass(frozen=True)
class Soap:
    subjective: str
    objective: str
    assessment: str
    plan: str


# Reading and writing


def open_note(visit: Visit, actor: Actor) -> Note | None:
    """The visit's note, if any, with the read audited."""
    note = Note.objects.filter(visit=visit).first()
    if note is not None:
        record(actor, "note.viewed", note)
    return note


def draft(visit: Visit, actor: Actor) -> Note:
    """Create the visit's note drafted from its record; an existing note is returned as is."""
    with transaction.atomic():
        Visit.objects.select_for_update().filter(pk=visit.pk).first()
        existing = Note.objects.filter(visit=visit).first()
        if existing is not None:
            return existing
        soap = compose(visit)
        note = Note.objects.create(
            visit=visit,
            subjective=soap.subjective,
            objective=soap.objective,
            assessment=soap.assessment,
            plan=soap.plan,
        )
        record(actor, "note.drafted", note)
    return note


def redraft(note: Note, actor: Actor) -> Note:
    """Write the draft again from the record as it is now (only while a draft)."""
    soap = compose(note.visit)
    return edit(note, actor, **{name: getattr(soap, name) for name in SECTIONS})


def edit(note: Note, actor: Actor, **sections: str) -> Note:
    """Change sections of a draft; a signed note refuses (add an amendment instead)."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise NoteError(f"a SOAP note has no section {sorted(unknown)[0]!r}")
    for name, text in sections.items():
        if len(text) > MAX_SECTION:
            raise NoteError(f"keep the {name} section under {MAX_SECTION} characters")
    with transaction.atomic():
        locked = Note.objects.select_for_update().get(pk=note.pk)
        if locked.is_locked:
            raise NoteError("this note is signed and locked: add an amendment instead")
        for name, text in sections.items():
            setattr(locked, name, text)
        locked.save()
        record(actor, "note.changed", locked)
    return locked


def sign(note: Note, actor: Actor, now: datetime | None = None) -> Note:
    """Sign and lock the note; signing twice is refused, so the first signature stands."""
    if getattr(actor, "pk", None) is None:
        raise NoteError("a note is signed by a signed-in therapist")
    with transaction.atomic():
        locked = Note.objects.select_for_update().get(pk=note.pk)
        if locked.is_locked:
            raise NoteError("this note is already signed")
        if not any(getattr(locked, name).strip() for name in SECTIONS):
            raise NoteError("an empty note cannot be signed")
        locked.status = NoteStatus.SIGNED
        locked.signed_by = actor  # type: ignore[assignment]
        locked.signed_at = now or timezone.now()
        locked.save()
        record(actor, "note.signed", locked)
    return locked


def amend(note: Note, text: str, actor: Actor) -> NoteAmendment:
    """Add a correction to a signed note; the signed text stays as it was."""
    text = text.strip()
    if not text:
        raise NoteError("write the amendment first")
    if len(text) > MAX_AMENDMENT:
        raise NoteError(f"keep an amendment under {MAX_AMENDMENT} characters")
    with transaction.atomic():
        locked = Note.objects.select_for_update().get(pk=note.pk)
        if not locked.is_locked:
            raise NoteError("a draft is edited directly; amendments are for signed notes")
        author = actor if getattr(actor, "pk", None) is not None else None
        amendment = NoteAmendment.objects.create(note=locked, text=text, author=author)  # type: ignore[misc]
        record(actor, "note.amended", locked)
    return amendment


# Drafting


def compose(visit: Visit) -> Soap:
    readings = visit_readings(visit)
    previous = _previous_visit(visit)
    return Soap(
        subjective=_subjective(visit, readings),
        objective=_objective(visit, readings),
        assessment=_assessment(visit, readings, previous),
        plan=_plan(visit),
    )


def _previous_visit(visit: Visit) -> Visit | None:
    earlier = None
    for other in client_visits(visit.client):
        if other.pk == visit.pk:
            return earlier
        earlier = other
    return None


def _value(reading: Reading) -> str:
    return measure(reading.measure_id).with_unit(reading.value)


def _pain_words(readings: list[Reading], timing: str) -> str:
    parts = [
        f"{measure(r.measure_id).label.lower()} {r.value:.0f}/10"
        for r in readings
        if r.measure_id.startswith("pain-") and r.timing == timing
    ]
    return ", ".join(parts)


def _subjective(visit: Visit, readings: list[Reading]) -> str:
    lines = []
    drawing = _intake_drawing(visit)
    if drawing is not None and drawing.mark_list:
        regions = fine_regions()
        marks = sorted(drawing.mark_list, key=lambda m: (-m["intensity"], m["region"]))
        places = "; ".join(
            f"{regions[m['region']].full_label} {m['intensity']}/10 {m['quality']}"
            for m in marks
            if m["intensity"] > 0
        )
        lines.append(f"Intake drawing: {places}." if places else "Intake drawing: no pain marked.")
    else:
        lines.append("No intake drawing on file.")
    before = _pain_words(readings, MeasureTiming.BEFORE)
    if before:
        lines.append(f"Reports before treatment: {before}.")
    ndi = [r for r in readings if r.measure_id == "ndi"]
    if ndi:
        points = ndi[-1].value
        lines.append(f"Neck Disability Index {points:g}/50 ({points * 2:.0f}%).")
    pgic = [r for r in readings if r.measure_id == PGIC]
    if pgic:
        lines.append(Pgic(int(pgic[-1].value)).sentence())
    diary = _diary_since_last(visit)
    if diary:
        values = ", ".join(f"{row.value:.0f}" for row in diary)
        lines.append(f"Diary since the last visit, pain now: {values} (of 10).")
    return "\n".join(lines)


def _intake_drawing(visit: Visit) -> PainDrawing | None:
    drawings = PainDrawing.objects.filter(client_id=visit.client_id, source=DrawingSource.INTAKE)
    if visit.appointment_id:
        own = drawings.filter(appointment_id=visit.appointment_id).first()
        if own is not None:
            return own
    start = visit.started_at or visit.created_at
    return drawings.filter(created_at__lte=start).first()


def _diary_since_last(visit: Visit) -> list[Measurement]:
    start = visit.started_at or visit.created_at
    previous = _previous_visit(visit)
    rows = Measurement.objects.filter(
        client_id=visit.client_id, timing=MeasureTiming.BETWEEN, measured_at__lt=start
    )
    if previous is not None:
        rows = rows.filter(measured_at__gte=previous.started_at or previous.created_at)
    return list(rows.order_by("measured_at", "pk"))


def _objective(visit: Visit, readings: list[Reading]) -> str:
    lines = []
    atlas = load_atlas()
    regions = fine_regions()
    for finding in Finding.objects.filter(visit=visit):
        point = atlas.trigger_points.get(finding.trigger_point)
        name = f"{point.name}, {point.side}" if point else finding.trigger_point
        signs = [
            label
            for flag, label in (
                (finding.taut_band, "taut band"),
                (finding.spot_tenderness, "spot tenderness"),
                (finding.recognised, "pain recognised by the client"),
                (finding.local_twitch, "local twitch response"),
            )
            if flag
        ]
        text = f"{name}: {', '.join(signs) if signs else 'no signs found'}"
        if finding.referral_regions:
            referred = ", ".join(
                regions[r].full_label if r in regions else r for r in finding.referral_regions
            )
            text += f"; referral to {referred}"
        if finding.ppt_kg_cm2 is not None:
            text += f"; PPT {finding.ppt_kg_cm2:.2f} kg/cm² ({finding.ppt_kpa or 0:.0f} kPa)"
        lines.append(text + ".")
    if not lines:
        lines.append("No trigger point findings recorded.")
    for timing, words in ((MeasureTiming.BEFORE, "before"), (MeasureTiming.AFTER, "after")):
        for reading in readings:
            if reading.timing != timing or reading.measure_id not in MEASURES:
                continue
            if reading.measure_id == "ppt" and any(
                f.trigger_point == reading.site for f in visit.findings.all()
            ):
                continue  # already said with its finding
            if reading.measure_id.startswith("rom-") or reading.measure_id == "ppt":
                where = f" at {site_label(reading.site)}" if reading.site else ""
                lines.append(
                    f"{measure(reading.measure_id).label}{where} {words} treatment: "
                    f"{_value(reading)}."
                )
    after = _pain_words(readings, MeasureTiming.AFTER)
    if after:
        lines.append(f"After treatment the client reports {after}.")
    return "\n".join(lines)


def _assessment(visit: Visit, readings: list[Reading], previous: Visit | None) -> str:
    lines = []
    today = visit_day(visit)
    if previous is None:
        lines.append("First visit: these values are the baseline for later visits.")
    else:
        earlier = _standing(visit_readings(previous))
        now = _standing(readings)
        then = visit_day(previous)
        for key, reading in now.items():
            old = earlier.get(key)
            if old is None:
                continue
            both = Series(
                reading.measure_id,
                (Observation(then, old.value), Observation(today, reading.value)),
                site_label(reading.site) if reading.site else None,
            )
            change = assess(both, both.observations[0], both.observations[1])
            lines.append(f"Since {then:%d %b %Y}: {change.sentence}")
        if not lines:
            lines.append("No measure was taken at both this visit and the last one.")
    within = _within_visit(readings)
    lines.extend(within)
    return "\n".join(lines)


def _standing(readings: list[Reading]) -> dict[tuple[str, str], Reading]:
    grouped: dict[tuple[str, str], list[Reading]] = {}
    for reading in readings:
        if reading.measure_id in MEASURES:
            grouped.setdefault((reading.measure_id, reading.site), []).append(reading)
    chosen = {key: standing_value(rows) for key, rows in grouped.items()}
    return {key: value for key, value in chosen.items() if value is not None}


def _within_visit(readings: list[Reading]) -> list[str]:
    """Pain before and after this visit's treatment, said as a change."""
    lines = []
    for measure_id in ("pain-now",):
        before = [r for r in readings if r.measure_id == measure_id and r.timing == "before"]
        after = [r for r in readings if r.measure_id == measure_id and r.timing == "after"]
        if before and after:
            day = visit_day(before[-1].visit)
            pair = Series(
                measure_id, (Observation(day, before[-1].value), Observation(day, after[-1].value))
            )
            change = assess(pair, pair.observations[0], pair.observations[1])
            lines.append(f"Within this visit: {change.sentence}")
    return lines


def _plan(visit: Visit) -> str:
    lines = []
    plan = HomePlan.objects.filter(visit=visit).prefetch_related("items").first()
    if plan is not None and plan.items.exists():
        stretches = load_atlas().stretches
        for item in plan.items.all():
            stretch = stretches.get(item.stretch)
            name = stretch.name if stretch else item.stretch
            lines.append(
                f"Home: {name}, hold {item.hold_seconds} s, {item.repetitions} times, "
                f"{item.frequency}."
            )
    else:
        lines.append("No home plan given yet.")
    upcoming = _next_appointment(visit)
    if upcoming is not None:
        local = upcoming.start.astimezone(visit.client.clinic.zone)
        lines.append(f"Next visit: {local:%a %d %b %Y, %H:%M}.")
    else:
        lines.append("Next visit: not booked yet.")
    return "\n".join(lines)


def _next_appointment(visit: Visit) -> Appointment | None:
    after = visit.ended_at or visit.started_at or visit.created_at
    upcoming = Appointment.objects.filter(client_id=visit.client_id, start__gt=after).exclude(
        status=Status.CANCELLED
    )
    if visit.appointment_id is not None:
        upcoming = upcoming.exclude(pk=visit.appointment_id)
    return upcoming.order_by("start").first()
