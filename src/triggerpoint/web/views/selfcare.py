"""The public self-care plan and its guided timer: built from the body map's marks in
the address, so both can be bookmarked, printed and opened without an account."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_POST, require_safe

from triggerpoint.atlas import load_atlas
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.treatment.intake import Mark, mark_params, marks_from_params
from triggerpoint.clinic.treatment.selfcare_records import save_self_treatment
from triggerpoint.finder import DrawingError
from triggerpoint.web import selftimer
from triggerpoint.web.selfcare_plan import build_plan, symptoms_from_params


@require_safe
def plan(request: HttpRequest) -> HttpResponse:
    # A mark of 0 says "not there"; a plan needs somewhere that hurts.
    marks = [m for m in marks_from_params(request.GET.getlist("mark")) if m["intensity"] > 0]
    symptoms = symptoms_from_params(request.GET.getlist("symptom"), request.GET.getlist("no"))
    context: dict[str, object] = {"nav": "find", "marks": marks}
    if not marks:
        return render(request, "web/selfcare/plan.html", context)
    try:
        built = build_plan(marks, symptoms)
    except DrawingError as error:
        context["error"] = str(error)
        return render(request, "web/selfcare/plan.html", context, status=400)
    query = urlencode([("mark", param) for param in mark_params(marks)])
    context.update(
        plan=built,
        find_url=f"{reverse('web:find')}?{query}",
        timer_url=f"{reverse('web:self-care-timer')}?{query}",
    )
    return render(request, "web/selfcare/plan.html", context)


def _timer_points(request: HttpRequest) -> tuple[list[Mark], list[dict[str, str]]]:
    marks = [m for m in marks_from_params(request.GET.getlist("mark")) if m["intensity"] > 0]
    if not marks:
        return marks, []
    try:
        built = build_plan(marks, {})
    except DrawingError:
        return marks, []
    return marks, [] if built.stop else selftimer.point_choices(built.points)


@require_safe
@ensure_csrf_cookie
def timer(request: HttpRequest) -> HttpResponse:
    """Choose a point from the plan, then press, hold and release with the engine."""
    marks, choices = _timer_points(request)
    chosen = request.GET.get("point", "")
    if chosen and chosen not in {c["id"] for c in choices}:
        try:
            selftimer.treatment_of(chosen)
        except selftimer.TimerError as error:
            return render(request, "web/selfcare/timer.html", {"error": str(error)}, status=400)
        point = load_atlas().trigger_points[chosen]
        choices.append({"id": chosen, "name": f"{point.name} ({point.side})"})
    query = urlencode([("mark", param) for param in mark_params(marks)])
    context = {
        "nav": "find",
        "choices": choices,
        "chosen": chosen or (choices[0]["id"] if choices else ""),
        "plan_url": f"{reverse('web:self-care')}?{query}",
        "plan_url_has_marks": bool(marks),
        "signed_in_client": policy.self_treatment_keeper(request.user) is not None,
        "scale": range(11),
    }
    return render(request, "web/selfcare/timer.html", context)


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise selftimer.TimerError("the request body must be JSON") from None
    if not isinstance(body, dict):
        raise selftimer.TimerError("the request body must be a JSON object")
    return body


@require_POST
def timer_step(request: HttpRequest) -> JsonResponse:
    """One tap of the timer: replay the browser's log, apply the tap, answer the state."""
    now = timezone.now()
    try:
        body = _body(request)
        point = str(body.get("point", ""))
        selftimer.treatment_of(point)
        session = selftimer.step(
            body.get("events", []), str(body.get("action", "")), point, now, body.get("intensity")
        )
    except selftimer.TimerError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse(selftimer.state(session, now))


@require_POST
def timer_save(request: HttpRequest) -> JsonResponse:
    """Save a finished session to a signed-in client's record."""
    client = policy.self_treatment_keeper(request.user)
    if client is None:
        return JsonResponse(
            {"error": "Sign in as a client to save to your record; it stays in this browser."},
            status=403,
        )
    try:
        body = _body(request)
        point = str(body.get("point", ""))
        session = selftimer.load(body.get("events", []), point)
        saved = save_self_treatment(client, session)
    except (selftimer.TimerError, ValueError) as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"saved": saved.pk, "cycles": saved.cycles}, status=201)
