"""The front desk, on the staff schedule: book a visit (or a weekly series) for a known or
a new client, move it to a free time, cancel it with a reason, mark arrived, completed
or no-show.

Pages only: the rules are clinic.booking.policy's for the front desk's door (staff may
waive the notice with a tick, never the slot grid or an overlap), the changes are
clinic.booking.appointments's and clinic.booking.front_desk's, audited there. Who may act on what is
clinic/people/access.py's: the schedules a user may open, their own clinic's clients and services.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from triggerpoint.clinic.booking.appointments import Guest, cancel, mark_attendance, reschedule
from triggerpoint.clinic.booking.availability import Slot
from triggerpoint.clinic.booking.front_desk import book_at_desk, desk_rules
from triggerpoint.clinic.booking.policy import ATTENDANCE, attendance_error, validate_guest
from triggerpoint.clinic.errors import BookingError, GuestDetailsError, SeriesConflictError
from triggerpoint.clinic.models import Appointment, Client, Service, Staff
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy.audit import record, record_list
from triggerpoint.web.slots import day_label, free_slots, zone_label

MAX_FOUND = 20
MARK_LABELS = {"arrived": "Arrived", "completed": "Completed", "no_show": "No-show"}


def _me(request: HttpRequest) -> Staff:
    staff = policy.staff_of(request.user)
    if staff is None:  # require_role let only staff through
        raise Http404
    return staff


def _pick(rows: Any, raw: str | None) -> Any:
    if raw and raw.isdecimal():
        return rows.filter(pk=int(raw)).first()
    return None


def _day(raw: str | None, fallback: date) -> date:
    try:
        return date.fromisoformat(raw or "")
    except ValueError:
        return fallback


def _start(raw: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _slot_rows(slots: list[Slot], zone: Any) -> list[dict[str, str]]:
    return [
        {"value": s.start.isoformat(), "label": f"{s.start.astimezone(zone):%H:%M}"} for s in slots
    ]


def _schedule_url(therapist: Staff, day: date) -> str:
    query = {"therapist": str(therapist.pk), "date": day.isoformat(), "view": "day"}
    return f"{reverse('web:schedule')}?{urlencode(query)}"


def _found_clients(request: HttpRequest, me: Staff, query: str) -> list[Client]:
    if not query:
        return []
    found = policy.visible_clients(request.user).order_by("name")
    found = found.filter(name__icontains=query) | found.filter(email__icontains=query)
    # Names the clinic, never the search words (they may be a name).
    record_list(request.user, "clients.searched", me.clinic_id)
    return list(found[:MAX_FOUND])


def _guest(data: QueryDict) -> Guest:
    return Guest(
        data.get("name", ""),
        data.get("email", ""),
        data.get("phone", ""),
        consent=data.get("consent") == "on",
    )


@policy.require_role("therapist", "owner")
@require_http_methods(["GET", "HEAD", "POST"])
def book(request: HttpRequest) -> HttpResponse:
    """Choose service, therapist and day (GET), then a free time and the client (POST)."""
    me = _me(request)
    zone = me.clinic.zone
    now = timezone.now()
    data = request.POST if request.method == "POST" else request.GET
    services = policy.desk_services(request.user).order_by("name")
    therapists = policy.desk_therapists(request.user).order_by("display_name")
    service: Service | None = _pick(services, data.get("service"))
    therapist: Staff | None = _pick(therapists, data.get("therapist"))
    if request.method == "POST" and (service is None or therapist is None):
        # A posted choice outside the user's clinic or schedules is refused, never replaced.
        return render(
            request,
            "web/frontdesk/book.html",
            {"nav": "schedule", "error": "Choose a service and a therapist from the lists."},
            status=400,
        )
    service = service or services.first()
    therapist = therapist or therapists.first()
    day = _day(data.get("date"), now.astimezone(zone).date())
    query = data.get("q", "").strip()[:100]
    override = data.get("override_notice") == "on"
    errors: dict[str, str] = {}
    error, conflicts = "", []
    status = 200
    if request.method == "POST" and service is not None and therapist is not None:
        start = _start(data.get("start", ""))
        weeks = int(data["weeks"]) if data.get("weeks", "1").isdecimal() else 0
        who: Client | Guest | None = None
        if data.get("client", "new") == "new":
            guest = _guest(data)
            try:
                validate_guest(guest.name, guest.email, guest.phone, guest.consent)
                who = guest
            except GuestDetailsError as refused:
                errors = refused.errors
        else:
            who = _pick(policy.visible_clients(request.user), data.get("client"))
            if who is None:
                errors["client"] = "choose a client from the list, or a new client"
        if start is None:
            errors["start"] = "choose one of the free times"
        if not 1 <= weeks <= 52:
            errors["weeks"] = "a series runs for 1 to 52 weeks"
        if not errors and who is not None and start is not None:
            try:
                made = book_at_desk(
                    service=service,
                    therapist=therapist,
                    start=start,
                    client=who,
                    weeks=weeks,
                    override_notice=override,
                    actor=request.user,
                    now=now,
                )
            except SeriesConflictError as refused:
                conflicts = [day_label(d) for d in refused.dates]
                error = "Nothing was booked: these dates are not free."
            except BookingError as refused:
                error = f"Not booked: {refused}."
            else:
                first = made.appointments[0]
                count = len(made.appointments)
                messages.success(
                    request,
                    f"Booked {made.client.name}: {count} visit{'s' * (count != 1)} from "
                    f"{day_label(first.start.astimezone(zone).date())} "
                    f"{first.start.astimezone(zone):%H:%M}.",
                )
                return redirect(_schedule_url(therapist, first.start.astimezone(zone).date()))
        status = 400 if errors else 409
    slots: list[Slot] = []
    if service is not None and therapist is not None:
        slots = free_slots(service, day, therapist, now, desk_rules(override))
    context = {
        "nav": "schedule",
        "services": services,
        "therapists": therapists,
        "service": service,
        "therapist": therapist,
        "day": day,
        "day_label": day_label(day),
        "zone": zone_label(me.clinic, datetime.combine(day, datetime.min.time(), tzinfo=zone)),
        "slots": _slot_rows(slots, zone),
        "chosen_start": data.get("start", ""),
        "query": query,
        "found": _found_clients(request, me, query),
        "chosen_client": data.get("client", "new"),
        "posted": data if request.method == "POST" else {},
        "weeks": data.get("weeks", "1"),
        "override": override,
        "errors": errors,
        "error": error,
        "conflicts": conflicts,
        "back_url": _schedule_url(therapist, day) if therapist else reverse("web:schedule"),
    }
    return render(request, "web/frontdesk/book.html", context, status=status)


def _appointment(request: HttpRequest, appointment_id: int) -> Appointment:
    rows = policy.desk_appointments(request.user).select_related(
        "service__clinic", "therapist", "client", "room"
    )
    found: Appointment = get_object_or_404(rows, pk=appointment_id)
    return found


def _appointment_page(
    request: HttpRequest, appointment: Appointment, error: str = "", status: int = 200
) -> HttpResponse:
    clinic = appointment.service.clinic
    zone = clinic.zone
    now = timezone.now()
    local = appointment.start.astimezone(zone)
    move_day = _day(request.GET.get("day"), local.date())
    override = request.GET.get("override_notice") == "on"
    slots = []
    if appointment.status == "booked":
        slots = [
            s
            for s in free_slots(
                appointment.service,
                move_day,
                appointment.therapist,
                now,
                desk_rules(override),
                client=appointment.client,
                exclude_appointment=appointment.pk,
            )
            if s.start != appointment.start
        ]
    marks = [
        {"value": mark, "label": label, "why": attendance_error(appointment, mark, now)}
        for mark, label in MARK_LABELS.items()
    ]
    record(request.user, "appointment.viewed", appointment)
    context = {
        "nav": "schedule",
        "appointment": appointment,
        "when": day_label(local.date()),
        "time": f"{local:%H:%M}–{appointment.end.astimezone(zone):%H:%M}",
        "zone": zone_label(clinic, local),
        "arrived": appointment.arrived_at.astimezone(zone) if appointment.arrived_at else None,
        "marks": marks,
        "move_day": move_day,
        "move_label": day_label(move_day),
        "slots": _slot_rows(slots, zone),
        "override": override,
        "error": error,
        "back_url": _schedule_url(appointment.therapist, local.date()),
    }
    return render(request, "web/frontdesk/appointment.html", context, status=status)


@policy.require_role("therapist", "owner")
@require_http_methods(["GET", "HEAD"])
def appointment(request: HttpRequest, appointment_id: int) -> HttpResponse:
    return _appointment_page(request, _appointment(request, appointment_id))


def _done(request: HttpRequest, appointment: Appointment, text: str) -> HttpResponse:
    messages.success(request, text)
    return redirect("web:desk-appointment", appointment_id=appointment.pk)


@policy.require_role("therapist", "owner")
@require_POST
def move(request: HttpRequest, appointment_id: int) -> HttpResponse:
    booked = _appointment(request, appointment_id)
    start = _start(request.POST.get("start", ""))
    if start is None:
        return _appointment_page(request, booked, "Choose one of the free times.", 400)
    rules = desk_rules(request.POST.get("override_notice") == "on")
    try:
        moved = reschedule(booked, start, actor=request.user, rules=rules)
    except BookingError as refused:
        return _appointment_page(request, booked, f"Not moved: {refused}.", 409)
    zone = moved.service.clinic.zone
    local = moved.start.astimezone(zone)
    return _done(request, moved, f"Moved to {day_label(local.date())} {local:%H:%M}.")


@policy.require_role("therapist", "owner")
@require_POST
def cancel_visit(request: HttpRequest, appointment_id: int) -> HttpResponse:
    booked = _appointment(request, appointment_id)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        return _appointment_page(request, booked, "Give a reason for the cancellation.", 400)
    rules = desk_rules(request.POST.get("override_notice") == "on")
    try:
        cancel(booked, reason=reason, actor=request.user, rules=rules)
    except BookingError as refused:
        return _appointment_page(request, booked, f"Not cancelled: {refused}.", 409)
    return _done(request, booked, "Cancelled.")


@policy.require_role("therapist", "owner")
@require_POST
def mark(request: HttpRequest, appointment_id: int) -> HttpResponse:
    booked = _appointment(request, appointment_id)
    chosen = request.POST.get("mark", "")
    if chosen not in ATTENDANCE:
        return _appointment_page(request, booked, "Choose arrived, completed or no-show.", 400)
    try:
        mark_attendance(booked, chosen, actor=request.user)
    except BookingError as refused:
        return _appointment_page(request, booked, f"Not marked: {refused}.", 409)
    return _done(request, booked, f"Marked {MARK_LABELS[chosen].lower()}.")
