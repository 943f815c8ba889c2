"""SOAP notes: drafted from the visit record, edited while a draft, signed, then only amended."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.clinic.test_outcomes_records import began, past_visit
from tests.conftest import World
from tests.web.roles import appointment
from triggerpoint.clinic.models import (
    AuditEvent,
    DrawingSource,
    Finding,
    Note,
    NoteAmendment,
    PainDrawing,
)
from triggerpoint.clinic.treatment import homecare, notes
from triggerpoint.clinic.treatment.notes import NoteError
from triggerpoint.clinic.treatment.outcomes_records import record_diary, record_value

pytestmark = pytest.mark.django_db


def audited(action: str) -> list[int]:
    return list(AuditEvent.objects.filter(action=action).values_list("record_id", flat=True))


def second_visit_with_a_record(world: World):
    """Two visits: pain 7 then 3 before treatment; the second has an intake drawing,
    findings, rotation, pain after, a diary rating between, a home plan and a next booking."""
    first = past_visit(world, 0)
    second = past_visit(world, 14)
    actor = world.alice.user
    record_value(first, "pain-now", 7, "before", actor, at=first.started_at)
    record_value(first, "rom-cervical-rotation-left", 50, "before", actor, at=first.started_at)
    record_diary(world.client_a, 5, [], None, at=began(first) + timedelta(days=6))
    PainDrawing.objects.create(
        client=world.client_a,
        appointment=second.appointment,
        source=DrawingSource.INTAKE,
        marks=[{"region": "temple-r", "intensity": 6, "quality": "aching"}],
    )
    record_value(second, "pain-now", 3, "before", actor, at=second.started_at)
    record_value(second, "rom-cervical-rotation-left", 64, "before", actor, at=second.started_at)
    record_value(second, "pain-now", 1, "after", actor, at=began(second) + timedelta(hours=1))
    Finding.objects.create(
        visit=second,
        trigger_point="upper-trapezius-1-r",
        taut_band=True,
        recognised=True,
        referral_regions=["temple-r"],
        ppt_kg_cm2=2.2,
        ppt_kpa=215.7,
    )
    homecare.plan_for(second, actor)
    appointment(world.client_a, world.alice, world.session60, began(second) + timedelta(days=14))
    return second


def test_the_draft_is_written_from_the_visit_record(world: World):
    note = notes.draft(second_visit_with_a_record(world), world.alice.user)
    assert note.status == "draft"
    assert "Intake drawing: temple (right) 6/10 aching." in note.subjective
    assert "pain now 3/10" in note.subjective
    assert "Diary since the last visit, pain now: 5" in note.subjective
    assert "Upper trapezius, front border, right: taut band, pain recognised by the client" in (
        note.objective
    )
    assert "referral to temple (right)" in note.objective
    assert "PPT 2.20 kg/cm² (216 kPa)" in note.objective
    assert "Cervical rotation to the left before treatment: 64°." in note.objective
    assert "Pain now fell from 7 to 3: a 4-point (57%) drop, a substantial change." in (
        note.assessment
    )
    assert "gain, beyond the 9.6° measurement error: a real change" in note.assessment
    assert "Within this visit: Pain now fell from 3 to 1" in note.assessment
    assert "Home: Side-bend neck stretch, hold 30 s, 3 times, twice a day." in note.plan
    assert "Next visit:" in note.plan and "not booked" not in note.plan
    assert audited("note.drafted") == [note.pk]


def test_a_first_visit_is_the_baseline_and_says_so(world: World):
    note = notes.draft(past_visit(world, 0), world.alice.user)
    assert note.assessment.startswith("First visit")
    assert note.subjective == "No intake drawing on file."
    assert "No home plan given yet." in note.plan


def test_drafting_twice_keeps_the_first_draft_and_its_edits(world: World):
    visit = past_visit(world, 0)
    note = notes.edit(notes.draft(visit, None), None, subjective="Edited by hand.")
    assert notes.draft(visit, None).subjective == "Edited by hand."
    assert Note.objects.count() == 1 and note.pk == Note.objects.get().pk


def test_a_draft_is_editable(world: World):
    note = notes.draft(past_visit(world, 0), None)
    notes.edit(note, world.alice.user, plan="Review in two weeks.")
    note.refresh_from_db()
    assert note.plan == "Review in two weeks."
    assert audited("note.changed") == [note.pk]


def test_signing_locks_the_note_against_any_later_edit(world: World):
    note = notes.draft(past_visit(world, 0), None)
    signed = notes.sign(note, world.alice.user)
    assert signed.is_locked and signed.signed_by == world.alice.user and signed.signed_at
    original = (signed.subjective, signed.objective, signed.assessment, signed.plan)
    with pytest.raises(NoteError, match="signed and locked"):
        notes.edit(note, world.alice.user, plan="Changed after signing.")
    with pytest.raises(NoteError, match="signed and locked"):
        notes.redraft(note, world.alice.user)
    signed.refresh_from_db()
    assert (signed.subjective, signed.objective, signed.assessment, signed.plan) == original
    assert audited("note.signed") == [note.pk]


def test_a_note_is_signed_once_by_a_signed_in_person(world: World):
    note = notes.draft(past_visit(world, 0), None)
    with pytest.raises(NoteError, match="signed-in"):
        notes.sign(note, None)
    notes.sign(note, world.alice.user)
    with pytest.raises(NoteError, match="already signed"):
        notes.sign(note, world.bob.user)
    note.refresh_from_db()
    assert note.signed_by == world.alice.user


def test_an_empty_note_cannot_be_signed(world: World):
    note = notes.draft(past_visit(world, 0), None)
    notes.edit(note, None, subjective="", objective=" ", assessment="", plan="")
    with pytest.raises(NoteError, match="empty"):
        notes.sign(note, world.alice.user)


def test_an_amendment_is_added_beside_the_signed_text_which_stays(world: World):
    note = notes.sign(notes.draft(past_visit(world, 0), None), world.alice.user)
    before = note.objective
    amendment = notes.amend(note, "  PPT was taken on the left, not the right.  ", world.bob.user)
    note.refresh_from_db()
    assert note.objective == before and note.is_locked
    assert (amendment.text, amendment.author) == (
        "PPT was taken on the left, not the right.",
        world.bob.user,
    )
    assert list(note.amendments.all()) == [amendment]
    assert audited("note.amended") == [note.pk]


def test_a_draft_takes_no_amendment_and_an_amendment_needs_words(world: World):
    note = notes.draft(past_visit(world, 0), None)
    with pytest.raises(NoteError, match="edited directly"):
        notes.amend(note, "Something", world.alice.user)
    notes.sign(note, world.alice.user)
    with pytest.raises(NoteError, match="write the amendment"):
        notes.amend(note, "   ", world.alice.user)
    assert not NoteAmendment.objects.exists()


def test_reading_a_note_is_audited(world: World):
    visit = past_visit(world, 0)
    assert notes.open_note(visit, world.alice.user) is None
    note = notes.draft(visit, None)
    assert notes.open_note(visit, world.alice.user) == note
    assert audited("note.viewed") == [note.pk]


def test_an_unknown_section_or_an_overlong_one_is_refused(world: World):
    note = notes.draft(past_visit(world, 0), None)
    with pytest.raises(NoteError, match="no section"):
        notes.edit(note, None, diagnosis="x")
    with pytest.raises(NoteError, match="under 10000"):
        notes.edit(note, None, plan="x" * 10_001)
