"""The therapist's session screen as a page: the JSON state rendered once, the plan's
points with where to press, and one findings form per examined point.

Shared by the screen's view (web/views/session.py) and the findings view
(web/views/session_findings.py), which shows the screen again with a refused form.
Not a view module.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from triggerpoint.atlas import TriggerPoint, load_atlas
from triggerpoint.bodymap.regions import fine_regions, region
from triggerpoint.clinic.models import Finding, Visit
from triggerpoint.clinic.treatment import findings
from triggerpoint.clinic.treatment.findings import FindingInput
from triggerpoint.clinic.treatment.sessions import Live
from triggerpoint.web.session_state import ACTION_LABELS, POLL_MS, point_name, therapist_state


def set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def render_screen(
    request: HttpRequest, visit: Visit, live: Live, bound: FindingForm | None = None
) -> HttpResponse:
    state = therapist_state(live)
    context = {
        "nav": "schedule",
        "visit": visit,
        "state": state,
        "poll_ms": POLL_MS,
        "plan_points": _plan_points(visit, live, state["statuses"]),
        "locate_choices": [(p["id"], p["name"]) for p in state["plan"]],
        "actions": ACTION_LABELS,
        "scale": range(11),
        "findings": finding_forms(visit, live, bound),
        "join_url": request.build_absolute_uri(reverse("web:join")),
    }
    with timezone.override(visit.client.clinic.zone):
        return render(request, "web/session/therapist.html", context, status=400 if bound else 200)


def _plan_points(visit: Visit, live: Live, statuses: dict[str, str]) -> list[dict[str, Any]]:
    atlas = load_atlas()
    rows = []
    for point in findings.examined_points(visit, live.session):
        tp = atlas.trigger_points.get(point)
        if tp is None:
            continue
        rows.append(
            {
                "id": point,
                "name": point_name(tp),
                "find_it": tp.find_it,
                "muscle": tp.muscle,
                "status": statuses.get(point, "planned" if point in live.session.plan else ""),
            }
        )
    return rows


class FindingForm(forms.Form):
    trigger_point = forms.CharField(widget=forms.HiddenInput, max_length=100)
    taut_band = forms.BooleanField(required=False, label="Taut band")
    spot_tenderness = forms.BooleanField(required=False, label="Spot tenderness")
    recognised = forms.BooleanField(required=False, label="Client recognises the pain")
    local_twitch = forms.BooleanField(required=False, label="Local twitch response")
    referral = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    referral_other = forms.MultipleChoiceField(
        required=False, label="Other regions", widget=forms.SelectMultiple(attrs={"size": 5})
    )
    ppt_1 = forms.FloatField(required=False, min_value=0, label="Trial 1")
    ppt_2 = forms.FloatField(required=False, min_value=0, label="Trial 2")
    ppt_3 = forms.FloatField(required=False, min_value=0, label="Trial 3")
    note = forms.CharField(
        required=False, max_length=findings.MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, point: TriggerPoint, **kwargs: Any) -> None:
        # One form per examined point on the same page: ids carry the point, so each
        # label points at its own form's field.
        kwargs.setdefault("auto_id", f"finding-{point.id}-%s")
        super().__init__(*args, **kwargs)
        zones = list(dict.fromkeys((*point.essential, *point.spillover, *point.local)))
        set_choices(self, "referral", [(r, region(r).full_label) for r in zones])
        self.fields["referral"].label = "Referral evoked to"
        others = sorted((r.full_label, r.id) for r in fine_regions().values() if r.id not in zones)
        set_choices(self, "referral_other", [(rid, label) for label, rid in others])
        for name in ("ppt_1", "ppt_2", "ppt_3"):
            self.fields[name].widget.attrs.update({"step": "0.1", "inputmode": "decimal"})

    def finding(self) -> FindingInput:
        data = self.cleaned_data
        trials = [data[name] for name in ("ppt_1", "ppt_2", "ppt_3") if data[name] is not None]
        return FindingInput(
            trigger_point=data["trigger_point"],
            taut_band=data["taut_band"],
            spot_tenderness=data["spot_tenderness"],
            recognised=data["recognised"],
            local_twitch=data["local_twitch"],
            referral_regions=(*data["referral"], *data["referral_other"]),
            ppt_trials=tuple(trials),
            note=data["note"],
        )


def _initial(finding: Finding | None, point: str) -> dict[str, Any]:
    if finding is None:
        return {"trigger_point": point}
    trials = [*finding.ppt_trials, None, None, None]
    return {
        "trigger_point": point,
        "taut_band": finding.taut_band,
        "spot_tenderness": finding.spot_tenderness,
        "recognised": finding.recognised,
        "local_twitch": finding.local_twitch,
        "referral": finding.referral_regions,
        "referral_other": finding.referral_regions,
        "ppt_1": trials[0],
        "ppt_2": trials[1],
        "ppt_3": trials[2],
        "note": finding.note,
    }


def finding_forms(
    visit: Visit, live: Live, bound: FindingForm | None = None
) -> list[dict[str, Any]]:
    atlas = load_atlas()
    found = {f.trigger_point: f for f in visit.findings.all()}
    rows = []
    for point in findings.examined_points(visit, live.session):
        tp = atlas.trigger_points.get(point)
        if tp is None:
            continue
        if bound is not None and bound.data.get("trigger_point") == point:
            form = bound
        else:
            form = FindingForm(initial=_initial(found.get(point), point), point=tp)
        rows.append({"id": point, "name": point_name(tp), "form": form, "saved": found.get(point)})
    return rows
