"""The health questionnaire before the first visit: its questions, the link, the answers, flags.

(clinic/treatment/intake.py is about something else: what a pain drawing may hold.)

Each clinic has versioned questions stored as data (models/health_intake.py); editing
them makes a new version, so a signed answer always names the wording it answered. A
yes to a contraindication question carries the flag the therapist sees beside the pain
drawing, e.g. "Anticoagulants: avoid deep pressure".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from triggerpoint.clinic.models import Appointment, Client, Clinic, IntakeAnswers, Questionnaire
from triggerpoint.clinic.privacy import tokens
from triggerpoint.clinic.privacy.audit import Actor, record

INTAKE = "triggerpoint.clinic.health-intake"
YESNO = "yesno"
TEXT = "text"
KINDS = frozenset({YESNO, TEXT})

DEFAULT_QUESTIONS: list[dict[str, str]] = [
    {
        "id": "anticoagulants",
        "kind": YESNO,
        "text": "Do you take anticoagulants or other blood thinners (e.g. warfarin, "
        "apixaban, daily aspirin)?",
        "flag": "Anticoagulants: avoid deep pressure (bruising and bleeding risk)",
    },
    {
        "id": "recent_surgery",
        "kind": YESNO,
        "text": "Have you had surgery or an injury in the last three months?",
        "flag": "Recent surgery or injury: no deep pressure at or near the site",
    },
    {
        "id": "pregnancy",
        "kind": YESNO,
        "text": "Are you pregnant, or could you be?",
        "flag": "Pregnancy: adapt positions; no deep pressure on the abdomen or lower legs",
    },
    {
        "id": "varicose_dvt",
        "kind": YESNO,
        "text": "Do you have varicose veins, or have you ever had a deep vein thrombosis "
        "(a blood clot)?",
        "flag": "Varicose veins or DVT history: no deep pressure on the legs",
    },
    {
        "id": "skin",
        "kind": YESNO,
        "text": "Do you have a rash, wound, infection or other skin condition where you "
        "would like treatment?",
        "flag": "Skin condition at the area: do not work on that skin",
    },
    {
        "id": "osteoporosis",
        "kind": YESNO,
        "text": "Have you been told you have osteoporosis or fragile bones?",
        "flag": "Osteoporosis: light pressure only",
    },
    {
        "id": "fever",
        "kind": YESNO,
        "text": "Do you have a fever, or feel acutely unwell at the moment?",
        "flag": "Fever or acute illness: postpone treatment",
    },
    {
        "id": "medications",
        "kind": TEXT,
        "text": "Which medicines do you take at the moment? (Write none if none.)",
    },
    {
        "id": "goals",
        "kind": TEXT,
        "text": "What would you like your treatment to change?",
    },
]

DEFAULT_CONSENT = (
    "I have answered these questions truthfully to the best of my knowledge. I will tell "
    "my therapist if anything changes. I agree to trigger point therapy, understand that "
    "pressure may be uncomfortable, and know I can ask to stop at any time."
)


@dataclass(frozen=True)
class Flag:
    question: str
    message: str


@dataclass(frozen=True)
class Answered:
    """One question and its answer, as the therapist reads them."""

    text: str
    answer: str
    flag: str  # empty unless this answer is a contraindication


def validate_questions(questions: object) -> list[dict[str, str]]:
    """The clinic's edited questions, checked: a list of unique ids, known kinds, text."""
    if not isinstance(questions, list) or not questions:
        raise ValidationError("the questionnaire needs at least one question")
    seen: set[str] = set()
    for question in questions:
        if not isinstance(question, dict):
            raise ValidationError("each question is an object with id, kind and text")
        qid, kind, text = question.get("id"), question.get("kind"), question.get("text")
        if not isinstance(qid, str) or not qid.isidentifier() or qid in seen:
            raise ValidationError(f"question id {qid!r} is missing, not a plain name or repeated")
        if kind not in KINDS:
            raise ValidationError(f"question {qid}: kind must be yesno or text")
        if not isinstance(text, str) or not text.strip():
            raise ValidationError(f"question {qid}: the text is empty")
        flag = question.get("flag", "")
        if not isinstance(flag, str) or (flag and kind != YESNO):
            raise ValidationError(f"question {qid}: only a yes/no question carries a flag")
        seen.add(qid)
    return questions


def current(clinic: Clinic) -> Questionnaire:
    """The clinic's latest questionnaire; the default one when the clinic has none yet."""
    latest = Questionnaire.objects.filter(clinic=clinic).order_by("-version").first()
    if latest is not None:
        return latest
    return publish(clinic, DEFAULT_QUESTIONS, DEFAULT_CONSENT)


def publish(
    clinic: Clinic, questions: object, consent_text: str, actor: Actor = None
) -> Questionnaire:
    """Store edited questions as the next version; earlier answers keep their version."""
    checked = validate_questions(questions)
    if not consent_text.strip():
        raise ValidationError("the consent text is empty")
    with transaction.atomic():
        last = (
            Questionnaire.objects.select_for_update()
            .filter(clinic=clinic)
            .order_by("-version")
            .first()
        )
        made = Questionnaire.objects.create(
            clinic=clinic,
            version=(last.version + 1) if last else 1,
            questions=checked,
            consent_text=consent_text.strip(),
        )
        record(actor, "questionnaire.published", made)
    return made


def intake_token(appointment: Appointment) -> str:
    return tokens.make(INTAKE, appointment.pk)


def appointment_of_token(token: str) -> int | None:
    return tokens.read(INTAKE, token)


def intake_link(appointment: Appointment) -> str:
    """The absolute link to the health questionnaire for this booking (for its emails)."""
    return f"{settings.SITE_URL}{reverse('web:intake', args=[intake_token(appointment)])}"


def save_answers(
    appointment: Appointment,
    questionnaire: Questionnaire,
    answers: dict[str, Any],
    signed_name: str,
    *,
    actor: Actor = None,
    now: datetime | None = None,
) -> IntakeAnswers:
    """Keep signed answers; a later submission supersedes, the earlier one stays."""
    if questionnaire.clinic_id != appointment.service.clinic_id:
        raise ValidationError("this questionnaire belongs to another clinic")
    known = {q["id"]: q["kind"] for q in questionnaire.questions}
    kept: dict[str, bool | str] = {}
    for qid, kind in known.items():
        value = answers.get(qid)
        if kind == YESNO:
            if not isinstance(value, bool):
                raise ValidationError(f"question {qid} needs a yes or a no")
            kept[qid] = value
        else:
            kept[qid] = str(value or "").strip()[:2000]
    if not signed_name.strip():
        raise ValidationError("type your name to sign")
    with transaction.atomic():
        saved = IntakeAnswers.objects.create(
            client_id=appointment.client_id,
            appointment=appointment,
            questionnaire=questionnaire,
            answers=kept,
            signed_name=signed_name.strip()[:200],
            signed_at=now or timezone.now(),
        )
        record(actor, "intake.signed", saved)
    return saved


def latest_answers(client: Client) -> IntakeAnswers | None:
    return (
        IntakeAnswers.objects.select_related("questionnaire")
        .filter(client=client)
        .order_by("-signed_at", "-pk")
        .first()
    )


def flags(answers: IntakeAnswers) -> list[Flag]:
    """Every contraindication the client answered yes to, in the questionnaire's order."""
    return [
        Flag(q["id"], q.get("flag") or f"{q['text']} Yes")
        for q in answers.questionnaire.questions
        if q["kind"] == YESNO and answers.answers.get(q["id"]) is True and q.get("flag")
    ]


def read_out(answers: IntakeAnswers) -> list[Answered]:
    rows = []
    for q in answers.questionnaire.questions:
        value = answers.answers.get(q["id"])
        if q["kind"] == YESNO:
            shown = "Yes" if value is True else "No" if value is False else "Not answered"
            flag = q.get("flag", "") if value is True else ""
        else:
            shown, flag = (str(value) if value else "Not answered"), ""
        rows.append(Answered(q["text"], shown, flag))
    return rows


def therapist_panel(client: Client) -> dict[str, Any] | None:
    """The latest signed answers with their flags, for the therapist's pages (the caller
    has already checked through the policy that the user may see this client)."""
    answers = latest_answers(client)
    if answers is None:
        return None
    return {
        "answers": answers,
        "flags": flags(answers),
        "rows": read_out(answers),
    }
