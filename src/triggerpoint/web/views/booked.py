"""The pages of a booking once it is made: its confirmation, calendar file and cancel link.

The browser that booked may reopen its confirmation (`web.booked_here`); anyone else
needs the signed link from it, and the calendar file opens by its own token. Moving a
booking by its link is `manage.py`'s.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from triggerpoint.clinic.booking.appointments import cancel
from triggerpoint.clinic.errors import BookingError
from triggerpoint.clinic.messaging.calendar_files import CONTENT_TYPE as ICS_CONTENT_TYPE
from triggerpoint.clinic.messaging.calendar_files import download_ics
from triggerpoint.clinic.messaging.links import absolute_url
from triggerpoint.clinic.models import Appointment
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy import tokens
from triggerpoint.clinic.treatment.health_intake import intake_token, latest_answers
from triggerpoint.web.booked_here import SESSION_BOOKED
from triggerpoint.web.slots import day_label, zone_label


def _appointment(appointment_id: int) -> Appointment:
    related = Appointment.objects.select_related("service__clinic", "therapist", "client")
    return get_object_or_404(related, pk=appointment_id)


@require_safe
def confirmed(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = _appointment(appointment_id)
    if not policy.can_see_booking(
        request.user, appointment, request.session.get(SESSION_BOOKED, [])
    ):
        raise Http404("No such booking.")
    clinic = appointment.service.clinic
    local = appointment.start.astimezone(clinic.zone)
    token = tokens.cancel_token(appointment.pk)
    context = {
        "nav": "book",
        "appointment": appointment,
        "clinic": clinic,
        "when": day_label(local.date()),
        "time": f"{local:%H:%M}",
        "ends": f"{appointment.end.astimezone(clinic.zone):%H:%M}",
        "zone": zone_label(clinic, local),
        "ics_url": reverse("web:book-calendar", args=[tokens.calendar_token(appointment.pk)]),
        "move_url": reverse("web:book-move", args=[token]),
        "cancel_url": absolute_url("web:book-cancel", token),
        "has_drawing": appointment.drawings.exists(),
        "intake_url": (
            None
            if latest_answers(appointment.client)
            else reverse("web:intake", args=[intake_token(appointment)])
        ),
        "signed_in": policy.client_of(request.user) is not None,
    }
    return render(request, "web/booking/confirmed.html", context)


def _linked(token: str) -> Appointment:
    appointment_id = policy.booking_of_link(token)
    if appointment_id is None:
        raise Http404("This link is not valid. Please use the link from your confirmation.")
    return _appointment(appointment_id)


@require_safe
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The plain download (METHOD:PUBLISH), opened by the calendar token only."""
    appointment_id = policy.booking_of_calendar_link(token)
    if appointment_id is None:
        raise Http404("This link is not valid. Please use the link from your confirmation.")
    appointment = _appointment(appointment_id)
    response = HttpResponse(download_ics(appointment), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="appointment-{appointment.pk}.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation: one page to confirm, one POST to cancel."""
    appointment = _linked(token)
    clinic = appointment.service.clinic
    now = timezone.now()
    error = ""
    status = 200
    if request.method == "POST":
        if not appointment.is_active:
            status = 410
        else:
            try:
                cancel(appointment, actor=request.user, enforce_notice=True, now=now)
            except BookingError as refused:
                error, status = str(refused), 409
            else:
                messages.success(request, "Your booking is cancelled.")
                return redirect("web:book-cancel", token=token)
        appointment.refresh_from_db()
    local = appointment.start.astimezone(clinic.zone)
    context = {
        "nav": "book",
        "appointment": appointment,
        "clinic": clinic,
        "when": day_label(local.date()),
        "time": f"{local:%H:%M}",
        "zone": zone_label(clinic, local),
        "may_cancel": policy.notice_allows_change(appointment, now),
        "move_url": reverse("web:book-move", args=[token]),
        "error": error,
    }
    return render(request, "web/booking/cancel.html", context, status=status)
