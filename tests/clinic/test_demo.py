"""The demo clinic is complete, consistent and ready to log in to."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.db.models import F

from tests.clinic.test_no_double_booking import assert_no_overlaps
from triggerpoint.clinic.demo import seed as demo
from triggerpoint.clinic.models import Appointment, Clinic, Room, Service, Staff, Status

pytestmark = pytest.mark.django_db


def test_the_default_demo_has_the_clinic_the_brief_describes() -> None:
    summary = demo.create(weeks=2)
    clinic = Clinic.objects.get()
    assert (clinic.name, clinic.time_zone) == ("Harbour Street Clinic", "Europe/London")
    assert Staff.objects.filter(takes_bookings=True).count() == 3
    assert 2 <= Room.objects.filter(kind="treatment").count() <= 3
    names = set(Service.objects.values_list("name", flat=True))
    assert {"Spa afternoon", "Back treatment"} < names
    minutes = set(
        Service.objects.filter(name__startswith="Trigger").values_list(
            "duration_minutes", flat=True
        )
    )
    assert minutes == {30, 60, 90}
    assert summary.appointments == Appointment.objects.count() > 50
    assert Appointment.objects.filter(status=Status.COMPLETED).exists()
    assert Appointment.objects.filter(status=Status.BOOKED).exists()
    assert_no_overlaps()


def test_the_printed_logins_work_with_the_demo_password() -> None:
    summary = demo.create(weeks=0)
    emails = {login.email for login in summary.logins}
    assert {"owner@example.com", "therapist1@example.com", "client1@example.com"} <= emails
    for email in ("owner@example.com", "therapist1@example.com", "client1@example.com"):
        assert authenticate(username=email, password=demo.DEMO_PASSWORD) is not None


def test_scale_data_spreads_over_several_clinics_without_overlaps() -> None:
    summary = demo.create(clinics=2, therapists=4, clients=30, weeks=1)
    assert Clinic.objects.count() == 2
    assert summary.appointments == Appointment.objects.count()
    assert not Appointment.objects.exclude(therapist__clinic=F("room__clinic")).exists()
    assert_no_overlaps()
