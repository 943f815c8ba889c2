"""A client with one of everything the clinic can hold about them, for export and
deletion tests: contact and consent, a login, a series, bookings, drawings, a visit with
its session log, findings and signed note, measurements and a home plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model

from tests.conftest import World
from triggerpoint.clinic.models import (
    Appointment,
    Client,
    Finding,
    HomePlan,
    HomePlanCheck,
    HomePlanItem,
    Measurement,
    MeasureTiming,
    Note,
    NoteAmendment,
    NoteStatus,
    PainDrawing,
    RecurringSeries,
    SelfTreatment,
    SessionEvent,
    Status,
    Visit,
)
from triggerpoint.clinic.models.drawings import DrawingSource
from triggerpoint.protocol import ProtocolSettings, replay, session_to_dict
from triggerpoint.protocol.events import (
    Event,
    Finish,
    Locate,
    Press,
    Report,
    RestDone,
    Skip,
    Start,
    StretchDone,
    TherapistRelease,
    event_to_dict,
)

POINT = "upper-trapezius-1-r"
OTHER = "levator-scapulae-upper-l"
PAST = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
COMING = datetime(2026, 3, 16, 10, 0, tzinfo=UTC)
PHONE = "+44 7700 900123"
NOTE_WORDS = "Headache on waking since the move"


@dataclass
class Record:
    client: Client
    past: Appointment
    coming: Appointment
    cancelled: Appointment
    visit: Visit


def booking(world: World, client: Client, start: datetime, **extra: object) -> Appointment:
    end = start + timedelta(minutes=60)
    return Appointment.objects.create(
        client=client,
        therapist=world.alice,
        room=world.room1,
        service=world.session60,
        start=start,
        end=end,
        blocked_start=start,
        blocked_end=end,
        **extra,
    )


def session_log(visit: Visit, start: datetime, point: str = POINT) -> None:
    """One hold at `point`, released when the intensity falls, then the other point skipped."""

    def at(minutes: float) -> datetime:
        return start + timedelta(minutes=minutes)

    events: list[Event] = [
        Start(at=at(1), plan=(point, OTHER if point != OTHER else POINT)),
        Locate(at=at(2), trigger_point=point),
        Press(at=at(2.5)),
        Report(at=at(3), intensity=6),
        Report(at=at(3.8), intensity=2),
        RestDone(at=at(4.5)),
        Skip(at=at(5)),
        Finish(at=at(30)),
    ]
    replay(events)  # the log must be one the engine accepts
    SessionEvent.objects.bulk_create(
        SessionEvent(visit=visit, seq=n, kind=e.kind, at=e.at, data=event_to_dict(e))
        for n, e in enumerate(events, start=1)
    )


def full_record(world: World, client: Client | None = None) -> Record:
    client = client or world.client_a
    client.phone = PHONE
    client.notes = NOTE_WORDS
    client.consent_given_at = PAST - timedelta(days=7)
    client.user = get_user_model().objects.create_user(username=client.email, password=None)
    client.save()
    alice = world.alice.user
    series = RecurringSeries.objects.create(
        client=client, therapist=world.alice, service=world.session60, first_start=PAST, weeks=2
    )
    past = booking(world, client, PAST, status=Status.COMPLETED, series=series, ics_sequence=1)
    coming = booking(world, client, COMING, series=series)
    cancelled = booking(
        world,
        client,
        COMING + timedelta(days=1),
        status=Status.CANCELLED,
        cancellation_reason="Ann's daughter is ill",
    )
    PainDrawing.objects.create(
        client=client,
        appointment=past,
        marks=[
            {"region": "temple-r", "intensity": 7, "quality": "aching"},
            {"region": "side-neck-r", "intensity": 4, "quality": "dull"},
        ],
    )
    PainDrawing.objects.create(
        client=client,
        marks=[{"region": "temple-r", "intensity": 3, "quality": "aching"}],
        source=DrawingSource.DIARY,
    )
    visit = Visit.objects.create(
        appointment=past,
        client=client,
        therapist=world.alice,
        planned_points=[POINT, OTHER],
        started_at=PAST,
        ended_at=PAST + timedelta(minutes=30),
    )
    session_log(visit, PAST)
    Finding.objects.create(
        visit=visit,
        trigger_point=POINT,
        taut_band=True,
        spot_tenderness=True,
        recognised=True,
        referral_regions=["temple-r"],
        local_twitch=True,
        ppt_trials=[2.1, 2.3, 2.2],
        ppt_kg_cm2=2.2,
        ppt_kpa=215.75,
        note="Reproduced the temple headache",
    )
    Finding.objects.create(visit=visit, trigger_point=OTHER, spot_tenderness=True)
    note = Note.objects.create(
        visit=visit,
        subjective=NOTE_WORDS,
        objective="Taut band in the right upper trapezius",
        assessment="Active trigger point",
        plan="Stretch daily",
        status=NoteStatus.SIGNED,
        signed_by=alice,
        signed_at=PAST + timedelta(minutes=40),
    )
    NoteAmendment.objects.create(note=note, text="Client phoned: better", author=alice)
    for measure, value, timing, site in (
        ("pain-now", 6, MeasureTiming.BEFORE, ""),
        ("pain-now", 3, MeasureTiming.AFTER, ""),
        ("pain-worst", 8, MeasureTiming.BEFORE, "temple-r"),
        ("ppt", 2.2, MeasureTiming.BEFORE, POINT),
        ("rom-cervical-rotation-left", 62, MeasureTiming.BEFORE, ""),
        ("ndi", 14, MeasureTiming.BEFORE, ""),
        ("pgic", 2, MeasureTiming.AFTER, ""),
    ):
        Measurement.objects.create(
            client=client,
            visit=visit,
            measure=measure,
            value=value,
            timing=timing,
            site=site,
            detail={"items": [1, 2, 1, 2, 1, 2, 1, 2, 1, 1]} if measure == "ndi" else {},
            measured_at=PAST + timedelta(minutes=5 if timing == MeasureTiming.BEFORE else 35),
            recorded_by=alice,
        )
    Measurement.objects.create(
        client=client,
        measure="pain-average",
        value=4,
        timing=MeasureTiming.BETWEEN,
        measured_at=PAST + timedelta(days=3),
        recorded_by=client.user,
    )
    plan = HomePlan.objects.create(client=client, visit=visit, advice="Heat before stretching")
    item = HomePlanItem.objects.create(
        plan=plan,
        stretch="upper-trapezius-stretch",
        muscle="upper-trapezius",
        hold_seconds=30,
        repetitions=3,
        frequency="twice a day",
    )
    for days in (1, 2, 4):
        HomePlanCheck.objects.create(item=item, day=(PAST + timedelta(days=days)).date())
    started = PAST + timedelta(days=2, hours=8)
    SelfTreatment.objects.create(
        client=client,
        trigger_point=POINT,
        started_at=started,
        cycles=2,
        record=self_treatment_record(started, cycles=2),
    )
    return Record(client, past, coming, cancelled, visit)


def self_treatment_record(started: datetime, cycles: int) -> dict:
    """A finished one-point session as the phone timer stores it (the engine's record)."""

    def at(seconds: int) -> datetime:
        return started + timedelta(seconds=seconds)

    events: list = [Start(at(0), (POINT,), ProtocolSettings(cycles=cycles)), Locate(at(1), POINT)]
    t = 2
    for _ in range(cycles):
        events += [Press(at(t)), TherapistRelease(at(t + 40)), RestDone(at(t + 70))]
        t += 80
    session = replay([*events, StretchDone(at(t)), Finish(at(t + 1))])
    return session_to_dict(session)
