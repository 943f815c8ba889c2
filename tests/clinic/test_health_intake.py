"""The health questionnaire: versioned questions as data, signed answers, contraindication flags."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from triggerpoint.clinic.booking.appointments import book
from triggerpoint.clinic.models import Questionnaire
from triggerpoint.clinic.treatment import health_intake

pytestmark = pytest.mark.django_db

ALL_NO = {
    "anticoagulants": False,
    "recent_surgery": False,
    "pregnancy": False,
    "varicose_dvt": False,
    "skin": False,
    "osteoporosis": False,
    "fever": False,
    "medications": "none",
    "goals": "Fewer headaches",
}


@pytest.fixture
def visit(world, london_at):
    from datetime import date

    return book(
        service=world.session60,
        therapist=world.alice,
        start=london_at(date(2026, 12, 9), 10),
        client=world.client_a,
    ).appointment


def test_the_default_questionnaire_asks_every_contraindication(world):
    questionnaire = health_intake.current(world.clinic)
    assert questionnaire.version == 1
    ids = [q["id"] for q in questionnaire.questions]
    for wanted in (
        "anticoagulants",
        "recent_surgery",
        "pregnancy",
        "varicose_dvt",
        "skin",
        "osteoporosis",
        "fever",
        "medications",
        "goals",
    ):
        assert wanted in ids
    # Asking again does not make another copy.
    assert health_intake.current(world.clinic) == questionnaire


def test_a_yes_to_a_contraindication_flags_it_and_no_yes_flags_nothing(world, visit):
    questionnaire = health_intake.current(world.clinic)
    clear = health_intake.save_answers(visit, questionnaire, ALL_NO, "Ann Able")
    assert health_intake.flags(clear) == []
    answers = dict(ALL_NO, anticoagulants=True, fever=True)
    flagged = health_intake.save_answers(visit, questionnaire, answers, "Ann Able")
    messages = [f.message for f in health_intake.flags(flagged)]
    assert messages[0].startswith("Anticoagulants: avoid deep pressure")
    assert messages[1].startswith("Fever or acute illness")
    assert len(messages) == 2
    assert health_intake.latest_answers(world.client_a) == flagged
    assert flagged.questionnaire.version == 1 and flagged.signed_name == "Ann Able"


def test_edits_make_a_new_version_and_old_answers_keep_theirs(world, visit):
    first = health_intake.current(world.clinic)
    signed = health_intake.save_answers(visit, first, ALL_NO, "Ann Able")
    edited = [
        *first.questions,
        {"id": "pacemaker", "kind": "yesno", "text": "Pacemaker?", "flag": "Pacemaker: no TENS"},
    ]
    second = health_intake.publish(world.clinic, edited, "I agree.")
    assert second.version == 2 and health_intake.current(world.clinic) == second
    signed.refresh_from_db()
    assert signed.questionnaire == first
    # Answers to version 2 must answer the new question.
    with pytest.raises(ValidationError, match="pacemaker"):
        health_intake.save_answers(visit, second, ALL_NO, "Ann Able")


@pytest.mark.parametrize(
    "questions",
    [
        [],
        [{"id": "a", "kind": "yesno", "text": "A?"}, {"id": "a", "kind": "text", "text": "B"}],
        [{"id": "a", "kind": "scale", "text": "A?"}],
        [{"id": "a", "kind": "text", "text": "A?", "flag": "text cannot flag"}],
        [{"id": "not a name", "kind": "text", "text": "A?"}],
        [{"id": "a", "kind": "text", "text": " "}],
        "not a list",
    ],
)
def test_broken_questions_are_refused(world, questions):
    with pytest.raises(ValidationError):
        health_intake.publish(world.clinic, questions, "I agree.")
    assert not Questionnaire.objects.exists()


def test_answers_need_a_yes_or_no_and_a_signature(world, visit):
    questionnaire = health_intake.current(world.clinic)
    with pytest.raises(ValidationError, match="yes or a no"):
        health_intake.save_answers(visit, questionnaire, dict(ALL_NO, fever="maybe"), "Ann")
    with pytest.raises(ValidationError, match="sign"):
        health_intake.save_answers(visit, questionnaire, ALL_NO, "  ")


def test_the_link_names_the_booking_and_nothing_else(world, visit, settings):
    settings.SITE_URL = "https://clinic.example"
    link = health_intake.intake_link(visit)
    assert link.startswith("https://clinic.example/intake/")
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert health_intake.appointment_of_token(token) == visit.pk
    assert health_intake.appointment_of_token(token + "x") is None
    from triggerpoint.clinic.privacy import tokens

    # A cancel token for the same booking does not open the questionnaire.
    assert health_intake.appointment_of_token(tokens.cancel_token(visit.pk)) is None
