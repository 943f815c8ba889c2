"""The SOAP note page: therapists of the clinic draft, edit, sign and amend; others cannot."""

from __future__ import annotations

from typing import Any

import pytest

from tests.clinic.test_outcomes_records import past_visit
from tests.conftest import World
from tests.web.roles import other_clinic_therapist
from tests.web.test_outcomes import html, signed_in
from triggerpoint.clinic.models import AuditEvent, Note
from triggerpoint.clinic.treatment import notes

pytestmark = pytest.mark.django_db


def url(visit: Any) -> str:
    return f"/staff/visits/{visit.pk}/note/"


def test_a_therapist_drafts_edits_and_signs_then_can_only_amend(world: World):
    visit = past_visit(world, 0)
    http = signed_in(world.alice.user)
    page = html(http.get(url(visit)))
    assert page.select_one("button[value='draft']") is not None
    assert not Note.objects.exists(), "opening the page writes nothing"

    assert http.post(url(visit), {"action": "draft"}).status_code == 302
    sections = {"subjective": "Neck pain.", "objective": "Taut band.", "assessment": "Better."}
    http.post(url(visit), {"action": "save", **sections, "plan": "Stretch."})
    http.post(url(visit), {"action": "sign", **sections, "plan": "Stretch daily."})
    note = Note.objects.get()
    assert (note.status, note.plan, note.signed_by) == (
        "signed",
        "Stretch daily.",
        world.alice.user,
    )

    refused = http.post(url(visit), {"action": "save", **sections, "plan": "Rewritten."})
    assert refused.status_code == 400
    assert "signed and locked" in html(refused).get_text()
    http.post(url(visit), {"action": "amend", "text": "PPT was on the left."})
    note.refresh_from_db()
    assert note.plan == "Stretch daily."
    page = html(http.get(url(visit)))
    assert page.select_one("[data-note-status='signed']") is not None
    assert "PPT was on the left." in page.select_one("[data-amendments]").get_text()
    assert page.select("textarea[name='plan']") == [], "a signed note shows no edit fields"
    actions = set(AuditEvent.objects.filter(record_type="note").values_list("action", flat=True))
    assert actions == {"note.drafted", "note.changed", "note.signed", "note.amended", "note.viewed"}


def test_an_unknown_action_is_a_400_not_a_500(world: World):
    response = signed_in(world.alice.user).post(url(past_visit(world, 0)), {"action": "delete"})
    assert response.status_code == 400


def test_an_empty_amendment_is_refused(world: World):
    visit = past_visit(world, 0)
    notes.sign(notes.draft(visit, None), world.alice.user)
    response = signed_in(world.alice.user).post(url(visit), {"action": "amend", "text": ""})
    assert response.status_code == 400


def test_the_owner_and_other_clinics_cannot_open_notes(world: World):
    visit = past_visit(world, 0)
    notes.draft(visit, None)
    assert signed_in(world.owner.user).get(url(visit)).status_code == 403
    assert signed_in(other_clinic_therapist().user).get(url(visit)).status_code == 404
    assert not AuditEvent.objects.filter(action="note.viewed").exists()


def test_the_owner_sees_no_note_links_on_the_chart(world: World):
    past_visit(world, 0)
    chart = f"/staff/clients/{world.client_a.pk}/"
    owner = html(signed_in(world.owner.user).get(chart))
    therapist = html(signed_in(world.alice.user).get(chart))
    assert owner.select("a[href$='/note/']") == []
    assert len(therapist.select("a[href$='/note/']")) == 1
