"""Every email the clinic sends goes through here: plain text plus HTML, links from SITE_URL.

To add an email: write one function here that calls `email_message.send("thing", ...)` and
two templates, `clinic/templates/clinic/emails/thing.txt` and `thing.html` (the HTML one
extends `base.html`). Links come from `links.absolute_url`, times from `booking_context`.

Booking emails (confirmation, update, cancellation) are sent after the booking's
transaction commits (clinic/booking/appointments.py registers them with
`transaction.on_commit`), so a rolled-back booking sends nothing and a slow mail server
never holds a database lock. A failure to send is logged (by appointment id) and never
undoes the booking.

Reminders (clinic/messaging/reminders.py) carry the manage and cancel links only while the clinic's
cancellation notice still allows changing the booking online; inside the notice window
(the 2-hour reminder, with the default 24 hours' notice) they go out as a plain reminder
that says to call the clinic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils import timezone

from triggerpoint.clinic.booking import policy as booking_policy
from triggerpoint.clinic.messaging import calendar_files, email_message
from triggerpoint.clinic.messaging.links import absolute_url
from triggerpoint.clinic.models import Appointment, Client, WaitlistOffer
from triggerpoint.clinic.privacy import tokens
from triggerpoint.clinic.treatment.health_intake import intake_link, latest_answers

log = logging.getLogger(__name__)


def _related(appointment_id: int) -> Appointment:
    return Appointment.objects.select_related("service__clinic", "therapist", "client", "room").get(
        pk=appointment_id
    )


def notice_allows_change(appointment: Appointment, now: datetime) -> bool:
    """The same rule the booking pages apply: online changes only before the notice window
    (written once, in clinic.booking.policy)."""
    return booking_policy.notice_allows_change(appointment, now, booking_policy.ONLINE)


def booking_context(appointment: Appointment, now: datetime | None = None) -> dict[str, Any]:
    """What every booking email shows: the visit in the clinic's own time zone, and links."""
    now = now or timezone.now()
    clinic = appointment.service.clinic
    start = appointment.start.astimezone(clinic.zone)
    end = appointment.end.astimezone(clinic.zone)
    cancel = tokens.cancel_token(appointment.pk)
    may_change = notice_allows_change(appointment, now)
    return {
        "appointment": appointment,
        "clinic": clinic,
        "client": appointment.client,
        "service": appointment.service,
        "therapist": appointment.therapist,
        "day": f"{start:%A} {start.day} {start:%B %Y}",
        "time": f"{start:%H:%M} to {end:%H:%M}",
        "zone": start.tzname() or clinic.time_zone,
        "may_change": may_change,
        "notice_hours": clinic.cancellation_notice_hours,
        "manage_url": absolute_url("web:book-cancel", cancel),
        "move_url": absolute_url("web:book-move", cancel),
        "calendar_url": absolute_url("web:book-calendar", tokens.calendar_token(appointment.pk)),
        "book_url": absolute_url("web:book"),
        "portal_url": absolute_url("web:portal"),
        # Until the client has answered the health questions once
        # (clinic/treatment/health_intake.py).
        "intake_url": None if latest_answers(appointment.client) else intake_link(appointment),
    }


def _invitation(appointment: Appointment) -> list[Any]:
    method = calendar_files.invitation_method(appointment)
    ics = calendar_files.booking_ics(appointment, method)
    return [email_message.calendar_part(ics, method)]


def send_confirmation(appointment: Appointment) -> None:
    context = booking_context(appointment)
    email_message.send(
        "confirmation",
        to=appointment.client.email,
        subject=f"Booked: {appointment.service.name}, {context['day']} at "
        f"{appointment.start.astimezone(context['clinic'].zone):%H:%M}",
        context=context,
        attachments=_invitation(appointment),
    )


def send_update(appointment: Appointment) -> None:
    """The booking moved: the same UID with a higher SEQUENCE replaces the calendar entry."""
    context = booking_context(appointment)
    email_message.send(
        "update",
        to=appointment.client.email,
        subject=f"Moved: {appointment.service.name}, now {context['day']} at "
        f"{appointment.start.astimezone(context['clinic'].zone):%H:%M}",
        context=context,
        attachments=_invitation(appointment),
    )


def send_cancellation(appointment: Appointment) -> None:
    """METHOD:CANCEL removes the entry from the client's calendar."""
    context = booking_context(appointment)
    email_message.send(
        "cancellation",
        to=appointment.client.email,
        subject=f"Cancelled: {appointment.service.name}, {context['day']}",
        context=context,
        attachments=_invitation(appointment),
    )


def send_reminder(
    appointment: Appointment, lead_hours: int = 24, now: datetime | None = None
) -> None:
    context = booking_context(appointment, now)
    context["lead_hours"] = lead_hours
    local = appointment.start.astimezone(context["clinic"].zone)
    email_message.send(
        "reminder",
        to=appointment.client.email,
        subject=f"Reminder: {appointment.service.name}, {local:%d %b %H:%M}",
        context=context,
        attachments=_invitation(appointment),
    )


def send_series_confirmation(appointments: list[Appointment]) -> None:
    """One email for a weekly series, one invitation per visit (each its own UID)."""
    if not appointments:
        return
    first = appointments[0]
    context = booking_context(first)
    context["visits"] = [booking_context(a) for a in appointments]
    email_message.send(
        "series_confirmation",
        to=first.client.email,
        subject=f"Booked: {len(appointments)} weekly visits, {first.service.name}",
        context=context,
        attachments=[
            email_message.calendar_part(
                calendar_files.booking_ics(a, calendar_files.REQUEST),
                "REQUEST",
                filename=f"visit-{n}.ics",
            )
            for n, a in enumerate(appointments, start=1)
        ],
    )


def send_erasure_link(client: Client, link: str, days: int) -> None:
    """The step that proves a deletion request comes from the owner of the address."""
    email_message.send(
        "erasure",
        to=client.email,
        subject=f"Confirm: erase your data at {client.clinic.name}",
        context={"clinic": client.clinic, "client": client, "link": link, "days": days},
    )


def send_claim_link(email: str, *, link: str, hours: int, already_claimed: bool) -> None:
    """A guest asks for an account: a link to choose a password, or (when the address has
    an account already) a link to reset it."""
    email_message.send(
        "claim_exists" if already_claimed else "claim",
        to=email,
        subject="Your bookings: choose a password",
        context={"link": link, "hours": hours},
    )


def send_password_reset(email: str, *, link: str, username: str) -> None:
    email_message.send(
        "password_reset",
        to=email,
        subject="Reset your password",
        context={"link": link, "username": username},
    )


# Sent after the booking engine's transaction commits (see clinic/booking/appointments.py).


def _after_commit(send: Callable[[Appointment], None], appointment_id: int) -> None:
    try:
        send(_related(appointment_id))
    except Exception:
        # The booking stands; the client still has the confirmation page and the portal.
        log.exception("email %s for appointment %s failed", send.__name__, appointment_id)


def booked(appointment_id: int) -> None:
    _after_commit(send_confirmation, appointment_id)


def moved(appointment_id: int) -> None:
    _after_commit(send_update, appointment_id)


def cancelled(appointment_id: int) -> None:
    _after_commit(send_cancellation, appointment_id)


def series_booked(appointment_ids: list[int]) -> None:
    try:
        rows = Appointment.objects.select_related(
            "service__clinic", "therapist", "client", "room"
        ).filter(pk__in=appointment_ids)
        send_series_confirmation(sorted(rows, key=lambda a: a.start))
    except Exception:
        log.exception("series confirmation for %s appointments failed", len(appointment_ids))


def send_waitlist_offer(offer: WaitlistOffer, token: str) -> None:
    """A freed time, held for the first in line until `expires_at` (clinic/booking/waitlist.py)."""
    entry = offer.entry
    clinic = entry.service.clinic
    local = offer.start.astimezone(clinic.zone)
    until = offer.expires_at.astimezone(clinic.zone)
    email_message.send(
        "waitlist_offer",
        to=entry.email,
        subject=f"A time is free: {entry.service.name}, {local:%d %b %H:%M}",
        context={
            "clinic": clinic,
            "name": entry.name,
            "service": entry.service,
            "therapist": offer.therapist,
            "day": f"{local:%A} {local.day} {local:%B}",
            "time": f"{local:%H:%M}",
            "until": f"{until:%H:%M} on {until:%A} {until.day} {until:%B}",
            "link": absolute_url("web:waitlist-offer", token),
        },
    )
