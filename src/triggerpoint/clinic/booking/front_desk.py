"""What the front desk does, as functions the pages call: book one visit or a weekly
series for a known or a new client, all or nothing.

The rules are the booking engine's (clinic.booking.appointments, clinic.booking.policy) for the
front desk's door; every change is audited there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from triggerpoint.clinic.booking.appointments import Guest, book, book_series
from triggerpoint.clinic.booking.policy import Door, Rules, validate_guest
from triggerpoint.clinic.models import Appointment, Client, Service, Staff
from triggerpoint.clinic.privacy.audit import Actor, record


def desk_rules(override_notice: bool) -> Rules:
    return Rules(Door.FRONT_DESK, override_notice=override_notice)


@dataclass(frozen=True)
class DeskBooking:
    client: Client
    appointments: list[Appointment]


def book_at_desk(
    *,
    service: Service,
    therapist: Staff,
    start: datetime,
    client: Client | Guest,
    weeks: int = 1,
    override_notice: bool = False,
    actor: Actor = None,
    now: datetime | None = None,
) -> DeskBooking:
    """One booking, or `weeks` weekly ones; a new client's record is made in the same
    transaction, so a refused series leaves neither bookings nor a stray record."""
    now = now or timezone.now()
    rules = desk_rules(override_notice)
    if weeks <= 1:
        booked = book(
            service=service, therapist=therapist, start=start, client=client, actor=actor,
            now=now, rules=rules,
        )  # fmt: skip
        return DeskBooking(booked.appointment.client, [booked.appointment])
    with transaction.atomic():
        if isinstance(client, Guest):
            details = validate_guest(client.name, client.email, client.phone)
            client = Client.objects.create(
                clinic=service.clinic,
                name=details.name,
                email=details.email,
                phone=details.phone,
                consent_given_at=now if client.consent else None,
            )
            record(actor, "client.created", client)
        series = book_series(
            service=service,
            therapist=therapist,
            first_start=start,
            weeks=weeks,
            client=client,
            actor=actor,
            now=now,
            rules=rules,
        )
        return DeskBooking(client, list(series.appointments.order_by("start")))
