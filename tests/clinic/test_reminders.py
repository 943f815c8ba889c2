"""Reminders go out once per appointment, only for bookings due soon."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.core import mail

from tests.conftest import MONDAY, NOW, World
from triggerpoint.clinic import emails
from triggerpoint.clinic.booking import book, cancel
from triggerpoint.clinic.models import Appointment
from triggerpoint.clinic.reminders import send_due

pytestmark = pytest.mark.django_db

At = Callable[..., datetime]


def booked(world: World, start: datetime, client: object = None) -> Appointment:
    return book(
        service=world.session60,
        therapist=world.alice,
        start=start,
        client=client or world.client_a,  # type: ignore[arg-type]
        now=NOW,
    ).appointment


def test_each_due_reminder_is_sent_once(world: World, london_at: At) -> None:
    tomorrow = booked(world, london_at(MONDAY, 10))
    booked(world, london_at(MONDAY + timedelta(days=3), 10))  # not due yet
    evening_before = london_at(MONDAY - timedelta(days=1), 18)

    assert send_due(now=evening_before) == 1
    assert send_due(now=evening_before + timedelta(minutes=5)) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ann@example.com"]
    assert "Trigger point therapy, 60 minutes" in message.subject
    assert message.attachments[0][0] == "appointment.ics"
    tomorrow.refresh_from_db()
    assert tomorrow.reminder_sent_at == evening_before


def test_cancelled_bookings_get_no_reminder(world: World, london_at: At) -> None:
    cancel(booked(world, london_at(MONDAY, 10)), now=NOW)
    assert send_due(now=london_at(MONDAY, 8)) == 0
    assert mail.outbox == []


def test_a_failed_send_is_retried_on_the_next_run(
    world: World, london_at: At, monkeypatch: pytest.MonkeyPatch
) -> None:
    booked(world, london_at(MONDAY, 10))

    def broken(appointment: Appointment) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr(emails, "send_reminder", broken)
    assert send_due(now=london_at(MONDAY, 8)) == 0
    monkeypatch.undo()
    assert send_due(now=london_at(MONDAY, 8, 30)) == 1
    assert len(mail.outbox) == 1
