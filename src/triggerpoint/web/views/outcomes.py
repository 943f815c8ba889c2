"""Record a visit's outcomes: pain, PGIC, PPT per site, range of motion and the NDI.

One form takes whatever was measured at one moment (before or after treatment). Every
value is checked by `triggerpoint.outcomes` through the clinic's recording functions, so
an out-of-range value comes back as a form error beside its field, never as a 500.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from triggerpoint.atlas import load_atlas
from triggerpoint.clinic.models import MeasureTiming, Visit
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy.audit import record
from triggerpoint.clinic.treatment.outcome_trends import site_label, title_of, visit_day
from triggerpoint.clinic.treatment.outcomes_records import (
    OutcomeError,
    VisitOutcomes,
    save_visit_outcomes,
)
from triggerpoint.outcomes import MOVEMENTS, PGIC_LABELS, measure, ppt_from_trials, score_ndi
from triggerpoint.outcomes.ndi import SECTIONS

PAIN = ("pain-now", "pain-worst", "pain-average")
NDI_CHOICES = [("", "—"), *((str(n), str(n)) for n in range(6))]


def _field(measure_id: str) -> str:
    return measure_id.replace("-", "_")


def _number(measure_id: str, whole: bool = True) -> forms.Field:
    kind = measure(measure_id)
    attrs = {"min": f"{kind.low:g}", "max": f"{kind.high:g}", "inputmode": "numeric"}
    label = f"{kind.label} ({'0-10' if kind.unit == '/10' else kind.unit})"
    if whole:
        return forms.IntegerField(required=False, label=label, widget=forms.NumberInput(attrs))
    return forms.FloatField(required=False, label=label, widget=forms.NumberInput(attrs))


class OutcomeForm(forms.Form):
    timing = forms.ChoiceField(
        choices=[(MeasureTiming.BEFORE, "Before treatment"), (MeasureTiming.AFTER, "After")],
        widget=forms.RadioSelect,
        initial=MeasureTiming.BEFORE,
    )
    pgic = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        label="Global impression of change since treatment began",
        choices=[("", "—"), *((str(k), f"{k}: {v}") for k, v in PGIC_LABELS.items())],
    )
    ppt_site = forms.CharField(
        required=False,
        max_length=100,
        label="PPT site",
        help_text="A trigger point of the plan, or where you pressed.",
    )
    ppt_1 = forms.FloatField(required=False, label="Trial 1 (kg/cm²)")
    ppt_2 = forms.FloatField(required=False, label="Trial 2 (kg/cm²)")
    ppt_3 = forms.FloatField(required=False, label="Trial 3 (kg/cm²)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for measure_id in PAIN:
            self.fields[_field(measure_id)] = _number(measure_id)
        for movement in MOVEMENTS:
            self.fields[_field(f"rom-{movement}")] = _number(f"rom-{movement}")
        for number, section in enumerate(SECTIONS, start=1):
            self.fields[f"ndi_{number}"] = forms.TypedChoiceField(
                required=False,
                coerce=int,
                empty_value=None,
                label=section.capitalize(),
                choices=NDI_CHOICES,
            )
        for name in ("ppt_1", "ppt_2", "ppt_3"):
            self.fields[name].widget.attrs.update({"step": "0.01", "min": "0"})

    def values(self) -> dict[str, float]:
        """Measure id -> value for the single-number measures filled in."""
        measure_ids = [*PAIN, *(f"rom-{m}" for m in MOVEMENTS)]
        found = {m: self.cleaned_data.get(_field(m)) for m in measure_ids}
        return {m: v for m, v in found.items() if v is not None}

    def ndi_answers(self) -> list[int | None] | None:
        answers = [self.cleaned_data.get(f"ndi_{n}") for n in range(1, len(SECTIONS) + 1)]
        return answers if any(a is not None for a in answers) else None

    def ppt_trials(self) -> list[float] | None:
        trials = [self.cleaned_data.get(f"ppt_{n}") for n in (1, 2, 3)]
        if all(t is None for t in trials) and not self.cleaned_data.get("ppt_site"):
            return None
        return [t for t in trials if t is not None]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        for measure_id, value in self.values().items():
            try:
                measure(measure_id).validate(value)
            except ValueError as error:
                # "outside 0-10 /10" reads oddly; the 0-10 alone says it.
                self.add_error(_field(measure_id), str(error).replace(" /10", "") + ".")
        trials = self.ppt_trials()
        if trials is not None:
            if not (data.get("ppt_site") or "").strip():
                self.add_error("ppt_site", "Say where the threshold was taken.")
            try:
                ppt_from_trials(trials)
            except ValueError as error:
                self.add_error("ppt_1", f"Pressure pain threshold: {error}.")
        answers = self.ndi_answers()
        if answers is not None:
            try:
                score_ndi(answers)
            except ValueError as error:
                self.add_error(None, f"Neck Disability Index: {error}.")
        if not (self.errors or self.values() or trials or answers or data.get("pgic")):
            self.add_error(None, "Nothing to record: fill in at least one measure.")
        return data


def _visit(request: HttpRequest, visit_id: int) -> Visit:
    visits = policy.chart_visits(request.user).select_related("client__clinic", "therapist")
    visit: Visit = get_object_or_404(visits, pk=visit_id)
    return visit


def save_outcomes(visit: Visit, form: OutcomeForm, actor: Any) -> int:
    """Hand a valid form's measures to the clinic's recording (one transaction)."""
    data = form.cleaned_data
    outcomes = VisitOutcomes(
        timing=data["timing"],
        values=form.values(),
        ppt_site=data.get("ppt_site") or "",
        ppt_trials=form.ppt_trials(),
        ndi_answers=form.ndi_answers(),
        pgic=data.get("pgic"),
    )
    return save_visit_outcomes(visit, outcomes, actor, at=timezone.now())


@policy.require_role("therapist", "owner")
@require_http_methods(["GET", "HEAD", "POST"])
def visit_outcomes(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _visit(request, visit_id)
    form = OutcomeForm()
    status = 200
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if form.is_valid():
            try:
                stored = save_outcomes(visit, form, request.user)
            except OutcomeError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Recorded {stored} measure{'s' * (stored != 1)}.")
                return redirect("web:visit-outcomes", visit_id=visit.pk)
        status = 400
    record(request.user, "visit.outcomes_viewed", visit)
    zone = visit.client.clinic.zone
    rows = [
        {
            "title": title_of(row.measure, row.site),
            "timing": row.get_timing_display(),
            "value": _shown(row.measure, row.value),
            "at": row.measured_at.astimezone(zone),
        }
        for row in visit.measurements.order_by("measured_at", "pk")
    ]
    atlas = load_atlas()
    context = {
        "nav": "clients",
        "visit": visit,
        "client": visit.client,
        "day": visit_day(visit),
        "form": form,
        "rows": rows,
        "sites": [(p, site_label(p)) for p in visit.planned_points if p in atlas.trigger_points],
        "pain_fields": [form[_field(m)] for m in PAIN],
        "rom_fields": [form[_field(f"rom-{m}")] for m in MOVEMENTS],
        "ndi_fields": [form[f"ndi_{n}"] for n in range(1, len(SECTIONS) + 1)],
        "may_keep_notes": policy.may_keep_notes(request.user),
    }
    return render(request, "web/outcomes/visit.html", context, status=status)


def _shown(measure_id: str, value: float) -> str:
    if measure_id == "pgic":
        return f"{value:.0f}: {PGIC_LABELS.get(int(value), '?')}"
    return measure(measure_id).with_unit(value)
