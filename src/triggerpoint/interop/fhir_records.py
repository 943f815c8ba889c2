"""The clinical content of the FHIR bundle: findings, outcome measures, pain drawings,
the SOAP note and the home plan, one function per kind of record.

Each function adds its resources to the bundle being built (`fhir.Builder`); ids come
from the record's UUID, so the same record always becomes the same resources.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import TYPE_CHECKING, Any

from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.composition import Composition
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from triggerpoint.bodymap.regions import UnknownRegionError
from triggerpoint.clinic.models import Finding, HomePlan, Measurement, Note, PainDrawing, Visit
from triggerpoint.interop.codes import (
    BODY_SITE,
    CATEGORY,
    DRAWING_SOURCE,
    DRAWINGS,
    LOINC,
    MEASURE_CODES,
    NDI_ITEMS,
    PAIN_DISPLAY,
    PGIC,
    PROGRESS_NOTE,
    SIGN_LABELS,
    SIGNS,
    SOAP_SECTIONS,
    STRETCHES,
    TIMING,
    UCUM,
)
from triggerpoint.interop.ids import derived_id, instant
from triggerpoint.outcomes.measures import MEASURES, PAIN_NRS_LOINC, PGIC_LABELS
from triggerpoint.outcomes.ndi import SECTIONS as NDI_SECTIONS
from triggerpoint.outcomes.ppt import kg_cm2_to_kpa, kpa_to_kg_cm2

if TYPE_CHECKING:
    from triggerpoint.interop.fhir import Builder


def category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY, "code": code}]}]


def _sited(build: Builder, resource: dict[str, Any], site: str) -> dict[str, Any]:
    """Give an observation its body site, and its side through a BodyStructure."""
    try:
        resource["bodySite"] = build.site(site)
    except UnknownRegionError:
        resource["bodySite"] = {"text": site}
        return resource
    structure = build.structure(site)
    if structure is not None:
        resource["bodySite"]["extension"] = [
            {"url": BODY_SITE, "valueReference": {"reference": structure}}
        ]
    return resource


def narrative(text: str) -> dict[str, str]:
    body = "<br/>".join(escape(line) for line in text.split("\n"))
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{body}</div>'}


# Findings


def _sign(code: str, label: str) -> dict[str, Any]:
    return {"coding": [{"system": SIGNS, "code": code, "display": label}], "text": label}


def finding(build: Builder, found: Finding, encounter: str) -> None:
    """One examination of a trigger point: a panel Observation whose members are the
    signs (taut band, spot tenderness, recognition, local twitch), each referral region
    and the pressure pain threshold."""

    def base(code: dict[str, Any]) -> dict[str, Any]:
        return {
            "status": "final",
            "category": category("exam"),
            "code": code,
            "subject": build.patient,
            "encounter": {"reference": encounter},
            "effectiveDateTime": instant(found.recorded_at),
        }

    members = []
    for field, label in SIGN_LABELS.items():
        sign = _sited(build, base(_sign(field.replace("_", "-"), label)), found.trigger_point)
        sign["valueBoolean"] = bool(getattr(found, field))
        members.append(build.add(Observation, derived_id(found.uuid, field), sign))
    for region in found.referral_regions:
        referral = _sited(build, base(_sign("referred-pain", "Referred pain")), region)
        referral["valueBoolean"] = True
        referral["focus"] = [{"display": found.trigger_point}]
        members.append(build.add(Observation, derived_id(found.uuid, "referral", region), referral))
    if found.ppt_kpa is not None or found.ppt_kg_cm2 is not None:
        ppt = _sited(build, base(ppt_code()), found.trigger_point)
        ppt.update(ppt_values(found.ppt_kpa, found.ppt_kg_cm2))
        if found.ppt_trials:
            trials = ", ".join(f"{t:g}" for t in found.ppt_trials)
            ppt["note"] = [{"text": f"Trials (kgf/cm2): {trials}"}]
        members.append(build.add(Observation, derived_id(found.uuid, "ppt"), ppt))
    panel = _sited(
        build,
        base(_sign("trigger-point-examination", "Trigger point examination")),
        found.trigger_point,
    )
    panel["hasMember"] = [{"reference": url} for url in members]
    if found.note:
        panel["note"] = [{"text": found.note}]
    build.add(Observation, str(found.uuid), panel)


def ppt_code() -> dict[str, Any]:
    return {
        "coding": [{"system": MEASURE_CODES, "code": "ppt", "display": "Pressure pain threshold"}],
        "text": "Pressure pain threshold (algometer, mean of trials)",
    }


def ppt_values(kpa: float | None, kg_cm2: float | None) -> dict[str, Any]:
    """kPa as the value, kilogram-force per cm2 (what algometers show) as a component."""
    if kg_cm2 is None:
        kg_cm2 = kpa_to_kg_cm2(kpa or 0.0)
    if kpa is None:
        kpa = kg_cm2_to_kpa(kg_cm2)
    return {
        "valueQuantity": {"value": round(kpa, 2), "unit": "kPa", "system": UCUM, "code": "kPa"},
        "component": [
            {
                "code": {"text": "Pressure pain threshold in kgf/cm2"},
                "valueQuantity": {
                    "value": round(kg_cm2, 3),
                    "unit": "kgf/cm2",
                    "system": UCUM,
                    "code": "kgf/cm2",
                },
            }
        ],
    }


# Pain and outcome measures


def pain(build: Builder, value: float, at: datetime, label: str, measure: str) -> dict[str, Any]:
    return {
        "status": "final",
        "category": category("survey"),
        "code": {
            "coding": [
                {"system": LOINC, "code": PAIN_NRS_LOINC, "display": PAIN_DISPLAY},
                {"system": MEASURE_CODES, "code": measure},
            ],
            "text": label,
        },
        "subject": build.patient,
        "effectiveDateTime": instant(at),
        "valueInteger": round(value),
    }


def drawing(build: Builder, drawn: PainDrawing) -> None:
    for n, mark in enumerate(drawn.mark_list):
        if mark["intensity"] <= 0:
            continue
        resource = pain(
            build, mark["intensity"], drawn.created_at, f"Pain ({drawn.source})", "pain-drawing"
        )
        _sited(build, resource, mark["region"])
        resource["identifier"] = [{"system": DRAWINGS, "value": f"{drawn.uuid}/{n}"}]
        resource["category"].append({"coding": [{"system": DRAWING_SOURCE, "code": drawn.source}]})
        quality = mark.get("quality")
        if quality:
            resource["note"] = [{"text": f"Quality: {quality}"}]
        build.add(Observation, derived_id(drawn.uuid, "mark", n), resource)


def measurement(build: Builder, m: Measurement, encounter: str | None) -> None:
    label = f"{MEASURES[m.measure].label} ({m.timing})" if m.measure in MEASURES else m.measure
    if m.measure.startswith("pain-"):
        resource = pain(build, m.value, m.measured_at, label, m.measure)
    else:
        resource = {
            "status": "final",
            "category": category("survey" if m.measure in ("ndi", "pgic") else "exam"),
            "code": {"coding": [{"system": MEASURE_CODES, "code": m.measure}], "text": label},
            "subject": build.patient,
            "effectiveDateTime": instant(m.measured_at),
        }
        if m.measure == "ppt":
            resource["code"] = ppt_code()
            resource.update(ppt_values(None, m.value))
        elif m.measure.startswith("rom-"):
            resource["valueQuantity"] = {
                "value": m.value,
                "unit": "degrees",
                "system": UCUM,
                "code": "deg",
            }
        elif m.measure == "ndi":
            resource["valueQuantity"] = {
                "value": m.value,
                "unit": "points of 50",
                "system": UCUM,
                "code": "{score}",
            }
            answers = m.detail.get("answers") if isinstance(m.detail, dict) else None
            if answers:
                response = _ndi_answers(build, m, answers, encounter)
                resource["derivedFrom"] = [{"reference": response}]
        elif m.measure == "pgic":
            rating = round(m.value)
            resource["valueCodeableConcept"] = {
                "coding": [
                    {"system": PGIC, "code": str(rating), "display": PGIC_LABELS.get(rating, "")}
                ],
                "text": PGIC_LABELS.get(rating, str(rating)),
            }
        else:
            return
    resource["category"] = [
        *resource["category"],
        {"coding": [{"system": TIMING, "code": m.timing}]},
    ]
    if encounter is not None:
        resource["encounter"] = {"reference": encounter}
    if m.site:
        _sited(build, resource, m.site)
    build.add(Observation, str(m.uuid), resource)


def _ndi_answers(
    build: Builder, m: Measurement, answers: dict[str, Any], encounter: str | None
) -> str:
    """The Neck Disability Index item answers (0-5 per section) as a QuestionnaireResponse."""
    items = []
    for section in NDI_SECTIONS:
        item: dict[str, Any] = {"linkId": section, "text": section.replace("-", " ").capitalize()}
        if answers.get(section) is not None:
            item["answer"] = [{"valueInteger": int(answers[section])}]
        items.append(item)
    resource: dict[str, Any] = {
        "status": "completed",
        "identifier": {"system": NDI_ITEMS, "value": "neck-disability-index"},
        "subject": build.patient,
        "authored": instant(m.measured_at),
        "item": items,
    }
    if encounter is not None:
        resource["encounter"] = {"reference": encounter}
    return build.add(QuestionnaireResponse, derived_id(m.uuid, "answers"), resource)


# The note and the home plan


def note(build: Builder, written: Note, visit: Visit, encounter: str) -> None:
    """The SOAP note as a Composition, one LOINC-coded section per letter."""
    sections = [
        {
            "title": title,
            "code": {"coding": [{"system": LOINC, "code": code, "display": title}]},
            "text": narrative(getattr(written, field)),
        }
        for field, code, title in SOAP_SECTIONS
        if getattr(written, field).strip()
    ]
    for amendment in written.amendments.order_by("at", "pk"):
        sections.append(
            {"title": f"Amendment {instant(amendment.at)}", "text": narrative(amendment.text)}
        )
    resource: dict[str, Any] = {
        "status": "final" if written.is_locked else "preliminary",
        "type": {
            "coding": [{"system": LOINC, "code": PROGRESS_NOTE[0], "display": PROGRESS_NOTE[1]}]
        },
        "subject": build.patient,
        "encounter": {"reference": encounter},
        "date": instant(written.updated_at),
        "author": [{"display": visit.therapist.display_name}],
        "title": "SOAP note",
    }
    if sections:
        resource["section"] = sections
    if written.is_locked and written.signed_at is not None:
        resource["attester"] = [
            {
                "mode": "legal",
                "time": instant(written.signed_at),
                "party": {"display": visit.therapist.display_name},
            }
        ]
    build.add(Composition, derived_id(visit.uuid, "note"), resource)


def care_plan(build: Builder, plan: HomePlan, encounter: str | None) -> None:
    """The home plan: one activity per stretch, with its dose."""
    activities = []
    for item in sorted(plan.items.all(), key=lambda i: i.pk):
        dose = f"hold {item.hold_seconds} s, {item.repetitions} times, {item.frequency}"
        activities.append(
            {
                "detail": {
                    "status": "in-progress",
                    "code": {
                        "coding": [{"system": STRETCHES, "code": item.stretch}],
                        "text": item.stretch.replace("-", " "),
                    },
                    "description": f"{item.muscle}: {dose}" if item.muscle else dose,
                }
            }
        )
    resource: dict[str, Any] = {
        "status": "active",
        "intent": "plan",
        "title": "Home plan",
        "subject": build.patient,
        "created": instant(plan.created_at),
    }
    if plan.advice:
        resource["description"] = plan.advice
    if activities:
        resource["activity"] = activities
    if encounter is not None:
        resource["encounter"] = {"reference": encounter}
    build.add(CarePlan, str(plan.uuid), resource)
