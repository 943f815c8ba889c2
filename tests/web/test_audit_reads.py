"""Reads of many records at once are audited: the schedule, the client list and search."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from tests.conftest import World
from triggerpoint.clinic.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_schedule_and_the_client_list_and_search_are_audited(world: World):
    http = HttpClient()
    http.force_login(world.alice.user)
    assert http.get("/staff/schedule/").status_code == 200
    assert http.get("/staff/schedule/?view=week").status_code == 200
    assert http.get("/staff/clients/").status_code == 200
    assert http.get("/staff/clients/?q=Ann").status_code == 200
    events = AuditEvent.objects.order_by("pk").values_list("action", "record_type", "record_id")
    assert list(events) == [
        ("schedule.day_viewed", "staff", world.alice.pk),
        ("schedule.week_viewed", "staff", world.alice.pk),
        ("clients.listed", "clinic", world.clinic.pk),
        ("clients.searched", "clinic", world.clinic.pk),
    ]
    assert set(AuditEvent.objects.values_list("actor_id", flat=True)) == {world.alice.user.pk}
