"""`triggerpoint import FILE`: JSON exports and the project's own FHIR bundles load
idempotently and all or nothing; a bad file is one line naming the entry, exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import World, make_world
from tests.interop.records import full_record
from triggerpoint.cli import main
from triggerpoint.clinic.models import (
    Appointment,
    Client,
    Finding,
    HomePlan,
    Measurement,
    Note,
    Visit,
)
from triggerpoint.interop.export import canonical, export_client
from triggerpoint.interop.fhir import client_bundle_json

pytestmark = pytest.mark.django_db

MODELS = (Client, Appointment, Visit, Finding, Measurement, Note, HomePlan)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODELS}


@pytest.mark.django_db(transaction=True)
def test_a_json_round_trip_through_the_command_is_exact(world: World, tmp_path: Path):
    full_record(world)
    first = export_client(world.client_a)
    file = tmp_path / "ann.json"
    file.write_text(json.dumps(first))
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    fresh = make_world()
    assert main(["import", str(file), "--clinic", str(fresh.clinic.pk)]) == 0
    again = export_client(Client.objects.get(uuid=first["client"]["uuid"]))
    assert again["measurements"][-1]["recorded_by"] == "client"
    assert canonical(again) == canonical(first)


def test_importing_the_same_json_twice_changes_nothing(world: World, tmp_path: Path, capsys):
    full_record(world)
    file = tmp_path / "ann.json"
    file.write_text(json.dumps(export_client(world.client_a)))
    before = counts()
    assert main(["import", str(file), "--clinic", str(world.clinic.pk)]) == 0
    assert main(["import", str(file), "--clinic", str(world.clinic.pk)]) == 0
    assert counts() == before
    assert "on file" in capsys.readouterr().out


def test_a_fhir_bundle_imported_twice_leaves_one_copy_of_everything(world: World, tmp_path: Path):
    full_record(world)
    bundle = client_bundle_json(world.client_a)
    file = tmp_path / "ann.fhir.json"
    file.write_text(bundle)
    # Into a clinic that has never seen the client: a fresh database stand-in.
    fresh_clinic = world.clinic.__class__.objects.create(name="New place")
    original_uuid = world.client_a.uuid
    drawn = {
        (d.source, tuple(m["region"] for m in d.marks if m["intensity"] > 0))
        for d in world.client_a.drawings.all()
    }
    _delete_client(world.client_a)
    before = counts()
    assert main(["import", str(file), "--clinic", str(fresh_clinic.pk)]) == 0
    once = counts()
    assert main(["import", str(file), "--clinic", str(fresh_clinic.pk)]) == 0
    assert counts() == once
    client = Client.objects.get(uuid=original_uuid)
    assert once["Client"] == before["Client"] + 1
    assert client.appointments.count() == 3
    visit = client.visits.get()
    assert visit.findings.count() >= 1 and visit.note.status == "signed"
    assert client.measurements.filter(measure="ndi").exists()
    assert {(d.source, tuple(m["region"] for m in d.marks)) for d in client.drawings.all()} == drawn
    # The imported record exports to the same FHIR resources, ids and all.
    again = json.loads(client_bundle_json(client))
    first = json.loads(bundle)
    kinds = ("Appointment", "Encounter", "Composition", "CarePlan")
    ids = {e["resource"]["id"] for e in first["entry"] if e["resource"]["resourceType"] in kinds}
    assert ids <= {e["resource"]["id"] for e in again["entry"]}


def _delete_client(client: Client) -> None:
    Visit.objects.filter(client=client).delete()
    Appointment.objects.filter(client=client).delete()
    client.delete()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json", "is not JSON"),
        ('{"schema": {"name": "other", "version": 1}}', "not a triggerpoint client export"),
        ('{"resourceType": "Bundle", "type": "transaction", "entry": []}', "0 patients"),
    ],
)
def test_a_bad_file_is_one_line_and_exit_2(
    world: World, tmp_path: Path, capsys, content: str, reason: str
):
    file = tmp_path / "bad.json"
    file.write_text(content)
    assert main(["import", str(file), "--clinic", str(world.clinic.pk)]) == 2
    err = capsys.readouterr().err
    assert reason in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_bad_entry_is_named_and_nothing_is_imported(world: World, tmp_path: Path, capsys):
    full_record(world)
    data = export_client(world.client_a)
    _delete_client(world.client_a)
    del data["measurements"][-1]["measured_at"]
    file = tmp_path / "broken.json"
    file.write_text(json.dumps(data))
    before = counts()
    assert main(["import", str(file), "--clinic", str(world.clinic.pk)]) == 2
    err = capsys.readouterr().err
    assert "measurements #" in err and "measured_at" in err
    assert counts() == before  # all or nothing


def test_a_missing_file_and_an_unknown_clinic_are_one_line(world: World, tmp_path: Path, capsys):
    assert main(["import", str(tmp_path / "none.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    file = tmp_path / "x.json"
    file.write_text("{}")
    assert main(["import", str(file), "--clinic", "9999"]) == 2
    assert "no clinic with id 9999" in capsys.readouterr().err
