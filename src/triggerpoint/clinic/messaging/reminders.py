"""Send each due reminder exactly once, even when two runs overlap.

Each clinic sets its lead times (`Clinic.reminder_lead_hours`, default 48 and 2 hours).
The reminder for lead L is due once the visit is L hours away or less, and only while no
shorter lead is due yet: a run that comes late sends the closest reminder, not a burst of
stale ones. A booking made inside a lead's window gets no reminder for that lead (its
confirmation has just told the client), and so does one whose `reminder_sent_at` (kept
from before this table, or by an import) falls inside the window. Every reminder goes
out; its manage and cancel links only while the clinic's notice rule still allows changing
the booking online (clinic/messaging/emails.py), so with 24 hours' notice the 2-hour reminder says
"please call".

A run claims a reminder by inserting a SentReminder row, unique on (appointment, lead),
in its own transaction; a second run racing for the same reminder fails that insert and
moves on. If sending fails the row is deleted, so the next run tries again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from triggerpoint.clinic.messaging import emails
from triggerpoint.clinic.models import Appointment, Clinic, SentReminder, Status

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Due:
    appointment_id: int
    lead_hours: int


def _lead_due(appointment: Appointment, now: datetime) -> int | None:
    """The lead time whose reminder this appointment is due for now, if any."""
    leads = appointment.service.clinic.reminder_leads  # longest first
    until = appointment.start - now
    for n, lead in enumerate(leads):
        shorter = leads[n + 1] if n + 1 < len(leads) else 0
        window_opens = appointment.start - timedelta(hours=lead)
        if timedelta(hours=shorter) < until <= timedelta(hours=lead):
            if appointment.created_at > window_opens:
                return None
            # A reminder already sent inside this window (before SentReminder rows existed,
            # or by the installation an export came from) counts as this one.
            last = appointment.reminder_sent_at
            return None if last is not None and last >= window_opens else lead
    return None


def due(now: datetime, ahead: timedelta | None = None) -> list[Due]:
    """Reminders to send now. `ahead` (the CLI's --hours) replaces every clinic's lead
    times with that one lead."""
    longest = ahead or timedelta(hours=max(_all_leads(), default=0))
    rows = (
        Appointment.objects.filter(status=Status.BOOKED, start__gt=now, start__lte=now + longest)
        .select_related("service__clinic")
        .order_by("start")
    )
    sent = set(
        SentReminder.objects.filter(appointment__in=rows).values_list(
            "appointment_id", "lead_hours"
        )
    )
    found = []
    for appointment in rows:
        if ahead is not None:
            lead: int | None = int(ahead.total_seconds() // 3600)
        else:
            lead = _lead_due(appointment, now)
        if lead is not None and (appointment.pk, lead) not in sent:
            found.append(Due(appointment.pk, lead))
    return found


def _all_leads() -> list[int]:
    return [
        lead
        for clinic in Clinic.objects.only("reminder_lead_hours")
        for lead in clinic.reminder_leads
    ]


def _claim(item: Due, now: datetime) -> bool:
    try:
        with transaction.atomic():
            SentReminder.objects.create(
                appointment_id=item.appointment_id, lead_hours=item.lead_hours, sent_at=now
            )
    except IntegrityError:
        return False  # another run has it
    return True


def send_due(now: datetime | None = None, ahead: timedelta | None = None) -> int:
    """Send the reminders due now; return how many went out."""
    now = now or timezone.now()
    return send(due(now, ahead), now)


def send(items: list[Due], now: datetime) -> int:
    """Send these reminders, each only if this run wins its claim; return how many."""
    sent = 0
    for item in items:
        if not _claim(item, now):
            continue
        appointment = Appointment.objects.select_related(
            "service__clinic", "therapist", "client"
        ).get(pk=item.appointment_id)
        try:
            emails.send_reminder(appointment, item.lead_hours, now)
        except Exception:
            SentReminder.objects.filter(
                appointment_id=item.appointment_id, lead_hours=item.lead_hours
            ).delete()
            log.exception(
                "reminder for appointment %s failed; it will be retried", item.appointment_id
            )
            continue
        Appointment.objects.filter(pk=item.appointment_id).update(reminder_sent_at=now)
        sent += 1
    return sent
