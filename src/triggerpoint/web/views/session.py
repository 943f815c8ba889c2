"""The treatment room: the therapist's session screen (the client's phone is in
`phone.py`).

The therapist's pages are for the staff of the visit's clinic; another clinic's visit
is a 404.

Both screens poll a small JSON state about twice a second (works behind any number of
app servers: every request reads the stored events) and post each tap as it happens,
so closing either browser loses nothing. Every form also works without JavaScript.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from triggerpoint.atlas import TriggerPoint, load_atlas
from triggerpoint.bodymap.regions import fine_regions, region
from triggerpoint.clinic.models import Appointment, Finding, Visit
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy.audit import record
from triggerpoint.clinic.treatment import sessions
from triggerpoint.clinic.treatment.health_intake import therapist_panel
from triggerpoint.clinic.treatment.sessions import FindingInput, Live, SessionError
from triggerpoint.protocol import Session, pacer, screen
from triggerpoint.protocol.prompts import RELEASE_WORDS

POLL_MS = 500

THERAPIST_PHASES = {
    "new": "Not started",
    "ready": "Between trigger points",
    "located": "Located: ready to press",
    "holding": "Pressure on",
    "resting": "Pressure off: rest",
    "stretching": "Stretch",
    "done": "Session finished",
}
CLIENT_PHASES = {
    "new": "Getting ready",
    "ready": "Relax: the therapist is finding the next spot",
    "located": "The therapist has found the spot",
    "holding": "Pressure on",
    "resting": "Pressure off: rest",
    "stretching": "Gentle stretch",
    "done": "Session finished. Thank you.",
}
ACTION_LABELS = {
    "locate": "Located",
    "press": "Press",
    "therapist_release": "Felt release",
    "rest_done": "Rest done",
    "stretch_done": "Stretch done",
    "skip": "Skip",
    "finish": "Finish session",
}


def point_name(tp: TriggerPoint) -> str:
    return f"{tp.side.capitalize()} {tp.name[0].lower()}{tp.name[1:]}"


def _name(point_id: str | None) -> str | None:
    if point_id is None:
        return None
    tp = load_atlas().trigger_points.get(point_id)
    return point_name(tp) if tp else point_id


def _now(session: Session) -> datetime:
    now = timezone.now()
    last = session.last_at
    return last if last is not None and last > now else now


def _seconds(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _stretch_of(point_id: str | None) -> dict[str, str] | None:
    atlas = load_atlas()
    tp = atlas.trigger_points.get(point_id or "")
    if tp is None:
        return None
    muscle = atlas.muscles[tp.muscle]
    if not muscle.stretches:
        return None
    stretch = atlas.stretches[muscle.stretches[0]]
    return {"name": stretch.name, "instructions": stretch.instructions}


def therapist_state(live: Live) -> dict[str, Any]:
    """Everything the therapist's screen shows, as JSON; the page renders it once too."""
    session = live.session
    now = _now(session)
    view = screen(session, now)
    words = sessions.last_words(session)
    settings = session.hold.settings if session.hold else session.settings
    hold = session.hold
    done = {p.trigger_point: p.status for p in session.points}
    return {
        "seq": live.seq,
        "ended": not live.visit.is_live,
        "phase": session.phase,
        "phase_label": THERAPIST_PHASES[session.phase],
        "point": session.current,
        "point_name": _name(session.current),
        "focus": _focus(session),
        "cycle": view.cycle,
        "cycles": view.cycles,
        "prompts": [{"code": p.code, "text": p.text} for p in view.prompts],
        "hold": None
        if hold is None
        else {
            "left": _seconds(view.hold_seconds_left),
            "cap_left": _seconds(view.cap_seconds_left),
            "elapsed": _seconds(hold.seconds_at(now)),
            "planned": settings.hold_seconds,
            "cap": settings.cap_seconds,
        },
        "rest_left": _seconds(view.rest_seconds_left),
        "stretch_left": _seconds(view.stretch_seconds_left),
        "stretch": _stretch_of(session.current) if session.phase == "stretching" else None,
        "breath": _breath(session, now),
        "intensity": words.intensity,
        "intensity_by": words.intensity_by,
        "stopped": words.stopped_at is not None,
        "ease_off": "ease_off" in view.codes,
        "allowed": list(sessions.allowed_actions(session, now)),
        "plan": [{"id": p, "name": _name(p)} for p in session.plan],
        "statuses": {
            **done,
            **({session.current: "current"} if session.current else {}),
            **({session.plan[0]: "next"} if session.plan and session.phase == "ready" else {}),
        },
        "holds": [
            {
                "point_name": _name(h.trigger_point),
                "cycle": h.cycle,
                "seconds": round(h.duration_seconds),
                "start": h.start_intensity,
                "lowest": h.lowest_intensity,
                "reason": RELEASE_WORDS[h.end_reason],
            }
            for h in session.holds
        ],
    }


def _focus(session: Session) -> dict[str, str] | None:
    """The point under the therapist's hand, or the next one to find, with where to press."""
    point = session.current or (
        session.plan[0] if session.phase == "ready" and session.plan else None
    )
    tp = load_atlas().trigger_points.get(point or "")
    if tp is None:
        return None
    heading = "Next" if session.current is None else "Now"
    return {"heading": heading, "name": point_name(tp), "find_it": tp.find_it}


def client_state(live: Live) -> dict[str, Any]:
    """The phone's share: the phase in plain words, the breathing cue and the last report."""
    session = live.session
    now = _now(session)
    words = sessions.last_words(session)
    return {
        "seq": live.seq,
        "ended": not live.visit.is_live,
        "phase": session.phase,
        "phase_label": CLIENT_PHASES[session.phase],
        "breath": _breath(session, now),
        "intensity": words.intensity,
        "stopped": words.stopped_at is not None,
    }


def _breath(session: Session, now: datetime) -> dict[str, Any] | None:
    """The pacer's timing for the hold under way; the page animates it between polls."""
    hold = session.hold
    if session.phase != "holding" or hold is None:
        return None
    rules = hold.settings
    elapsed = hold.seconds_at(now)
    period = 60.0 / rules.breaths_per_minute
    return {
        "period": period,
        "inhale": period * (1.0 - rules.exhale_share),
        "elapsed": _seconds(elapsed),
        "phase": pacer(elapsed, rules).phase,
    }


# The therapist's side


def _visit(request: HttpRequest, visit_id: int) -> Visit:
    visits = policy.session_visits(request.user).select_related("client", "therapist")
    visits = sessions.with_latest_seq(visits)
    visit: Visit = get_object_or_404(visits, pk=visit_id)
    return visit


def wants_json(request: HttpRequest) -> bool:
    return request.content_type == "application/json" or "json" in request.headers.get("Accept", "")


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class PlanForm(forms.Form):
    point = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    extra = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, suggested: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        points = load_atlas().trigger_points
        _set_choices(self, "point", [(p, point_name(points[p])) for p in suggested])
        self.fields["point"].initial = suggested
        others = sorted((point_name(tp), tp.id) for tp in points.values())
        _set_choices(
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
    visit = _visit(request, visit_id)
    live = sessions.settle(visit)
    record(request.user, "visit.session_viewed", visit)
    return _render_screen(request, visit, live)


def _render_screen(
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
        "findings": _finding_forms(visit, live, bound),
        "join_url": request.build_absolute_uri(reverse("web:join")),
    }
    with timezone.override(visit.client.clinic.zone):
        return render(request, "web/session/therapist.html", context, status=400 if bound else 200)


def _plan_points(visit: Visit, live: Live, statuses: dict[str, str]) -> list[dict[str, Any]]:
    atlas = load_atlas()
    rows = []
    for point in sessions.examined_points(visit, live.session):
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


@policy.require_role("therapist", "owner")
@require_safe
@never_cache
def session_state(request: HttpRequest, visit_id: int) -> JsonResponse:
    visit = _visit(request, visit_id)
    return JsonResponse(therapist_state(sessions.settle(visit)))


def int_or_none(raw: Any) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise SessionError("intensity must be a whole number 0-10")
    try:
        return int(str(raw))
    except ValueError:
        raise SessionError("intensity must be a whole number 0-10") from None


def posted_fields(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            raise SessionError("the request is not JSON") from None
        if not isinstance(body, dict):
            raise SessionError("the request must be a JSON object")
        return body
    return {key: request.POST.get(key) for key in ("kind", "intensity", "trigger_point")}


@policy.require_role("therapist", "owner")
@require_POST
def session_event(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _visit(request, visit_id)
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


# Findings


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
        required=False, max_length=sessions.MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, point: TriggerPoint, **kwargs: Any) -> None:
        # One form per examined point on the same page: ids carry the point, so each
        # label points at its own form's field.
        kwargs.setdefault("auto_id", f"finding-{point.id}-%s")
        super().__init__(*args, **kwargs)
        zones = list(dict.fromkeys((*point.essential, *point.spillover, *point.local)))
        _set_choices(self, "referral", [(r, region(r).full_label) for r in zones])
        self.fields["referral"].label = "Referral evoked to"
        others = sorted((r.full_label, r.id) for r in fine_regions().values() if r.id not in zones)
        _set_choices(self, "referral_other", [(rid, label) for label, rid in others])
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


def _finding_forms(
    visit: Visit, live: Live, bound: FindingForm | None = None
) -> list[dict[str, Any]]:
    atlas = load_atlas()
    found = {f.trigger_point: f for f in visit.findings.all()}
    rows = []
    for point in sessions.examined_points(visit, live.session):
        tp = atlas.trigger_points.get(point)
        if tp is None:
            continue
        if bound is not None and bound.data.get("trigger_point") == point:
            form = bound
        else:
            form = FindingForm(initial=_initial(found.get(point), point), point=tp)
        rows.append({"id": point, "name": point_name(tp), "form": form, "saved": found.get(point)})
    return rows


@policy.require_role("therapist", "owner")
@require_POST
def save_finding(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = _visit(request, visit_id)
    tp = load_atlas().trigger_points.get(request.POST.get("trigger_point", ""))
    if tp is None:
        raise Http404("No such trigger point.")
    form = FindingForm(request.POST, point=tp)
    if form.is_valid():
        try:
            sessions.save_finding(visit, form.finding(), request.user)
        except SessionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Finding saved: {point_name(tp)}.")
            return redirect(reverse("web:session", args=[visit.pk]) + f"#finding-{tp.id}")
    return _render_screen(request, visit, sessions.current(visit), bound=form)
