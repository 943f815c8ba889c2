"""Send each due reminder exactly once, even when two runs overlap.

A run claims an appointment by setting `reminder_sent_at` only where it is still empty,
then sends; a second run finds nothing left to claim. If sending fails the claim is
released, so the next run tries again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.utils import timezone

from triggerpoint.clinic import emails
from triggerpoint.clinic.models import Appointment, Status

log = logging.getLogger(__name__)

DEFAULT_AHEAD = timedelta(hours=24)


def due(now: datetime, ahead: timedelta = DEFAULT_AHEAD) -> list[int]:
    return list(
        Appointment.objects.filter(
            status=Status.BOOKED,
            reminder_sent_at__isnull=True,
            start__gt=now,
            start__lte=now + ahead,
        )
        .order_by("start")
        .values_list("pk", flat=True)
    )


def send_due(now: datetime | None = None, ahead: timedelta = DEFAULT_AHEAD) -> int:
    """Send the reminders due within `ahead`; return how many went out."""
    now = now or timezone.now()
    sent = 0
    for pk in due(now, ahead):
        unclaimed = Appointment.objects.filter(pk=pk, reminder_sent_at__isnull=True)
        if unclaimed.update(reminder_sent_at=now) != 1:
            continue
        appointment = Appointment.objects.select_related(
            "service__clinic", "therapist", "client"
        ).get(pk=pk)
        try:
            emails.send_reminder(appointment)
        except Exception:
            Appointment.objects.filter(pk=pk).update(reminder_sent_at=None)
            log.exception("reminder for appointment %s failed; it will be retried", pk)
            continue
        sent += 1
    return sent
