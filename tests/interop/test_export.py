"""The JSON export holds everything linked to a client and loads back without loss."""

from __future__ import annotations

import json

import pytest

from tests.conftest import World, make_world
from tests.interop.records import NOTE_WORDS, PHONE, POINT, full_record
from triggerpoint.clinic.models import Client, Clinic
from triggerpoint.interop.export import (
    SCHEMA_VERSION,
    ExportFormatError,
    canonical,
    export_client,
)
from triggerpoint.interop.load import ImportConflictError, load_client

pytestmark = pytest.mark.django_db


def test_the_export_holds_every_kind_of_record_linked_to_the_client(world: World):
    record = full_record(world)
    data = export_client(record.client)
    assert data["schema"] == {"name": "triggerpoint.client-export", "version": SCHEMA_VERSION}
    assert data["client"]["phone"] == PHONE
    assert data["client"]["consent_given_at"].startswith("2026-02-23")
    assert [a["status"] for a in data["appointments"]] == ["completed", "booked", "cancelled"]
    assert data["appointments"][0]["series"] == data["series"][0]["id"]
    assert len(data["drawings"]) == 2
    visit = data["visits"][0]
    assert [e["kind"] for e in visit["events"]][:2] == ["start", "locate"]
    assert visit["findings"][0]["trigger_point"] == POINT
    assert visit["findings"][0]["ppt_trials"] == [2.1, 2.3, 2.2]
    assert visit["note"]["subjective"] == NOTE_WORDS
    assert visit["note"]["signed_by"] == "Alice"
    assert visit["note"]["amendments"][0]["text"] == "Client phoned: better"
    measures = [m["measure"] for m in data["measurements"]]
    assert {"pain-now", "ppt", "rom-cervical-rotation-left", "ndi", "pgic"} <= set(measures)
    assert data["measurements"][-1]["recorded_by"] == "client"
    assert data["home_plans"][0]["items"][0]["stretch"] == "upper-trapezius-stretch"
    assert data["home_plans"][0]["items"][0]["checks"] == ["2026-03-03", "2026-03-04", "2026-03-06"]
    (alone,) = data["self_treatments"]
    assert (alone["trigger_point"], alone["cycles"]) == (POINT, 2)
    assert [hold["cycle"] for hold in alone["record"]["holds"]] == [1, 2]
    json.dumps(data)  # plain JSON all the way down


def test_the_export_holds_nothing_of_another_client(world: World):
    full_record(world, world.client_b)
    data = export_client(world.client_a)
    text = json.dumps(data)
    assert "Ben Baker" not in text and "ben@example.com" not in text
    assert all(not data[section] for section in ("appointments", "drawings", "visits"))


def test_a_client_on_file_at_one_clinic_is_not_copied_into_another(world: World):
    full_record(world)
    data = json.loads(json.dumps(export_client(world.client_a)))
    target = Clinic.objects.create(name="Elsewhere", time_zone="Europe/London")
    with pytest.raises(ImportConflictError, match="on file at another clinic"):
        load_client(data, target)
    assert not Client.objects.filter(clinic=target).exists()


def test_loading_the_same_export_twice_changes_nothing(world: World):
    record = full_record(world)
    data = json.loads(json.dumps(export_client(record.client)))
    before = canonical(export_client(record.client))
    again = load_client(data, world.clinic)
    assert again.pk == record.client.pk
    assert canonical(export_client(again)) == before
    assert Client.objects.filter(uuid=record.client.uuid).count() == 1


def test_a_later_export_adds_only_what_is_new(world: World):
    record = full_record(world)
    data = json.loads(json.dumps(export_client(record.client)))
    measurement = data["measurements"][0]
    data["measurements"].append(
        {**measurement, "id": 999_999, "uuid": "0b5e6c52-7d3e-4a51-9e0a-3f0c2d1b4a99"}
    )
    count = record.client.measurements.count()
    load_client(data, world.clinic)
    assert record.client.measurements.count() == count + 1


@pytest.mark.django_db(transaction=True)  # the flush needs no transaction open around it
def test_a_round_trip_into_a_fresh_database_loses_nothing(world: World):
    full_record(world)
    first = export_client(world.client_a)
    # Empty every table, rebuild the clinic from scratch, then load.
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    fresh = make_world()
    loaded = load_client(first, fresh.clinic)
    assert Client.objects.count() == 3
    second = export_client(loaded)
    # Exact, the client's own entries included: they still name the client.
    assert second["measurements"][-1]["recorded_by"] == "client"
    assert second["self_treatments"] and second["home_plans"][0]["items"][0]["checks"]
    assert canonical(second) == canonical(first)


def test_self_treatments_and_home_plan_checks_load_once(world: World):
    from triggerpoint.clinic.models import HomePlanCheck, SelfTreatment

    record = full_record(world)
    data = json.loads(json.dumps(export_client(record.client)))
    before = canonical(data)
    # Lost here (or never sent): loading the export brings them back, exactly.
    SelfTreatment.objects.filter(client=record.client).delete()
    HomePlanCheck.objects.filter(item__plan__client=record.client).delete()
    load_client(data, world.clinic)
    assert canonical(export_client(record.client)) == before
    load_client(data, world.clinic)  # and again: nothing twice
    assert SelfTreatment.objects.filter(client=record.client).count() == 1
    assert HomePlanCheck.objects.filter(item__plan__client=record.client).count() == 3
    # An export from before self-care tracking has neither; it still loads.
    del data["self_treatments"]
    for plan in data["home_plans"]:
        for item in plan["items"]:
            del item["checks"]
    load_client(data, world.clinic)
    assert canonical(export_client(record.client)) == before


@pytest.mark.parametrize(
    ("tamper", "reason"),
    [
        (lambda record: record["holds"].pop(), "disagree with the event log"),
        (lambda record: record.update(events=record["events"][:1]), "disagree with the event log"),
        (lambda record: record.pop("events"), "needs an 'events' list"),
    ],
    ids=["a hold removed", "the log cut short", "no log"],
)
def test_a_self_treatment_whose_record_was_edited_is_refused_and_nothing_loads(
    world: World, tamper, reason
):
    from triggerpoint.clinic.models import SelfTreatment
    from triggerpoint.interop.export import ExportFormatError

    record = full_record(world)
    data = json.loads(json.dumps(export_client(record.client)))
    SelfTreatment.objects.filter(client=record.client).delete()
    tamper(data["self_treatments"][0]["record"])
    with pytest.raises(ExportFormatError, match=f"self_treatments #1: .*{reason}"):
        load_client(data, world.clinic)
    assert not SelfTreatment.objects.filter(client=record.client).exists()


def test_canonical_form_ignores_ids_and_the_export_time_only(world: World):
    full_record(world)
    data = export_client(world.client_a)
    moved = json.loads(json.dumps(data))
    moved["exported_at"] = "2030-01-01T00:00:00+00:00"
    for section in ("appointments", "visits"):
        for row in moved[section]:
            row["id"] += 1000
    for row in moved["drawings"]:
        row["appointment"] = row["appointment"] and row["appointment"] + 1000
    for row in moved["measurements"] + moved["home_plans"]:
        row["visit"] = row["visit"] and row["visit"] + 1000
    moved["visits"][0]["appointment"] += 1000
    assert canonical(moved) == canonical(data)
    moved["visits"][0]["findings"][0]["recognised"] = False
    assert canonical(moved) != canonical(data)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([], "no schema"),
        ({"schema": {"name": "other", "version": 1}}, "not a triggerpoint"),
        ({"schema": {"name": "triggerpoint.client-export", "version": 99}}, "version 99"),
        ({"schema": {"name": "triggerpoint.client-export", "version": 1}}, "lacks client"),
    ],
)
def test_loading_refuses_what_is_not_an_export_of_this_version(world: World, data, reason):
    with pytest.raises(ExportFormatError, match=reason):
        load_client(data, world.clinic)
