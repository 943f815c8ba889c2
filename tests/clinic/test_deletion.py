"""Erasure: no personal data survives anywhere in the database; the books and the audit
trail do, without it."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from tests.conftest import NOW, World
from tests.interop.records import NOTE_WORDS, PHONE, full_record
from triggerpoint.clinic.models import (
    Appointment,
    AuditEvent,
    Client,
    DeletionRequest,
    Finding,
    Measurement,
    PainDrawing,
    PriorCount,
    Visit,
)
from triggerpoint.clinic.privacy import deletion

pytestmark = pytest.mark.django_db

TRACES = ("Ann Able", "ann@example.com", PHONE, NOTE_WORDS, "daughter is ill")


def every_value_in_the_database() -> str:
    """Every row of every table, as text: what a search of a database dump would find."""
    found: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            found.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(found)


def admin_edit(client: Client, by: object) -> None:
    LogEntry.objects.create(
        user_id=by.pk,  # type: ignore[attr-defined]
        content_type=ContentType.objects.get_for_model(Client),
        object_id=str(client.pk),
        object_repr=str(client),
        action_flag=CHANGE,
        change_message=f"Changed phone of {client.name}",
    )


def test_erasure_leaves_no_personal_data_in_any_table(world: World):
    record = full_record(world)
    admin_edit(record.client, world.owner.user)
    login = record.client.user
    assert login is not None
    LogEntry.objects.create(  # an older admin's edit of the client's login
        user_id=world.owner.user.pk,
        content_type=ContentType.objects.get_for_model(type(login)),
        object_id=str(login.pk),
        object_repr=str(login),
        action_flag=CHANGE,
        change_message=f"Changed email of {login.username}",
    )
    before = every_value_in_the_database()
    assert all(trace in before for trace in TRACES)  # the search does find them
    request = deletion.ask(record.client, record.client.user, NOW)
    deletion.erase(request, None, NOW)
    after = every_value_in_the_database()
    assert [trace for trace in TRACES if trace in after] == []
    # The other client is untouched.
    assert "Ben Baker" in after and "ben@example.com" in after


def test_erasure_keeps_anonymised_appointments_for_the_books(world: World):
    record = full_record(world)
    deletion.erase(deletion.ask(record.client, None, NOW), None, NOW)
    kept = Appointment.objects.filter(client_id=record.client.pk)
    assert kept.count() == 3
    assert set(kept.values_list("cancellation_reason", flat=True)) == {""}
    assert not kept.filter(series__isnull=False).exists()
    client = Client.objects.get(pk=record.client.pk)
    assert (client.name, client.email, client.phone, client.notes) == (
        deletion.ERASED_NAME,
        "",
        "",
        "",
    )
    assert client.user_id is None and client.consent_given_at is None
    assert not get_user_model().objects.filter(username="ann@example.com").exists()


def test_erasure_removes_every_clinical_record(world: World):
    record = full_record(world)
    deletion.erase(deletion.ask(record.client, None, NOW), None, NOW)
    for model in (Visit, PainDrawing, Measurement):
        assert not model.objects.filter(client_id=record.client.pk).exists(), model.__name__
    assert not Finding.objects.exists()
    assert not PriorCount.objects.exists()  # what the findings taught goes with them


def test_a_client_without_appointments_is_removed_outright(world: World):
    client = world.client_b
    request = deletion.ask(client, None, NOW)
    deletion.erase(request, None, NOW)
    assert not Client.objects.filter(pk=client.pk).exists()
    request.refresh_from_db()
    assert request.client_id is None and request.erased_at == NOW


def test_the_audit_trail_keeps_an_entry_for_the_erasure_without_personal_data(world: World):
    record = full_record(world)
    request = deletion.ask(record.client, record.client.user, NOW)
    deletion.erase(request, None, NOW)
    erased = AuditEvent.objects.get(action="client.erased")
    assert (erased.record_type, erased.record_id) == ("client", record.client.pk)
    assert AuditEvent.objects.filter(action="deletionrequest.created").exists()
    assert DeletionRequest.objects.get().erased_at == NOW


def test_the_link_opens_only_its_own_pending_request_and_expires(world: World, monkeypatch):
    request = deletion.ask(world.client_a, None, NOW)
    token = deletion.token_for(request)
    assert deletion.request_of(token) == request
    assert deletion.request_of(token + "x") is None
    assert deletion.request_of("forged") is None
    later = time.time() + deletion.LINK_LIFETIME.total_seconds() + 60
    with monkeypatch.context() as clock:
        clock.setattr("django.core.signing.time.time", lambda: later)
        assert deletion.request_of(token) is None
    deletion.erase(request, None, NOW)
    assert deletion.request_of(token) is None  # used


def test_asking_twice_keeps_one_pending_request(world: World):
    first = deletion.ask(world.client_a, None, NOW)
    second = deletion.ask(world.client_a, None, NOW + timedelta(hours=1))
    assert first.pk == second.pk
    waiting = DeletionRequest.objects.filter(clinic=world.clinic, erased_at__isnull=True)
    assert [r.pk for r in waiting] == [first.pk]


def test_erasing_twice_does_nothing_more(world: World):
    record = full_record(world)
    request = deletion.ask(record.client, None, NOW)
    deletion.erase(request, None, NOW)
    deletion.erase(request, None, NOW + timedelta(days=1))
    assert AuditEvent.objects.filter(action="client.erased").count() == 1
