"""Calendar files: one booking's .ics, and a therapist's tokenized feed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.errors import HttpError

from triggerpoint.api.schemas import FieldErrors, Message
from triggerpoint.clinic import tokens
from triggerpoint.clinic.models import Appointment, Staff
from triggerpoint.interop import calendar

router = Router(tags=["calendar"])


@router.get(
    "/bookings/{booking_id}.ics",
    response={200: None, 403: Message, 404: Message, 422: FieldErrors},
)
def booking_ics(request: HttpRequest, booking_id: int, token: str) -> HttpResponse:
    if tokens.read(tokens.CANCEL, token) != booking_id:
        raise HttpError(403, "this link does not open that booking")
    appointment = get_object_or_404(
        Appointment.objects.select_related("service__clinic", "therapist", "room"), pk=booking_id
    )
    return HttpResponse(calendar.booking_ics(appointment), content_type=calendar.CONTENT_TYPE)


@router.get(
    "/therapists/{token}.ics",
    response={200: None, 403: Message, 404: Message, 422: FieldErrors},
)
def therapist_feed(request: HttpRequest, token: str) -> HttpResponse:
    staff_id = tokens.read(tokens.FEED, token)
    if staff_id is None:
        raise HttpError(403, "this feed link is not valid")
    therapist = get_object_or_404(Staff.objects.select_related("clinic"), pk=staff_id)
    return HttpResponse(calendar.therapist_feed(therapist), content_type=calendar.CONTENT_TYPE)
