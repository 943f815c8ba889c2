"""The findings form of the therapist's session screen: one examined trigger point's
taut band, tenderness, referral and pressure pain threshold, saved at any time during
the visit or after it ends (clinic/treatment/findings.py keeps them)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from triggerpoint.atlas import load_atlas
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.treatment import findings, sessions
from triggerpoint.clinic.treatment.sessions import SessionError
from triggerpoint.web.session_access import therapist_visit
from triggerpoint.web.session_screen import FindingForm, render_screen
from triggerpoint.web.session_state import point_name


@policy.require_role("therapist", "owner")
@require_POST
def save_finding(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = therapist_visit(request, visit_id)
    tp = load_atlas().trigger_points.get(request.POST.get("trigger_point", ""))
    if tp is None:
        raise Http404("No such trigger point.")
    form = FindingForm(request.POST, point=tp)
    if form.is_valid():
        try:
            findings.save_finding(visit, form.finding(), request.user)
        except SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Finding saved: {point_name(tp)}.")
            return redirect(reverse("web:session", args=[visit.pk]) + f"#finding-{tp.id}")
    return render_screen(request, visit, sessions.current(visit), bound=form)
