"""The public self-care plan: built from the body map's marks in the address, so it can
be bookmarked, printed and opened without an account."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from triggerpoint.clinic.intake import mark_params, marks_from_params
from triggerpoint.finder import DrawingError
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
    context.update(plan=built, mark_query=query, find_url=f"{reverse('web:find')}?{query}")
    return render(request, "web/selfcare/plan.html", context)
