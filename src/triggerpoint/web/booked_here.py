"""The bookings this browser made, kept in its session, so it may reopen their
confirmation pages without an account (the booking pages and a waitlist offer's page)."""

from __future__ import annotations

from django.http import HttpRequest

SESSION_BOOKED = "booking.appointments"
KEPT = 20


def remember(request: HttpRequest, appointment_id: int) -> None:
    earlier = [pk for pk in request.session.get(SESSION_BOOKED, []) if pk != appointment_id]
    request.session[SESSION_BOOKED] = [*earlier[-(KEPT - 1) :], appointment_id]
