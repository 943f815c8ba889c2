"""Reminders at each clinic's lead times (48 h and 2 h by default), each sent once, even
by two `remind` runs in two processes at the same moment; links only while they work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.test import Client as Browser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MONDAY, NOW, World
from tests.smtp import Mailbox
from triggerpoint.clinic.booking.appointments import book, cancel
from triggerpoint.clinic.messaging import emails
from triggerpoint.clinic.messaging.reminders import due, send, send_due
from triggerpoint.clinic.models import Appointment, Client, SentReminder

pytestmark = pytest.mark.django_db

At = Callable[..., datetime]
VISIT_HOUR = 10


@pytest.fixture
def booked(world: World, london_at: At, clock: time_machine.Traveller) -> Appointment:
    """Monday 10:00, booked months ahead (the clock stands at NOW while booking)."""
    clock.move_to(NOW)
    return book(
        service=world.session60,
        therapist=world.alice,
        start=london_at(MONDAY, VISIT_HOUR),
        client=world.client_a,
        now=NOW,
    ).appointment


def before(appointment: Appointment, hours: float) -> datetime:
    return appointment.start - timedelta(hours=hours)


def sent_leads(appointment: Appointment) -> list[int]:
    return sorted(
        SentReminder.objects.filter(appointment=appointment).values_list("lead_hours", flat=True)
    )


def test_the_48_and_2_hour_reminders_go_once_each(booked: Appointment) -> None:
    assert send_due(now=before(booked, 72)) == 0  # not due yet
    assert send_due(now=before(booked, 47)) == 1
    assert send_due(now=before(booked, 46.9)) == 0
    assert send_due(now=before(booked, 30)) == 0  # 48 h sent, 2 h not due
    assert send_due(now=before(booked, 1.5)) == 1
    assert send_due(now=before(booked, 1)) == 0
    assert sent_leads(booked) == [2, 48]
    assert [m.to for m in mail.outbox] == [["ann@example.com"], ["ann@example.com"]]
    assert "Reminder: Trigger point therapy, 60 minutes" in mail.outbox[0].subject
    booked.refresh_from_db()
    assert booked.reminder_sent_at == before(booked, 1.5)


def test_a_late_run_sends_the_closest_reminder_not_a_burst(booked: Appointment) -> None:
    assert send_due(now=before(booked, 1)) == 1  # nothing ran for two days
    assert sent_leads(booked) == [2]
    assert send_due(now=before(booked, 0.5)) == 0


def test_a_booking_made_inside_a_window_skips_that_reminder(
    world: World, london_at: At, clock: time_machine.Traveller
) -> None:
    start = london_at(MONDAY, 14)
    clock.move_to(start - timedelta(hours=30))  # booked 30 hours ahead
    appointment = book(
        service=world.session60, therapist=world.alice, start=start, client=world.client_b
    ).appointment
    assert send_due(now=start - timedelta(hours=29)) == 0  # the confirmation just went
    assert send_due(now=start - timedelta(hours=1)) == 1
    assert sent_leads(appointment) == [2]


def test_a_reminder_sent_before_the_upgrade_or_elsewhere_is_not_sent_again(
    booked: Appointment,
) -> None:
    Appointment.objects.filter(pk=booked.pk).update(reminder_sent_at=before(booked, 24))
    assert send_due(now=before(booked, 20)) == 0  # the old 24-hour reminder counts as 48
    assert send_due(now=before(booked, 1)) == 1
    assert sent_leads(booked) == [2]


def test_the_clinic_sets_its_lead_times(world: World, booked: Appointment) -> None:
    world.clinic.reminder_lead_hours = "24"
    world.clinic.save()
    assert send_due(now=before(booked, 47)) == 0
    assert send_due(now=before(booked, 23)) == 1
    assert send_due(now=before(booked, 1)) == 0
    assert sent_leads(booked) == [24]


def test_the_cli_hours_option_replaces_every_lead_time(booked: Appointment) -> None:
    assert send_due(now=before(booked, 100), ahead=timedelta(hours=120)) == 1
    assert sent_leads(booked) == [120]


def test_cancelled_bookings_get_no_reminder(booked: Appointment) -> None:
    cancel(booked, now=NOW)
    assert send_due(now=before(booked, 47)) == 0
    assert send_due(now=before(booked, 1)) == 0
    assert mail.outbox == []


def test_a_failed_send_is_retried_on_the_next_run(
    booked: Appointment, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(appointment: Appointment, *args: object) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr(emails, "send_reminder", broken)
    assert send_due(now=before(booked, 47)) == 0
    assert sent_leads(booked) == []
    monkeypatch.undo()
    assert send_due(now=before(booked, 46)) == 1
    assert len(mail.outbox) == 1


def test_a_run_holding_a_stale_list_loses_the_claim(booked: Appointment) -> None:
    now = before(booked, 47)
    stale = due(now)  # a second run read the same list before the first one sent
    assert send_due(now=now) == 1
    assert send(stale, now) == 0  # the unique (appointment, lead) row stops it
    assert len(mail.outbox) == 1


def test_the_48_hour_reminder_links_work_and_the_2_hour_one_says_call(
    booked: Appointment, smtp: Mailbox
) -> None:
    send_due(now=before(booked, 47))
    send_due(now=before(booked, 1.5))
    early, late = smtp.messages()
    assert any("/book/cancel/" in link for link in early.links())
    assert not any("/api/" in link for link in early.links())  # the old POST-only address
    for link in early.links():
        response = Browser().get(link.removeprefix("http://testserver"), follow=True)
        assert response.status_code == 200, link
    booked.refresh_from_db()
    assert booked.is_active  # opening the links cancelled nothing
    assert not any("/book/cancel/" in link or "/book/move/" in link for link in late.links())
    for body in (late.text, late.html):
        assert "please call Test Clinic" in body
    assert late.calendar_parts()  # the invitation still comes along
    for link in late.links():
        assert Browser().get(link.removeprefix("http://testserver"), follow=True).status_code == 200


REMIND = """
import json, os, sys, time
from datetime import datetime
import triggerpoint.site.settings as s
s.DATABASES = {"default": json.loads(os.environ["REMIND_DB"])}
s.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
s.EMAIL_HOST, s.EMAIL_PORT = "127.0.0.1", int(os.environ["REMIND_SMTP_PORT"])
import django
django.setup()
from pathlib import Path
from triggerpoint.clinic.messaging.reminders import due, send
now = datetime.fromisoformat(os.environ["REMIND_NOW"])
items = due(now)  # both runs read the whole list before either sends
folder = Path(os.environ["REMIND_DIR"])
(folder / f"ready-{sys.argv[1]}").touch()
while not (folder / "go").exists():
    time.sleep(0.001)
print(len(items), send(items, now))
"""


@pytest.mark.django_db(transaction=True)
def test_two_remind_processes_at_the_same_moment_send_each_reminder_once(
    world: World, london_at: At, clock: time_machine.Traveller, smtp: Mailbox, tmp_path: Path
) -> None:
    from django.conf import settings as django_settings
    from django.db import connection

    clock.move_to(NOW)
    visits = []
    for n, therapist in enumerate([world.alice, world.bob] * 6):
        client = Client.objects.create(
            clinic=world.clinic, name=f"Client {n}", email=f"c{n}@example.com"
        )
        start = london_at(MONDAY, 9 + n // 2)
        visits.append(
            book(
                service=world.session60, therapist=therapist, start=start, client=client, now=NOW
            ).appointment
        )
    assert len(smtp.messages()) == 12  # committed bookings: their confirmations went
    smtp.clear()
    now = london_at(MONDAY, 14) - timedelta(hours=47)  # all twelve inside the 48-hour window
    env = os.environ | {
        "REMIND_DB": json.dumps(connection.settings_dict, default=str),
        "REMIND_SMTP_PORT": str(smtp.port),
        "REMIND_NOW": now.isoformat(),
        "REMIND_DIR": str(tmp_path),
        "SECRET_KEY": django_settings.SECRET_KEY,
    }
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", REMIND, str(k)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in (1, 2)
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{k}").exists() for k in (1, 2)):
        assert time.monotonic() < deadline, [
            r.communicate()[1] for r in runs if r.poll() is not None
        ]
        time.sleep(0.01)
    (tmp_path / "go").touch()
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in outputs]
    counts = [tuple(map(int, out.split())) for out, _ in outputs]
    assert [seen for seen, _ in counts] == [12, 12]  # both runs meant to send all twelve
    assert sum(sent for _, sent in counts) == 12  # together they sent each once
    assert all(m.subject.startswith("Reminder: ") for m in smtp.messages())
    recipients = sorted(r for m in smtp.messages() for r in m.recipients)
    assert recipients == sorted(f"c{n}@example.com" for n in range(12))
    assert SentReminder.objects.filter(lead_hours=48).count() == 12
    print("sent per process:", [sent for _, sent in counts])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(runs=st.lists(st.floats(min_value=0.01, max_value=72), min_size=1, max_size=8))
def test_whenever_remind_runs_each_lead_goes_at_most_once_and_the_closest_is_never_missed(
    booked: Appointment, runs: list[float]
) -> None:
    SentReminder.objects.all().delete()  # each example starts with nothing sent
    Appointment.objects.update(reminder_sent_at=None)
    for hours_before in sorted(runs, reverse=True):  # time runs forward
        send_due(now=before(booked, hours_before))
    leads = sent_leads(booked)
    assert len(leads) == len(set(leads)) and set(leads) <= {48, 2}
    if any(2 < h <= 48 for h in runs):
        assert 48 in leads
    if any(h <= 2 for h in runs):
        assert 2 in leads
    if all(h > 48 for h in runs):
        assert leads == []
    if all(h <= 2 for h in runs):
        assert leads == [2]  # a late run does not send the stale 48-hour one too
