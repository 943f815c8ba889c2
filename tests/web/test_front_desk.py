"""The front desk on the schedule: who may use it, a weekly series all or nothing with the
conflicting dates named, attendance marks, cancellation reasons, and the audit trail."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client as Browser
from django.utils import timezone

from tests.conftest import World
from tests.web.roles import appointment
from triggerpoint.clinic.models import Appointment, AuditEvent, Client, RecurringSeries, Status

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def local_day(world: World, days_ahead: int) -> date:
    return timezone.now().astimezone(world.clinic.zone).date() + timedelta(days=days_ahead)


def at(world: World, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=world.clinic.zone)


def attribute(page: BeautifulSoup, selector: str, name: str) -> object:
    found = page.select_one(selector)
    assert found is not None, selector
    return found[name]


def desk(world: World, who: str = "owner") -> Browser:
    browser = Browser()
    browser.force_login(getattr(world, who).user)
    return browser


def series_form(world: World, start: datetime, weeks: int, **extra: str) -> dict:
    return {
        "service": world.session60.pk,
        "therapist": world.alice.pk,
        "date": start.date().isoformat(),
        "start": start.isoformat(),
        "weeks": str(weeks),
        "client": str(world.client_a.pk),
        **extra,
    }


def test_the_schedule_links_to_a_new_booking_and_to_each_booking(world: World):
    booked = appointment(
        world.client_a, world.alice, world.session60, at(world, local_day(world, 1), 10)
    )
    page = BeautifulSoup(
        desk(world)
        .get(f"/staff/schedule/?therapist={world.alice.pk}&date={local_day(world, 1)}")
        .content,
        "html.parser",
    )
    assert str(attribute(page, "[data-new-booking]", "href")).startswith("/staff/desk/book/")
    assert attribute(page, "[data-manage]", "href") == f"/staff/desk/{booked.pk}/"


def test_the_booking_page_offers_the_free_times_and_finds_clients(world: World):
    day = local_day(world, 3)
    appointment(world.client_b, world.alice, world.session60, at(world, day, 10))
    url = f"/staff/desk/book/?service={world.session60.pk}&therapist={world.alice.pk}"
    url += f"&date={day}&q=ann"
    page = BeautifulSoup(desk(world).get(url).content, "html.parser")
    offered = [i["value"] for i in page.select("input[name=start]")]
    assert at(world, day, 9).isoformat() in offered
    assert at(world, day, 10).isoformat() not in offered
    clients = [i["value"] for i in page.select("input[name=client]")]
    assert clients == [str(world.client_a.pk), "new"]
    assert AuditEvent.objects.filter(action="clients.searched").exists()


def test_a_weekly_series_is_booked_whole_and_audited(world: World):
    start = at(world, local_day(world, 7), 10)
    response = desk(world).post("/staff/desk/book/", series_form(world, start, 4))
    assert response.status_code == 302
    series = RecurringSeries.objects.get()
    starts = list(series.appointments.order_by("start").values_list("start", flat=True))
    assert starts == [start + timedelta(weeks=n) for n in range(4)]
    assert AuditEvent.objects.filter(action="appointment.booked").count() == 4
    assert AuditEvent.objects.get(action="series.booked").actor_id == world.owner.user.pk


def test_a_series_with_taken_weeks_books_nothing_and_names_every_taken_date(world: World):
    start = at(world, local_day(world, 7), 10)
    for week in (1, 3):
        appointment(world.client_b, world.alice, world.session60, start + timedelta(weeks=week))
    response = desk(world).post("/staff/desk/book/", series_form(world, start, 4))
    assert response.status_code == 409
    page = BeautifulSoup(response.content, "html.parser")
    named = [li.get_text() for li in page.select("[data-conflicts] li")]
    assert len(named) == 2
    assert str((start + timedelta(weeks=1)).day) in named[0]
    assert str((start + timedelta(weeks=3)).day) in named[1]
    assert not RecurringSeries.objects.exists()
    assert not world.client_a.appointments.exists()


def test_a_refused_series_for_a_new_client_leaves_no_record_behind(world: World):
    start = at(world, local_day(world, 7), 10)
    appointment(world.client_b, world.alice, world.session60, start + timedelta(weeks=2))
    form = series_form(world, start, 3, client="new", name="Nina New", email="nina@example.com")
    form["consent"] = "on"
    assert desk(world).post("/staff/desk/book/", form).status_code == 409
    assert not Client.objects.filter(email="nina@example.com").exists()
    form["weeks"] = "2"
    assert desk(world).post("/staff/desk/book/", form).status_code == 302
    assert Client.objects.get(email="nina@example.com").appointments.count() == 2


def test_a_new_client_with_bad_details_gets_each_field_named(world: World):
    start = at(world, local_day(world, 3), 10)
    form = series_form(world, start, 1, client="new", name=" ", email="nope", phone="12")
    response = desk(world).post("/staff/desk/book/", form)
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    for field in ("name", "email", "phone"):
        assert page.select_one(f"#{field}-error") is not None
    assert attribute(page, "#desk-email", "aria-invalid") == "true"
    assert not Appointment.objects.exists()


def test_attendance_marks_in_order_and_each_is_audited(world: World, clock):
    booked = appointment(
        world.client_a, world.alice, world.session60, timezone.now() + timedelta(hours=3)
    )
    browser = desk(world)
    url = f"/staff/desk/{booked.pk}/mark/"
    assert browser.post(url, {"mark": "completed"}).status_code == 409  # not begun yet
    assert browser.post(url, {"mark": "arrived"}).status_code == 302
    booked.refresh_from_db()
    assert booked.arrived_at is not None and booked.status == Status.BOOKED
    clock.shift(timedelta(hours=3, minutes=5))
    browser = desk(world)  # a new sign-in: the idle staff session has ended meanwhile
    assert browser.post(url, {"mark": "no_show"}).status_code == 409  # they arrived
    assert browser.post(url, {"mark": "completed"}).status_code == 302
    booked.refresh_from_db()
    assert booked.status == Status.COMPLETED
    actions = set(AuditEvent.objects.filter(record_id=booked.pk).values_list("action", flat=True))
    assert {"appointment.arrived", "appointment.completed", "appointment.viewed"} <= actions


def test_a_no_show_is_marked_once_the_visit_began(world: World):
    booked = appointment(
        world.client_a, world.alice, world.session60, timezone.now() - timedelta(minutes=20)
    )
    assert (
        desk(world).post(f"/staff/desk/{booked.pk}/mark/", {"mark": "no_show"}).status_code == 302
    )
    booked.refresh_from_db()
    assert booked.status == Status.NO_SHOW


def test_a_cancellation_needs_a_reason_and_keeps_it(world: World):
    booked = appointment(
        world.client_a, world.alice, world.session60, at(world, local_day(world, 4), 10)
    )
    browser = desk(world)
    assert browser.post(f"/staff/desk/{booked.pk}/cancel/", {"reason": ""}).status_code == 400
    assert browser.post(f"/staff/desk/{booked.pk}/cancel/", {"reason": "Flu"}).status_code == 302
    booked.refresh_from_db()
    assert (booked.status, booked.cancellation_reason) == (Status.CANCELLED, "Flu")


def test_a_move_offers_only_free_times_and_keeps_the_booking(world: World):
    day = local_day(world, 4)
    booked = appointment(world.client_a, world.alice, world.session60, at(world, day, 10))
    appointment(world.client_b, world.alice, world.session60, at(world, day, 14))
    page = BeautifulSoup(
        desk(world).get(f"/staff/desk/{booked.pk}/?day={day}").content, "html.parser"
    )
    offered = {i["value"] for i in page.select("[data-desk-move] input[name=start]")}
    assert at(world, day, 14).isoformat() not in offered
    assert at(world, day, 10).isoformat() not in offered  # where it already is
    assert at(world, day, 15).isoformat() in offered
    response = desk(world).post(
        f"/staff/desk/{booked.pk}/move/", {"start": at(world, day, 15).isoformat()}
    )
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.start == at(world, day, 15)
    assert AuditEvent.objects.filter(action="appointment.rescheduled", record_id=booked.pk).exists()


def test_a_therapist_works_their_own_schedule_only_and_clients_not_at_all(world: World):
    bobs = appointment(
        world.client_a, world.bob, world.session60, at(world, local_day(world, 4), 10)
    )
    alice = desk(world, "alice")
    assert alice.get(f"/staff/desk/{bobs.pk}/").status_code == 404
    assert alice.post(f"/staff/desk/{bobs.pk}/cancel/", {"reason": "x"}).status_code == 404
    page = BeautifulSoup(alice.get("/staff/desk/book/").content, "html.parser")
    assert [o["value"] for o in page.select("select[name=therapist] option")] == [
        str(world.alice.pk)
    ]
    user = get_user_model().objects.create_user(username="ann@example.com")
    world.client_a.user = user
    world.client_a.save()
    as_client = Browser()
    as_client.force_login(user)
    assert as_client.get("/staff/desk/book/").status_code == 403
    assert as_client.post(f"/staff/desk/{bobs.pk}/cancel/", {"reason": "x"}).status_code == 403
    bobs.refresh_from_db()
    assert bobs.status == Status.BOOKED


def test_another_clinics_owner_cannot_touch_a_booking(world: World):
    from triggerpoint.clinic.models import Clinic, Role, Staff

    other = Clinic.objects.create(name="Other", time_zone="Europe/Paris")
    user = get_user_model().objects.create_user(username="omar@example.org")
    Staff.objects.create(user=user, clinic=other, role=Role.OWNER, display_name="Omar")
    booked = appointment(
        world.client_a, world.alice, world.session60, at(world, local_day(world, 4), 10)
    )
    browser = Browser()
    browser.force_login(user)
    assert browser.get(f"/staff/desk/{booked.pk}/").status_code == 404
    assert browser.post(f"/staff/desk/{booked.pk}/cancel/", {"reason": "x"}).status_code == 404
    form = series_form(world, at(world, local_day(world, 5), 10), 1)
    assert browser.post("/staff/desk/book/", form).status_code in (400, 409)
    assert world.client_a.appointments.count() == 1
    booked.refresh_from_db()
    assert booked.status == Status.BOOKED
