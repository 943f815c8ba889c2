"""The people of the staff-side tests: beside the `world` clinic, a login for each client
and a therapist of a second clinic who must see nothing of the first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client as HttpClient

from tests.conftest import World
from triggerpoint.clinic.models import (
    Appointment,
    Client,
    Clinic,
    PainDrawing,
    Role,
    Room,
    Service,
    Staff,
    Status,
)

ROLES = ("anonymous", "client_a", "client_b", "therapist", "other_therapist", "owner")


def login_for(client: Client) -> Any:
    user = get_user_model().objects.create_user(username=client.email, password=None)
    client.user = user
    client.save(update_fields=["user"])
    return user


def other_clinic_therapist() -> Staff:
    clinic = Clinic.objects.create(name="Other Clinic", time_zone="Europe/Paris")
    user = get_user_model().objects.create_user(username="zed@example.org", password=None)
    return Staff.objects.create(user=user, clinic=clinic, role=Role.THERAPIST, display_name="Zed")


@dataclass
class Cast:
    """One signed-in (or not) test client per role of the role matrix."""

    world: World
    other: Staff
    users: dict[str, Any]

    def http(self, role: str) -> HttpClient:
        http = HttpClient()
        if self.users[role] is not None:
            http.force_login(self.users[role])
        return http


def cast_of(world: World) -> Cast:
    other = other_clinic_therapist()
    users = {
        "anonymous": None,
        "client_a": login_for(world.client_a),
        "client_b": login_for(world.client_b),
        "therapist": world.alice.user,
        "other_therapist": other.user,
        "owner": world.owner.user,
    }
    return Cast(world, other, users)


def appointment(
    client: Client,
    therapist: Staff,
    service: Service,
    start: datetime,
    status: str = Status.BOOKED,
    room: Room | None = None,
) -> Appointment:
    """An appointment written straight to the table, for times the booking engine refuses
    (the past) and for reports; the engine's own rules are tested in tests/clinic."""
    end = start + timedelta(minutes=service.duration_minutes)
    room = room or therapist.clinic.rooms.filter(kind=service.room_kind).first()
    assert room is not None
    return Appointment.objects.create(
        client=client,
        therapist=therapist,
        room=room,
        service=service,
        start=start,
        end=end,
        blocked_start=start,
        blocked_end=end,
        status=status,
    )


def drawing(client: Client, **marks: int) -> PainDrawing:
    """A stored drawing from `region_id=intensity` pairs (dashes as underscores)."""
    rows = [
        {"region": region.replace("_", "-"), "intensity": value, "quality": "aching"}
        for region, value in marks.items()
    ]
    return PainDrawing.objects.create(client=client, marks=rows)
