"""Home plans: the therapist edits a visit's plan; the client reads and prints it.

The printable page is the same template for both (`web/homecare/plan.html`); the site's
print stylesheet hides the chrome, and the page adds what a sheet of paper needs (the
clinic, the date, the client's name).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from triggerpoint.atlas import load_atlas
from triggerpoint.clinic.models import HomePlan, Visit
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy.audit import record
from triggerpoint.clinic.treatment import homecare
from triggerpoint.clinic.treatment.outcome_trends import visit_day


def _stretch_choices() -> list[tuple[str, str]]:
    stretches = load_atlas().stretches.values()
    return [("", "—"), *sorted(((s.id, s.name) for s in stretches), key=lambda c: c[1])]


class ItemForm(forms.Form):
    stretch = forms.ChoiceField(choices=(), required=False)
    hold_seconds = forms.IntegerField(
        min_value=1, max_value=homecare.MAX_HOLD_SECONDS, required=False, label="Hold (s)"
    )
    repetitions = forms.IntegerField(
        min_value=1, max_value=homecare.MAX_REPETITIONS, required=False, label="Times"
    )
    frequency = forms.CharField(
        max_length=homecare.MAX_FREQUENCY, required=False, label="How often"
    )
    muscle = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stretch"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _stretch_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("stretch") and not self.cleaned_data.get("DELETE"):
            for name in ("hold_seconds", "repetitions", "frequency"):
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(name, "Required.")
        return data

    def item(self) -> homecare.ItemInput | None:
        data = self.cleaned_data
        if not data.get("stretch") or data.get("DELETE"):
            return None
        return homecare.ItemInput(
            data["stretch"],
            data["hold_seconds"],
            data["repetitions"],
            data["frequency"],
            data.get("muscle") or "",
        )


ItemFormSet = forms.formset_factory(ItemForm, extra=1, can_delete=True, max_num=20)


class AdviceForm(forms.Form):
    advice = forms.CharField(
        required=False,
        max_length=homecare.MAX_ADVICE,
        widget=forms.Textarea(attrs={"rows": 7}),
        label="Aftercare advice",
        help_text="One piece of advice per line.",
    )


def _visit(request: HttpRequest, visit_id: int) -> Visit:
    visits = policy.chart_visits(request.user).select_related("client__clinic", "therapist")
    visit: Visit = get_object_or_404(visits, pk=visit_id)
    return visit


def _initial(plan: HomePlan) -> list[dict[str, Any]]:
    return [
        {
            "stretch": item.stretch,
            "hold_seconds": item.hold_seconds,
            "repetitions": item.repetitions,
            "frequency": item.frequency,
            "muscle": item.muscle,
        }
        for item in plan.items.all()
    ]


@policy.require_role("therapist", "owner")
@require_http_methods(["GET", "HEAD", "POST"])
def visit_plan(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Make the visit's plan from the atlas, then change its stretches and advice."""
    visit = _visit(request, visit_id)
    plan = HomePlan.objects.filter(visit=visit).first()
    formset = ItemFormSet(initial=_initial(plan), prefix="item") if plan else None
    advice = AdviceForm(initial={"advice": plan.advice}) if plan else None
    error = ""
    if request.method == "POST":
        if request.POST.get("action") == "create" or plan is None:
            homecare.plan_for(visit, request.user)
            messages.success(request, "Home plan made from the treated muscles' stretches.")
            return redirect("web:visit-home-plan", visit_id=visit.pk)
        # No initial rows when bound: a posted row is kept as posted, even one that
        # matches what was stored (Django would drop such an "unchanged" extra row).
        formset = ItemFormSet(request.POST, prefix="item")
        advice = AdviceForm(request.POST)
        if formset.is_valid() and advice.is_valid():
            items = [i for form in formset.forms if (i := form.item()) is not None]
            try:
                homecare.save_plan(plan, items, advice.cleaned_data["advice"], request.user)
            except homecare.HomePlanError as refused:
                error = str(refused).capitalize() + "."
            else:
                messages.success(request, "Home plan saved.")
                return redirect("web:visit-home-plan", visit_id=visit.pk)
        else:
            error = "Some rows need a correction (see below)."
    if plan is not None:
        record(request.user, "homeplan.viewed", plan)
    context = {
        "nav": "clients",
        "visit": visit,
        "client": visit.client,
        "day": visit_day(visit),
        "plan": plan,
        "formset": formset,
        "advice": advice,
        "error": error,
        "suggested": homecare.suggested_items(visit) if plan is None else [],
        "may_keep_notes": policy.may_keep_notes(request.user),
    }
    return render(request, "web/homecare/edit.html", context, status=400 if error else 200)


def _printable(request: HttpRequest, plan: HomePlan, *, back: str) -> HttpResponse:
    record(request.user, "homeplan.viewed", plan)
    client = plan.client
    context = {
        "nav": "portal" if back == "portal" else "clients",
        "plan": plan,
        "client": client,
        "clinic": client.clinic,
        "lines": homecare.plan_lines(plan),
        "advice": homecare.advice_lines(plan),
        "day": (
            visit_day(plan.visit)
            if plan.visit
            else plan.created_at.astimezone(client.clinic.zone).date()
        ),
        "back": back,
    }
    return render(request, "web/homecare/plan.html", context)


@policy.require_role("therapist", "owner")
@require_safe
def staff_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The plan as the client gets it, to print in the treatment room."""
    plans = policy.visible_home_plans(request.user).select_related("client__clinic")
    return _printable(request, get_object_or_404(plans, pk=plan_id), back="staff")


@policy.require_role("client")
@require_safe
def my_plan(request: HttpRequest) -> HttpResponse:
    """The signed-in client's latest home plan."""
    client = policy.client_of(request.user)
    if client is None:
        raise Http404("No client record.")
    plans = policy.visible_home_plans(request.user).select_related("client__clinic")
    plan = plans.filter(client=client).order_by("-created_at", "-pk").first()
    if plan is None:
        return render(request, "web/homecare/none.html", {"nav": "portal"})
    return _printable(request, plan, back="portal")
