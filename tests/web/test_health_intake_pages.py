"""The health questionnaire page from the emailed link, and the therapist's view of it."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup

from triggerpoint.clinic.booking.appointments import book
from triggerpoint.clinic.models import IntakeAnswers
from triggerpoint.clinic.treatment import health_intake

pytestmark = pytest.mark.django_db


def soup(response, status=200):
    assert response.status_code == status, response.content[:3000]
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def visit(world, london_at):
    return book(
        service=world.session60,
        therapist=world.alice,
        start=london_at(date(2026, 12, 9), 10),
        client=world.client_a,
    ).appointment


def _url(visit) -> str:
    return "/intake/" + health_intake.intake_token(visit) + "/"


def _filled(**changes: str) -> dict[str, str]:
    data = {
        "anticoagulants": "no",
        "recent_surgery": "no",
        "pregnancy": "no",
        "varicose_dvt": "no",
        "skin": "no",
        "osteoporosis": "no",
        "fever": "no",
        "medications": "none",
        "goals": "Sleep without a headache",
        "consent": "on",
        "signed_name": "Ann Able",
    }
    data.update(changes)
    return data


def test_every_field_has_a_label_and_every_yes_no_a_legend(client, visit):
    page = soup(client.get(_url(visit)))
    form = page.select_one("[data-intake-form]")
    for field in form.select("input:not([type=hidden]), textarea"):
        labelled = field.find_parent("label") or form.select_one(f"label[for={field['id']}]")
        assert labelled is not None, field
    legends = [fs.legend.get_text(strip=True) for fs in form.select("fieldset.yesno")]
    assert len(legends) == 7 and any("blood thinners" in t for t in legends)
    assert "version 1" in form.get_text()


def test_signed_answers_are_kept_with_the_version(client, visit):
    missing = soup(client.post(_url(visit), _filled(fever="", consent="")), 400)
    assert missing.select_one("[data-question=fever] .errorlist")
    assert not IntakeAnswers.objects.exists()
    done = soup(client.post(_url(visit), _filled(anticoagulants="yes")))
    saved = IntakeAnswers.objects.get()
    assert done.select_one("[data-intake-saved]")["data-intake-saved"] == str(saved.pk)
    assert saved.answers["anticoagulants"] is True and saved.answers["fever"] is False
    assert saved.questionnaire.version == 1 and saved.signed_name == "Ann Able"
    assert saved.appointment == visit and saved.client == visit.client


def test_a_forged_link_is_refused(client, visit):
    assert client.get("/intake/nonsense/").status_code == 404
    assert client.get(_url(visit)[:-3] + "/").status_code == 404


def test_the_therapist_sees_the_flags_beside_the_drawing(client, world, visit):
    client.post(_url(visit), _filled(anticoagulants="yes", osteoporosis="yes"))
    client.force_login(world.alice.user)
    chart = soup(client.get(f"/staff/clients/{world.client_a.pk}/"))
    flags = [li.get_text(strip=True) for li in chart.select("[data-intake-flag]")]
    assert flags[0].startswith("Anticoagulants: avoid deep pressure")
    assert flags[1].startswith("Osteoporosis: light pressure only")
    # The answers come just before the pain drawings.
    section = chart.select_one("[data-health-intake]")
    assert section.find_next_sibling("h2")["id"] == "drawings"
    plan = soup(client.get(f"/staff/appointments/{visit.pk}/session/"))
    assert len(plan.select("[data-intake-flag]")) == 2


def test_a_client_without_answers_is_marked_on_the_chart(client, world, visit):
    client.force_login(world.alice.user)
    chart = soup(client.get(f"/staff/clients/{world.client_a.pk}/"))
    assert chart.select_one("[data-intake-missing]")


def test_the_owner_edits_the_questions_in_the_admin_and_gets_a_new_version(client, world):
    import json

    from triggerpoint.clinic.models import Questionnaire

    first = health_intake.current(world.clinic)
    client.force_login(world.owner.user)
    url = f"/admin/clinic/questionnaire/{first.pk}/change/"
    edited = [*first.questions, {"id": "pacemaker", "kind": "yesno", "text": "Pacemaker?"}]
    form = {"clinic": world.clinic.pk, "consent_text": "I agree.", "questions": json.dumps(edited)}
    response = client.post(url, form)
    assert response.status_code == 302, response.content[:2000]
    assert health_intake.current(world.clinic).version == 2
    first.refresh_from_db()
    assert first.version == 1 and "pacemaker" not in {q["id"] for q in first.questions}
    broken = dict(form, questions=json.dumps([{"id": "x", "kind": "scale", "text": "?"}]))
    assert client.post(url, broken).status_code == 200  # the form again, with the error
    assert Questionnaire.objects.count() == 2
