"""Every email the clinic sends goes through here (Django's email backend; console by default).

Tests read `django.core.mail.outbox`; deployments choose the backend with EMAIL_BACKEND.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse

from triggerpoint.clinic import tokens
from triggerpoint.clinic.models import Appointment, Client, WaitlistOffer
from triggerpoint.interop.calendar import booking_ics


def send_reminder(appointment: Appointment) -> None:
    clinic = appointment.service.clinic
    local = appointment.start.astimezone(clinic.zone)
    token = tokens.cancel_token(appointment.pk)
    body = (
        f"This is a reminder of your {appointment.service.name} at {clinic.name} "
        f"on {local:%A %d %B at %H:%M} with {appointment.therapist.display_name}.\n\n"
        f"If you cannot come, please cancel at least {clinic.cancellation_notice_hours} hours "
        f"ahead: {settings.SITE_URL}/api/v1/bookings/{appointment.pk}/cancel "
        f"(token {token}).\n"
    )
    message = EmailMessage(
        subject=f"Reminder: {appointment.service.name}, {local:%d %b %H:%M}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[appointment.client.email],
    )
    message.attach("appointment.ics", booking_ics(appointment), "text/calendar")
    message.send()


def send_erasure_link(client: Client, link: str, days: int) -> None:
    """The step that proves a deletion request comes from the owner of the address."""
    body = (
        f"Someone asked {client.clinic.name} to erase the personal data it holds about you.\n\n"
        f"If it was you, confirm here within {days} days: {link}\n\n"
        "If it was not you, ignore this email and nothing will change.\n"
    )
    EmailMessage(
        subject=f"Confirm: erase your data at {client.clinic.name}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[client.email],
    ).send()


def send_waitlist_offer(offer: WaitlistOffer, token: str) -> None:
    """A freed time, held for the first in line until `expires_at`."""
    entry = offer.entry
    clinic = entry.service.clinic
    local = offer.start.astimezone(clinic.zone)
    until = offer.expires_at.astimezone(clinic.zone)
    link = f"{settings.SITE_URL}{reverse('web:waitlist-offer', args=[token])}"
    body = (
        f"Hello {entry.name},\n\n"
        f"A time you were waiting for at {clinic.name} is free: {entry.service.name} "
        f"on {local:%A %d %B at %H:%M} with {offer.therapist.display_name}.\n\n"
        f"We are holding it for you until {until:%H:%M on %A %d %B}. "
        f"To book it, or to let it go to the next person, open:\n{link}\n\n"
        "If you do nothing, the time goes to the next person on the waitlist and you stay "
        "on it.\n"
    )
    EmailMessage(
        subject=f"A time is free: {entry.service.name}, {local:%d %b %H:%M}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[entry.email],
    ).send()
