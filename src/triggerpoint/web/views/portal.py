"""The client portal: my visits, cancel or move them, my intake drawing, my progress and
the page of my data (the downloads and erasure themselves: privacy.py).

The portal is split into short pages a thumb reaches from one section bar (visits,
progress, home plan, diary, my data) rather than one page thousands of pixels tall.

Signed-in clients only. Every appointment is looked up through the policy's visible
set, so another client's id answers 404 exactly like one that does not exist. Each page
that shows the client's record is written to the audit trail.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.bodymap.svg import render_svg
from triggerpoint.clinic.booking.appointments import cancel as cancel_booking
from triggerpoint.clinic.booking.appointments import reschedule
from triggerpoint.clinic.booking.policy import Door, Rules
from triggerpoint.clinic.errors import BookingError, SlotTakenError
from triggerpoint.clinic.models import Appointment, Client, Clinic, PainDrawing, Status
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.people.contact import call_the_clinic
from triggerpoint.clinic.privacy.audit import record
from triggerpoint.clinic.treatment.intake import mark_params, parse_drawing
from triggerpoint.web.slots import (
    bookable_days,
    day_label,
    free_slots,
    nearest_slots,
    slot_choices,
    today,
    zone_label,
)


def _contact_note(clinic: Clinic) -> str:
    return f"Your visit is too soon to change here. Please {call_the_clinic(clinic)}."


PORTAL = Rules(Door.PORTAL)


def _client(request: HttpRequest) -> Client:
    client = policy.client_of(request.user)
    if client is None:  # require_role("client") already made sure; this narrows the type
        raise Http404("No client record.")
    return client


def _appointments(request: HttpRequest) -> Any:
    # A time held for a waitlist offer is not a visit until the client accepts it.
    return (
        policy.visible_appointments(request.user)
        .exclude(status=Status.HELD)
        .select_related("service__clinic", "therapist")
    )


def _appointment(request: HttpRequest, appointment_id: int) -> Appointment:
    appointment: Appointment = get_object_or_404(_appointments(request), pk=appointment_id)
    policy.check(policy.can_change_appointment(request.user, appointment))
    record(request.user, "appointment.viewed", appointment)
    return appointment


def _row(appointment: Appointment, now: datetime) -> dict[str, Any]:
    clinic = appointment.service.clinic
    local = appointment.start.astimezone(clinic.zone)
    return {
        "appointment": appointment,
        "when": day_label(local.date()),
        "time": f"{local:%H:%M}",
        "zone": zone_label(clinic, local),
        "may_change": policy.notice_allows_change(appointment, now),
        "notice_hours": clinic.cancellation_notice_hours,
    }


def _intake(appointment: Appointment) -> dict[str, Any]:
    drawing = appointment.drawings.order_by("-created_at", "-pk").first()
    query = urlencode(
        [("visit", appointment.pk), *(("mark", m) for m in mark_params(drawing.mark_list))]
        if drawing
        else [("visit", appointment.pk)]
    )
    edit_url = f"{reverse('web:find')}?{query}"
    if drawing is None or not any(drawing.heat_values().values()):
        return {"drawing": drawing, "svg": "", "edit_url": edit_url}
    svg = render_svg(
        drawing.heat_values(), focus=True, id_prefix="intake-", title="Your intake drawing"
    )
    regions = fine_regions()
    marks = [
        f"{regions[m['region']].full_label}: {m['intensity']}/10, {m['quality']}"
        for m in sorted(drawing.mark_list, key=lambda m: -m["intensity"])
        if m["intensity"] > 0
    ]
    return {"drawing": drawing, "svg": svg, "marks": marks, "edit_url": edit_url}


@require_safe
@policy.require_role("client")
def index(request: HttpRequest) -> HttpResponse:
    client = _client(request)
    now = timezone.now()
    rows = list(_appointments(request).order_by("start"))
    upcoming = [a for a in rows if a.status == Status.BOOKED and a.end >= now]
    coming = {a.pk for a in upcoming}
    past = [a for a in reversed(rows) if a.pk not in coming]
    next_visit = upcoming[0] if upcoming else None
    record(request.user, "client.viewed", client)
    context = {
        "nav": "portal",
        "section": "visits",
        "client": client,
        "upcoming": [_row(a, now) for a in upcoming],
        "past": [_row(a, now) for a in past],
        "next_visit": _row(next_visit, now) if next_visit else None,
        "intake": _intake(next_visit) if next_visit else None,
    }
    return render(request, "web/portal/index.html", context)


@require_safe
@policy.require_role("client")
def progress(request: HttpRequest) -> HttpResponse:
    """The client's own outcome charts: pain, thresholds, their diary ratings."""
    client = _client(request)
    record(request.user, "client.viewed", client)
    context = {"nav": "portal", "section": "progress", "client": client}
    return render(request, "web/portal/progress.html", context)


@require_safe
@policy.require_role("client")
def my_data(request: HttpRequest) -> HttpResponse:
    """Where the client downloads their record or asks for it to be erased."""
    client = _client(request)
    context = {"nav": "portal", "section": "my-data", "client": client}
    return render(request, "web/portal/my_data.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@policy.require_role("client")
def cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = _appointment(request, appointment_id)
    now = timezone.now()
    error = ""
    if request.method == "POST":
        if not policy.client_may_change(request.user, appointment, now):
            error = _contact_note(appointment.service.clinic)
        else:
            try:
                cancel_booking(appointment, actor=request.user, rules=PORTAL, now=now)
            except BookingError as refused:
                error = str(refused).capitalize() + "."
            else:
                messages.success(request, "Your visit is cancelled.")
                return redirect("web:portal")
    context = {"nav": "portal", **_row(appointment, now), "error": error}
    return render(request, "web/portal/cancel.html", context, status=409 if error else 200)


def _days(appointment: Appointment, now: datetime) -> list[dict[str, Any]]:
    base = reverse("web:portal-move", args=[appointment.pk])
    days = []
    for day in bookable_days(appointment.service.clinic, now, PORTAL):
        days.append({"day": day, "label": day_label(day), "url": f"{base}?day={day.isoformat()}"})
    return days


@require_http_methods(["GET", "HEAD", "POST"])
@policy.require_role("client")
def move(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Pick another day, then another time with the same therapist."""
    appointment = _appointment(request, appointment_id)
    service, clinic = appointment.service, appointment.service.clinic
    now = timezone.now()
    error = ""
    chosen: date | None = None
    slots = []
    blocked = not policy.client_may_change(request.user, appointment, now)
    if blocked:
        error = _contact_note(clinic)
    elif request.method == "POST":
        try:
            start = datetime.fromisoformat(request.POST.get("start", ""))
            if start.tzinfo is None:
                raise ValueError("no time zone")
        except ValueError:
            error = "Please choose one of the times shown."
        else:
            try:
                reschedule(appointment, start, actor=request.user, now=now, rules=PORTAL)
            except BookingError as refused:
                error = (
                    "That time was just taken. Here are the nearest free times."
                    if isinstance(refused, SlotTakenError)
                    else str(refused).capitalize() + "."
                )
                slots = nearest_slots(
                    service,
                    appointment.therapist,
                    start,
                    now,
                    rules=PORTAL,
                    client=appointment.client,
                    exclude_appointment=appointment.pk,
                )
            else:
                messages.success(request, "Your visit is moved.")
                return redirect("web:portal")
    else:
        try:
            chosen = date.fromisoformat(request.GET["day"]) if "day" in request.GET else None
        except ValueError:
            chosen = None
        if chosen is not None:
            slots = [
                s
                for s in free_slots(
                    service,
                    chosen,
                    appointment.therapist,
                    now,
                    PORTAL,
                    client=appointment.client,
                    exclude_appointment=appointment.pk,
                )
                if s.start != appointment.start
            ]
    context = {
        "nav": "portal",
        **_row(appointment, now),
        "error": error,
        "action": reverse("web:portal-move", args=[appointment.pk]),
        "back_url": reverse("web:portal"),
        "back_label": "Back to my visits",
        "days": [] if blocked else _days(appointment, now),
        "chosen": day_label(chosen) if chosen else "",
        "slots": slot_choices(slots, clinic.zone),
        "slot_zone": zone_label(
            clinic, datetime.combine(chosen or today(clinic, now), time(12), tzinfo=clinic.zone)
        ),
    }
    return render(request, "web/booking/move.html", context, status=409 if error else 200)


@require_POST
@policy.require_role("client")
def drawing(request: HttpRequest) -> HttpResponse:
    """The body map page posts an edited intake drawing for one upcoming visit here."""
    raw_id = request.POST.get("appointment", "")
    if not raw_id.isdecimal():
        raise Http404("No such visit.")
    appointment = _appointment(request, int(raw_id))
    if appointment.status != Status.BOOKED or appointment.end < timezone.now():
        messages.error(request, "That visit has passed; its drawing can no longer change.")
        return redirect("web:portal")
    try:
        marks = parse_drawing(request.POST.get("drawing") or '{"marks": []}')
    except ValidationError as error:
        messages.error(request, f"Your drawing could not be saved: {error.messages[0]}.")
        return redirect("web:portal")
    if not marks:
        messages.error(request, "Mark at least one place on the body map, then save.")
        return redirect(f"{reverse('web:find')}?visit={appointment.pk}")
    saved = PainDrawing.for_visit(appointment, marks)
    record(request.user, "paindrawing.created", saved)
    messages.success(request, "Your drawing is saved for your next visit.")
    return redirect("web:portal")
