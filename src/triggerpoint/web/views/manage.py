"""Moving a booking from the link in its emails, without an account.

The link carries the booking's signed cancel token (the same that opens the cancel page):
a GET lists the days, then the free times with the same therapist; only a POST from this
page moves it. The clinic's notice rule applies as on every other door, and the client
gets an update email with the new time once the move is committed (clinic/booking/appointments.py).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from triggerpoint.clinic.booking.appointments import reschedule
from triggerpoint.clinic.errors import BookingError, SlotTakenError
from triggerpoint.clinic.models import Appointment
from triggerpoint.clinic.people import access as policy
from triggerpoint.web.slots import (
    bookable_days,
    day_label,
    free_slots,
    nearest_slots,
    slot_choices,
    today,
    zone_label,
)


def _linked(token: str) -> Appointment:
    appointment_id = policy.booking_of_link(token)
    if appointment_id is None:
        raise Http404("This link is not valid. Please use the link from your confirmation.")
    related = Appointment.objects.select_related("service__clinic", "therapist", "client")
    return get_object_or_404(related, pk=appointment_id)


def _start(raw: str) -> datetime | None:
    try:
        start = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return start if start.tzinfo is not None else None


@require_http_methods(["GET", "HEAD", "POST"])
def move_by_link(request: HttpRequest, token: str) -> HttpResponse:
    appointment = _linked(token)
    service, clinic = appointment.service, appointment.service.clinic
    now = timezone.now()
    here = reverse("web:book-move", args=[token])
    error = ""
    chosen: date | None = None
    slots = []
    allowed = policy.notice_allows_change(appointment, now)
    if not allowed:
        error = (
            f"This visit can no longer be moved online ({clinic.cancellation_notice_hours} "
            f"hours' notice). Please call {clinic.name}"
            f"{f' on {clinic.phone}' if clinic.phone else ''}"
            f"{f' or email {clinic.email}' if clinic.email else ''}."
        )
    elif request.method == "POST":
        start = _start(request.POST.get("start", ""))
        if start is None:
            error = "Please choose one of the times shown."
        else:
            try:
                reschedule(appointment, start, actor=request.user, now=now)
            except BookingError as refused:
                error = (
                    "That time was just taken. Here are the nearest free times."
                    if isinstance(refused, SlotTakenError)
                    else str(refused).capitalize() + "."
                )
                slots = nearest_slots(service, appointment.therapist, start, now)
            else:
                messages.success(
                    request, "Your visit is moved. An email with the new time is on its way."
                )
                return redirect("web:book-cancel", token=token)
    else:
        try:
            chosen = date.fromisoformat(request.GET["day"]) if "day" in request.GET else None
        except ValueError:
            chosen = None
        if chosen is not None:
            slots = [
                s
                for s in free_slots(service, chosen, appointment.therapist, now)
                if s.start != appointment.start
            ]
    local = appointment.start.astimezone(clinic.zone)
    first = today(clinic, now)
    days = [
        {"label": day_label(d), "url": f"{here}?day={d.isoformat()}"}
        for d in bookable_days(clinic, now)  # the horizon: clinic.booking.policy
    ]
    context = {
        "nav": "book",
        "appointment": appointment,
        "when": day_label(local.date()),
        "time": f"{local:%H:%M}",
        "zone": zone_label(clinic, local),
        "error": error,
        "action": here,
        "days": days if allowed else [],
        "chosen": day_label(chosen) if chosen else "",
        "slots": slot_choices(slots, clinic.zone),
        "slot_zone": zone_label(
            clinic, datetime.combine(chosen or first, time(12), tzinfo=clinic.zone)
        ),
        "back_url": reverse("web:book-cancel", args=[token]),
    }
    # Showing a booking that can no longer move is a page like any other; a refused POST is
    # a conflict.
    conflict = bool(error) and request.method == "POST"
    return render(request, "web/booking/move.html", context, status=409 if conflict else 200)
