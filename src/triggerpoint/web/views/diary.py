"""The client's pain diary between visits: where it hurts today and how much, 0-10.

The page is the /find/ body map (same template, same scripts) with its own heading and
a form that posts the drawing together with the rating. The rating joins the pain-now
chart as a diary point; the drawing is stored as a diary drawing.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.clinic.models import Client
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy.audit import record
from triggerpoint.clinic.treatment.intake import Mark, parse_drawing
from triggerpoint.clinic.treatment.outcomes_records import OutcomeError, diary_entries, record_diary
from triggerpoint.web.finder_page import finder_context


def _client(request: HttpRequest) -> Client:
    client = policy.client_of(request.user)
    if client is None:
        raise Http404("No client record.")
    return client


def _rating(raw: str) -> int:
    if not raw.strip().isdecimal():
        raise OutcomeError("choose how strong your pain is now, from 0 to 10")
    return int(raw)


def _places(marks: list[Mark]) -> str:
    regions = fine_regions()
    shown = [
        f"{regions[m['region']].full_label} {m['intensity']}"
        for m in sorted(marks, key=lambda m: -m["intensity"])
        if m["intensity"] > 0 and m["region"] in regions
    ]
    more = len(shown) - 4
    return ", ".join(shown[:4]) + (f" and {more} more" if more > 0 else "")


@require_http_methods(["GET", "HEAD", "POST"])
@policy.require_role("client")
def diary(request: HttpRequest) -> HttpResponse:
    client = _client(request)
    error = ""
    drawing: dict[str, Any] = {"marks": []}
    chosen = ""
    if request.method == "POST":
        chosen = request.POST.get("rating", "")
        try:
            marks = parse_drawing(request.POST.get("drawing") or '{"marks": []}')
            drawing = {"marks": [dict(m) for m in marks]}
            record_diary(client, _rating(chosen), marks, request.user)
        except ValidationError as refused:
            error = f"Your drawing could not be saved: {refused.messages[0]}."
        except OutcomeError as refused:
            error = str(refused).capitalize() + "."
        else:
            messages.success(request, "Diary entry saved. It shows on your progress charts.")
            return redirect("web:portal")
    record(request.user, "client.diary_viewed", client)
    zone = client.clinic.zone
    entries = [
        {
            "when": entry.rating.measured_at.astimezone(zone),
            "rating": f"{entry.rating.value:.0f}",
            "places": _places(entry.drawing.mark_list) if entry.drawing else "",
        }
        for entry in diary_entries(client, limit=10)
    ]
    context = finder_context(drawing) | {
        "nav": "portal",
        "error": error,
        "entries": entries,
        "ratings": range(11),
        "chosen": chosen,
    }
    return render(request, "web/diary/diary.html", context, status=400 if error else 200)
