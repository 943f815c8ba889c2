"""The treatment room: the therapist's session screen (the client's phone is in
`phone.py`, the findings form in `session_findings.py`, the pushed state in
`session_stream.py`).

The therapist's pages are for the staff of the visit's clinic; another clinic's visit
is a 404.

The screen gets each change of the session pushed as it happens (session_stream.py) and
falls back to polling the JSON state here, which answers 304 while nothing a screen
shows has changed. Each tap is posted as it happens, so closing either browser loses
nothing. Every form also works without JavaScript.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from triggerpoint.atlas import load_atlas
from triggerpoint.clinic.models import Appointment, Visit
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy.audit import record
from triggerpoint.clinic.treatment import sessions
from triggerpoint.clinic.treatment.health_intake import therapist_panel
from triggerpoint.clinic.treatment.sessions import SessionError
from triggerpoint.web.session_access import therapist_visit
from triggerpoint.web.session_screen import render_screen, set_choices
from triggerpoint.web.session_state import (
    int_or_none,
    point_name,
    polled,
    posted_fields,
    therapist_state,
    wants_json,
)


class PlanForm(forms.Form):
    point = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    extra = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, suggested: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        points = load_atlas().trigger_points
        set_choices(self, "point", [(p, point_name(points[p])) for p in suggested])
        self.fields["point"].initial = suggested
        others = sorted((point_name(tp), tp.id) for tp in points.values())
        set_choices(
            self, "extra", [("", "Add another trigger point…")] + [(i, n) for n, i in others]
        )

    def plan(self) -> list[str]:
        chosen: list[str] = list(self.cleaned_data["point"])
        if self.cleaned_data["extra"]:
            chosen.append(self.cleaned_data["extra"])
        return chosen


@policy.require_role("therapist", "owner")
@require_http_methods(["GET", "HEAD", "POST"])
def plan(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Choose the trigger points to treat (the finder's suggestions ticked), then start."""
    appointment: Appointment = get_object_or_404(
        policy.visible_appointments(request.user).select_related("client", "service"),
        pk=appointment_id,
    )
    visit = Visit.objects.filter(appointment=appointment).first()
    if visit is not None:
        return redirect("web:session", visit_id=visit.pk)
    intake = sessions.intake_result(appointment)
    suggested = [c.trigger_point for c in intake.candidates] if intake else []
    form = PlanForm(request.POST or None, suggested=suggested)
    if request.method == "POST" and form.is_valid():
        try:
            visit = sessions.start_visit(appointment, request.user, planned=form.plan())
        except SessionError as error:
            form.add_error(None, str(error))
        else:
            return redirect("web:session", visit_id=visit.pk)
    record(request.user, "appointment.viewed", appointment)
    atlas = load_atlas()
    context = {
        "nav": "schedule",
        "appointment": appointment,
        "form": form,
        "suggested": [
            {
                "id": p,
                "name": point_name(atlas.trigger_points[p]),
                "find_it": atlas.trigger_points[p].find_it,
            }
            for p in suggested
        ],
        # A drawing that needs a doctor leads with what to do, and "where to press" waits.
        "flags": [asdict(flag) for flag in intake.flags] if intake else [],
        "action": intake.action if intake else "",
        "show_press_first": intake.show_press_first if intake else True,
        "intake": therapist_panel(appointment.client),
    }
    status = 400 if form.errors else 200
    with timezone.override(appointment.client.clinic.zone):
        return render(request, "web/session/plan.html", context, status=status)


@policy.require_role("therapist", "owner")
@require_safe
@never_cache
def session_screen(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = therapist_visit(request, visit_id)
    live = sessions.settle(visit)
    record(request.user, "visit.session_viewed", visit)
    return render_screen(request, visit, live)


@policy.require_role("therapist", "owner")
@require_safe
@never_cache
def session_state(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = therapist_visit(request, visit_id)
    return polled(request, therapist_state(sessions.settle(visit)))


@policy.require_role("therapist", "owner")
@require_POST
def session_event(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = therapist_visit(request, visit_id)
    try:
        posted = posted_fields(request)
        point = posted.get("trigger_point")
        kind = str(posted.get("kind") or "")
        if kind == "finish":  # closes the visit too, and says why it cannot yet
            live = sessions.end_visit(visit, request.user)
        else:
            live = sessions.act(
                visit,
                kind,
                by="therapist",
                actor=request.user,
                trigger_point=str(point) if point else None,
                intensity=int_or_none(posted.get("intensity")),
            )
    except SessionError as error:
        if wants_json(request):
            return JsonResponse({"error": str(error)}, status=409)
        messages.error(request, str(error))
        return redirect("web:session", visit_id=visit.pk)
    if wants_json(request):
        return JsonResponse(therapist_state(live))
    return redirect("web:session", visit_id=visit.pk)
