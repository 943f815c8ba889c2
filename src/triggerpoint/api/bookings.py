"""Guest bookings and cancellation by the signed token sent to the client."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Header, Router, Status
from ninja.errors import HttpError
from ninja.utils import check_csrf

from triggerpoint.api import lookups
from triggerpoint.api.schemas import BookingIn, BookingOut, CancelIn, FieldErrors, Message
from triggerpoint.api.throttle import BookingRateThrottle
from triggerpoint.clinic.booking.appointments import Guest, book, cancel
from triggerpoint.clinic.booking.policy import Door, Rules
from triggerpoint.clinic.models import Appointment
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.people.sites import site_clinic
from triggerpoint.clinic.privacy import tokens

router = Router(tags=["bookings"])
API = Rules(Door.API)


def booking_out(appointment: Appointment) -> BookingOut:
    zone = appointment.service.clinic.zone
    token = tokens.cancel_token(appointment.pk)
    return BookingOut(
        id=appointment.pk,
        service=appointment.service_id,
        therapist=appointment.therapist_id,
        start=appointment.start.astimezone(zone),
        end=appointment.end.astimezone(zone),
        status=appointment.status,
        cancel_token=token,
        calendar_url=f"/api/v1/calendar/bookings/{appointment.pk}.ics"
        f"?token={tokens.calendar_token(appointment.pk)}",
    )


@router.post(
    "",
    response={
        201: BookingOut,
        400: Message,
        404: Message,
        409: Message,
        415: Message,
        422: FieldErrors,
        429: Message,
    },
    throttle=[BookingRateThrottle()],
)
def create(
    request: HttpRequest,
    response: HttpResponse,
    payload: BookingIn,
    idempotency_key: str = Header(..., alias="Idempotency-Key", min_length=8, max_length=200),
) -> Status:
    """Book as a guest. Retrying with the same Idempotency-Key returns the first booking."""
    # Only the services and therapists of this site's clinic (clinic/people/sites.py) are found.
    site = site_clinic(request)
    service = lookups.service(payload.service, clinic=site)
    therapist = lookups.therapist(payload.therapist, clinic=site)
    booked = book(
        service=service,
        therapist=therapist,
        start=payload.start,
        client=Guest(payload.name, payload.email, payload.phone, consent=payload.consent),
        idempotency_key=idempotency_key,
        rules=API,
    )
    if not booked.created:
        response["Idempotent-Replayed"] = "true"
    out = booking_out(booked.appointment)
    # The booking's one readable address: its calendar entry, opened by the token.
    response["Location"] = out.calendar_url
    return Status(201, out)


@router.post(
    "/{booking_id}/cancel",
    response={
        200: BookingOut,
        400: Message,
        403: Message,
        404: Message,
        409: Message,
        415: Message,
        422: FieldErrors,
    },
)
def cancel_booking(request: HttpRequest, booking_id: int, payload: CancelIn) -> BookingOut:
    """Cancel with the token from the confirmation, or signed in as someone who may see the
    booking; the clinic's notice period applies."""
    by_link = policy.booking_of_link(payload.token) == booking_id
    if not by_link and request.user.is_authenticated and check_csrf(request) is not None:
        # Signed in by the session cookie, which a page on another site can make the
        # browser send: such a request must carry the CSRF token (X-CSRFToken header).
        raise HttpError(403, "signed-in requests need the CSRF token in X-CSRFToken")
    if not policy.may_cancel_booking(request.user, booking_id, payload.token):
        raise HttpError(403, "this link does not allow cancelling that booking")
    appointment = get_object_or_404(
        Appointment.objects.select_related("service__clinic"), pk=booking_id
    )
    cancelled = cancel(appointment, reason=payload.reason, actor=request.user, rules=API)
    return booking_out(cancelled)
