"""Calendar files: one booking's .ics (its calendar token, not its cancel token), and a
therapist's feed (a link the therapist can reset from the schedule page)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.errors import HttpError

from triggerpoint.api.schemas import FieldErrors, Message
from triggerpoint.clinic.messaging import calendar_files as calendar
from triggerpoint.clinic.models import Appointment
from triggerpoint.clinic.people import access as policy

router = Router(tags=["calendar"])


@router.get(
    "/bookings/{booking_id}.ics",
    response={200: None, 403: Message, 404: Message, 422: FieldErrors},
)
def booking_ics(request: HttpRequest, booking_id: int, token: str) -> HttpResponse:
    if policy.booking_of_calendar_link(token) != booking_id:
        raise HttpError(403, "this link does not open that booking")
    appointment = get_object_or_404(
        Appointment.objects.select_related("service__clinic", "therapist", "room"), pk=booking_id
    )
    return HttpResponse(calendar.download_ics(appointment), content_type=calendar.CONTENT_TYPE)


@router.get(
    "/therapists/{token}.ics",
    response={200: None, 403: Message, 404: Message, 422: FieldErrors},
)
def therapist_feed(request: HttpRequest, token: str) -> HttpResponse:
    therapist = policy.therapist_of_feed(token)
    if therapist is None:
        raise HttpError(403, "this feed link is not valid (it may have been reset)")
    return HttpResponse(calendar.therapist_feed(therapist), content_type=calendar.CONTENT_TYPE)
