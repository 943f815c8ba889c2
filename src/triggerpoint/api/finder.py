"""POST /find: a pain drawing in, trigger points to palpate and confirm out."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field, JsonValue, field_validator

from triggerpoint.api.schemas import FieldErrors, Message
from triggerpoint.api.throttle import refusal
from triggerpoint.atlas import load_atlas
from triggerpoint.atlas.query import referral_values
from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.regions import UnknownRegionError, fine_regions, resolve
from triggerpoint.clinic.treatment.intake import DEFAULT_QUALITY, QUALITIES
from triggerpoint.finder.drawing import DrawingError
from triggerpoint.finder.find import find as run_finder
from triggerpoint.finder.redflags import SYMPTOMS
from triggerpoint.finder.voice import Voice, view

router = Router(tags=["finder"])

SYMPTOM_IDS = tuple(s.id for s in SYMPTOMS)
MAX_MARKS = 80  # more marks than regions on one side is not a drawing a person made
# Every token resolve() takes, so the OpenAPI names the vocabulary the validators accept.
REGION_TOKENS: list[JsonValue] = [*sorted(fine_regions()), *(str(c) for c in sorted(BY_CODE))]


def _known(token: str) -> str:
    try:
        resolve(token)
    except UnknownRegionError as error:
        raise ValueError(str(error)) from None
    return token


class MarkIn(Schema):
    region: str = Field(
        description="A fine region id (temple-r) or a CHOIR code (101).",
        json_schema_extra={"enum": REGION_TOKENS},
    )
    intensity: float = Field(ge=0, le=10)
    quality: str | None = Field(
        default=None,
        description=f"How it feels; {DEFAULT_QUALITY!r} when left out.",
        json_schema_extra={"enum": [*sorted(QUALITIES), None]},
    )

    _region = field_validator("region")(_known)

    @field_validator("quality")
    @classmethod
    def _known_quality(cls, quality: str | None) -> str | None:
        if quality is not None and quality not in QUALITIES:
            raise ValueError(f"unknown quality {quality[:40]!r}; use one of {sorted(QUALITIES)}")
        return quality


class DrawingIn(Schema):
    marks: list[MarkIn] = Field(default_factory=list, max_length=MAX_MARKS)
    denied: list[str] = Field(
        default_factory=list,
        max_length=MAX_MARKS,
        json_schema_extra={"items": {"type": "string", "enum": REGION_TOKENS}},
        description="Regions the client said do not hurt when asked.",
    )
    symptoms: dict[str, bool] = Field(
        default_factory=dict,
        description='Red-flag answers, e.g. {"fever": true, "trauma": false}: '
        + ", ".join(SYMPTOM_IDS)
        + ". A symptom left out is a question the answer still asks.",
        json_schema_extra={
            "properties": {name: {"type": "boolean"} for name in SYMPTOM_IDS},
            "additionalProperties": False,
        },
    )
    top: int = Field(default=5, ge=1, le=20)
    voice: Voice | None = Field(
        default=None,
        description="Add a `view` worded for the client (public) or the therapist (clinical).",
    )

    @field_validator("symptoms")
    @classmethod
    def _known_symptoms(cls, symptoms: dict[str, bool]) -> dict[str, bool]:
        for name in symptoms:
            if name not in SYMPTOM_IDS:
                raise ValueError(f"unknown symptom {name[:40]!r}; use one of {list(SYMPTOM_IDS)}")
        return symptoms

    @field_validator("denied")
    @classmethod
    def _denied_known(cls, tokens: list[str]) -> list[str]:
        return [_known(t) for t in tokens]


@router.post(
    "/find",
    url_name="find",
    # 400: a body that is not JSON; 415: not sent as application/json (security.py);
    # 422: a field out of bounds or a drawing the finder refuses; 429: past FINDER_RATE.
    response={200: dict[str, Any], 400: Message, 415: Message, 422: FieldErrors, 429: Message},
)
def find(request: HttpRequest, drawing: DrawingIn) -> Status | HttpResponse:
    """Rank the trigger points that may explain a drawing. Never a diagnosis. Flags come
    first, most urgent first; `show_press_first` is false under an emergency flag.
    Each client address may send FINDER_RATE drawings (429 with Retry-After past it)."""
    # Counted after validation: a malformed body costs nothing, a drawing up to ~50 ms.
    refused = refusal(request, "finder", "finder requests")
    if refused is not None:
        return refused
    marks: dict[str, float] = {}
    qualities: dict[str, str] = {}
    for mark in drawing.marks:
        marks[mark.region] = max(mark.intensity, marks.get(mark.region, 0.0))
    for mark in drawing.marks:
        # A quality describes pain that is there: the finder refuses one on a mark of 0,
        # unless it is only the default a form sent along.
        quality = mark.quality or DEFAULT_QUALITY
        if marks[mark.region] > 0 or quality != DEFAULT_QUALITY:
            qualities[mark.region] = quality
    try:
        answer = run_finder(
            marks, qualities, drawing.denied, top=drawing.top, symptoms=drawing.symptoms
        )
    except DrawingError as error:
        return Status(422, {"message": str(error), "errors": {}})
    result = answer.to_json()
    atlas = load_atlas()
    regions = fine_regions()
    for candidate in result["candidates"]:
        tp = atlas.trigger_points[candidate["trigger_point"]]
        candidate["url"] = reverse("web:muscle", args=[tp.muscle]) + f"#{tp.base}"
        candidate["zones"] = referral_values([tp])
    question = result.get("next_question")
    if question and question.get("region") in regions:
        question["label"] = regions[question["region"]].full_label
    if drawing.voice:
        result["view"] = view(result, drawing.voice)
    return Status(200, result)
