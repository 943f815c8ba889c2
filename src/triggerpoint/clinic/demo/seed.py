"""Demo and scale data: one realistic clinic by default, many clinics for load tests.

This module makes each clinic: its hours, owner, therapists, rooms, services and clients.
The appointment book comes from `bookings` and the visit history from `visits`.
Everything derives from one seed, so two runs make the same data.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from triggerpoint.clinic.demo import bookings
from triggerpoint.clinic.demo import visits as demo_visits
from triggerpoint.clinic.models import (
    Client,
    Clinic,
    OpeningHours,
    Role,
    Room,
    Service,
    Staff,
    TimeOff,
    WorkingHours,
)
from triggerpoint.clinic.models.places import RoomKind
from triggerpoint.clinic.treatment import health_intake

# Documented in the README and printed by `triggerpoint demo`: for the demo only.
DEMO_PASSWORD = "triggerpoint-demo"

Progress = Callable[[str, int, int], None]  # (task, done, total)
SERVICES = [
    # name, description, minutes, buffer after, price, room kind
    (
        "Trigger point therapy, 30 minutes",
        "A focused session on one area: find the trigger points that refer your pain, "
        "release them with sustained pressure, and leave with one stretch.",
        30,
        10,
        "40.00",
        RoomKind.TREATMENT,
    ),
    (
        "Trigger point therapy, 60 minutes",
        "The standard session: a look at your pain drawing, palpation of the likely "
        "sources, pressure release in cycles, and a home plan.",
        60,
        15,
        "65.00",
        RoomKind.TREATMENT,
    ),
    (
        "Trigger point therapy, 90 minutes",
        "For pain in several regions or long-standing patterns: time for key and "
        "satellite trigger points and stretching together.",
        90,
        15,
        "90.00",
        RoomKind.TREATMENT,
    ),
    (
        "Back treatment",
        "Low and mid back: quadratus lumborum, gluteal and paraspinal trigger points, "
        "followed by gentle mobilisation.",
        45,
        10,
        "55.00",
        RoomKind.TREATMENT,
    ),
    (
        "Spa afternoon",
        "A quiet afternoon in the spa suite: warm-up, full-body massage with trigger "
        "point work where you want it, and rest.",
        180,
        30,
        "140.00",
        RoomKind.SPA,
    ),
]
# Weekly hours per therapist pattern: (weekdays, start, end) in local time.
HOURS = [
    ((0, 1, 2, 3, 4), time(9), time(17)),
    ((1, 2, 3, 4, 5), time(10), time(18)),
    ((0, 2, 3), time(12), time(20)),
]
FIRST = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hugo", "Isla", "Jon", "Kira"]
LAST = ["Ashdown", "Barker", "Coates", "Dunmore", "Ellery", "Frome", "Garside", "Hale", "Ives"]


@dataclass(frozen=True)
class Login:
    email: str
    role: str


@dataclass
class Summary:
    clinics: int
    therapists: int
    clients: int
    appointments: int
    logins: list[Login]


def _noop(task: str, done: int, total: int) -> None:
    return None


def create(
    clinics: int = 1,
    therapists: int = 3,
    clients: int = 20,
    weeks: int = 4,
    seed: int = 7,
    now: datetime | None = None,
    progress: Progress = _noop,
) -> Summary:
    """Create `clinics` clinics with staff, rooms, services, clients and bookings.

    Bookings run from `weeks` weeks ago to `weeks` weeks ahead.
    """
    rng = random.Random(seed)
    now = now or timezone.now()
    password = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo login
    logins: list[Login] = []
    total = 0
    for number in range(clinics):
        with transaction.atomic():
            clinic, staff, owner_login = _clinic(number, therapists, password)
            logins.extend(owner_login)
            rooms, services = _rooms_and_services(clinic, therapists)
            people, client_logins = _clients(clinic, number, clients, password, rng)
            logins.extend(client_logins)
        logins.extend(Login(t.user.email, "therapist") for t in staff if number == 0)
        rows = bookings.plan_bookings(staff, rooms, services, people, weeks, now, rng)
        total += bookings.write_appointments(rows, partial(progress, clinic.name))
        demo_visits.create(clinic.pk, now)  # clients with a login get a history
    return Summary(clinics, clinics * therapists, clinics * clients, total, logins)


def _clinic(number: int, therapists: int, password: str) -> tuple[Clinic, list[Staff], list[Login]]:
    user_model = get_user_model()
    first = number == 0
    clinic = Clinic.objects.create(
        name="Harbour Street Clinic" if first else f"Clinic {number + 1}",
        time_zone="Europe/London",
        address="12 Harbour Street\nPortsmouth PO1 3AA" if first else f"{number + 1} High Street",
        phone="023 9200 0000" if first else f"023 9200 000{number + 1}",
        email="hello@harbourstreet.example" if first else f"hello@clinic{number + 1}.example",
        cancellation_notice_hours=24,
    )
    # Door and phone open Monday to Friday 09:00-19:00, Saturday 09:00-13:00.
    OpeningHours.objects.bulk_create(
        [OpeningHours(clinic=clinic, weekday=d, opens=time(9), closes=time(19)) for d in range(5)]
        + [OpeningHours(clinic=clinic, weekday=5, opens=time(9), closes=time(13))]
    )
    health_intake.current(clinic)  # the default questionnaire, version 1
    owner_email = "owner@example.com" if first else f"owner{number + 1}@example.com"
    owner_user = user_model.objects.create(
        username=owner_email,
        email=owner_email,
        password=password,
    )
    Staff.objects.create(
        user=owner_user,
        clinic=clinic,
        role=Role.OWNER,
        display_name="Olivia Owner",
        takes_bookings=False,
    )
    staff = []
    for k in range(therapists):
        index = number * therapists + k + 1
        email = f"therapist{index}@example.com"
        # No is_staff and no admin permissions: the admin is the owner's (clinic/people/access.py).
        user = user_model.objects.create(username=email, email=email, password=password)
        name = f"{FIRST[index % len(FIRST)]} {LAST[index % len(LAST)]}"
        member = Staff.objects.create(user=user, clinic=clinic, display_name=name)
        weekdays, start, end = HOURS[k % len(HOURS)]
        WorkingHours.objects.bulk_create(
            WorkingHours(staff=member, weekday=d, start=start, end=end) for d in weekdays
        )
        staff.append(member)
    if staff and first:
        # One day of leave in the coming week, so the demo shows time off.
        leave = timezone.now().date() + timedelta(days=3)
        zone = clinic.zone
        TimeOff.objects.create(
            staff=staff[-1],
            start=datetime.combine(leave, time(0), tzinfo=zone),
            end=datetime.combine(leave + timedelta(days=1), time(0), tzinfo=zone),
            reason="Training course",
        )
    return clinic, staff, [Login(owner_email, "owner")]


def _rooms_and_services(clinic: Clinic, therapists: int) -> tuple[list[Room], list[Service]]:
    treatment_rooms = max(2, (therapists * 2 + 2) // 3)
    rooms = [
        Room.objects.create(clinic=clinic, name=f"Treatment room {n + 1}", kind=RoomKind.TREATMENT)
        for n in range(treatment_rooms)
    ]
    rooms.append(Room.objects.create(clinic=clinic, name="Spa suite", kind=RoomKind.SPA))
    services = [
        Service.objects.create(
            clinic=clinic,
            name=name,
            description=text,
            duration_minutes=minutes,
            buffer_after_minutes=buffer,
            price=Decimal(price),
            room_kind=kind,
        )
        for name, text, minutes, buffer, price, kind in SERVICES
    ]
    return rooms, services


def _clients(
    clinic: Clinic, number: int, count: int, password: str, rng: random.Random
) -> tuple[list[Client], list[Login]]:
    user_model = get_user_model()
    logins = []
    people = []
    consent = timezone.now() - timedelta(days=60)
    for k in range(count):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        with_login = number == 0 and k < 3
        email = (
            f"client{k + 1}@example.com"
            if number == 0
            else f"client{k + 1}.c{number + 1}@example.com"
        )
        user = None
        if with_login:
            user = user_model.objects.create(username=email, email=email, password=password)
            logins.append(Login(email, "client"))
        people.append(
            Client(
                clinic=clinic,
                user=user,
                name=name,
                email=email,
                phone=f"07700 9{rng.randrange(10**5):05d}",
                consent_given_at=consent,
            )
        )
    return Client.objects.bulk_create(people, batch_size=2000), logins
