"""The health questionnaire before the first visit, opened from the booking's emailed link.

The form is built from the clinic's current questionnaire (questions are data); the
signed answers keep the version they answered.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from triggerpoint.clinic.models import Appointment, Questionnaire
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.treatment import health_intake
from triggerpoint.web.slots import day_label

YES_NO = [("yes", "Yes"), ("no", "No")]


def intake_form(questionnaire: Questionnaire, data: Any = None) -> forms.Form:
    """One field per question: yes/no radios (required) or a free-text box (optional)."""
    form = forms.Form(data, label_suffix="")
    for question in questionnaire.questions:
        if question["kind"] == health_intake.YESNO:
            form.fields[question["id"]] = forms.ChoiceField(
                label=question["text"],
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": "Please answer yes or no."},
            )
        else:
            form.fields[question["id"]] = forms.CharField(
                label=question["text"],
                required=False,
                max_length=2000,
                widget=forms.Textarea({"rows": 3}),
            )
    form.fields["consent"] = forms.BooleanField(
        label=questionnaire.consent_text,
        error_messages={"required": "We can only treat you with your signed consent."},
    )
    form.fields["signed_name"] = forms.CharField(
        label="Type your full name to sign",
        max_length=200,
        widget=forms.TextInput({"autocomplete": "name"}),
    )
    return form


def _answers(questionnaire: Questionnaire, data: dict[str, Any]) -> dict[str, bool | str]:
    kept: dict[str, bool | str] = {}
    for question in questionnaire.questions:
        value = data.get(question["id"], "")
        kept[question["id"]] = value == "yes" if question["kind"] == health_intake.YESNO else value
    return kept


@require_http_methods(["GET", "HEAD", "POST"])
def intake(request: HttpRequest, token: str) -> HttpResponse:
    appointment_id = policy.intake_of_link(token)
    appointment = (
        Appointment.objects.select_related("service__clinic", "client", "therapist")
        .filter(pk=appointment_id)
        .first()
        if appointment_id is not None
        else None
    )
    if appointment is None:
        raise Http404("This link is not valid. Please use the link from your confirmation email.")
    clinic = appointment.service.clinic
    questionnaire = health_intake.current(clinic)
    form = intake_form(questionnaire, request.POST if request.method == "POST" else None)
    status, saved = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = health_intake.save_answers(
                    appointment,
                    questionnaire,
                    _answers(questionnaire, form.cleaned_data),
                    form.cleaned_data["signed_name"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
        else:
            status = 400
    local = appointment.start.astimezone(clinic.zone)
    context = {
        "appointment": appointment,
        "clinic": clinic,
        "questionnaire": questionnaire,
        "form": form,
        "saved": saved,
        "when": f"{day_label(local.date())} at {local:%H:%M}",
        "today": timezone.now().astimezone(clinic.zone).date(),
        "done_before": health_intake.latest_answers(appointment.client) is not None,
    }
    return render(request, "web/health_intake/form.html", context, status=status)
