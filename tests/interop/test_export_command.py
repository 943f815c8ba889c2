"""`triggerpoint export`: the client's record on stdout or in a file; bad input exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fhir.resources.R4B.bundle import Bundle

from tests.conftest import World
from tests.interop.records import full_record
from triggerpoint.cli import main
from triggerpoint.clinic.models import AuditEvent, Client, Clinic

pytestmark = pytest.mark.django_db


def test_json_goes_to_stdout_and_the_export_is_audited(world: World, capsys):
    full_record(world)
    assert main(["export", "ANN@example.com", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["client"]["name"] == "Ann Able"
    assert len(data["appointments"]) == 3
    assert AuditEvent.objects.filter(
        action="client.exported", record_id=world.client_a.pk, actor=None
    ).exists()


def test_fhir_goes_to_a_file_as_a_valid_bundle(world: World, tmp_path: Path, capsys):
    full_record(world)
    target = tmp_path / "ann.json"
    assert main(["export", "ann@example.com", "--format", "fhir", "-o", str(target)]) == 0
    Bundle.model_validate_json(target.read_text())
    assert "wrote" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "nobody@example.com"], "error: no client with the email"),
        (["export", "ann@example.com", "--format", "xml"], "error: "),
        (["export", "ann@example.com", "-o", "/no/such/dir/out.json"], "error: cannot write"),
    ],
)
def test_bad_input_exits_2_with_one_line(world: World, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(message)
    assert len(err.strip().splitlines()) == 1


def test_an_email_on_file_at_two_clinics_needs_the_clinic(world: World, capsys):
    other = Clinic.objects.create(name="Other")
    twin = Client.objects.create(clinic=other, name="Ann Other", email="ann@example.com")
    assert main(["export", "ann@example.com"]) == 2
    assert "--clinic" in capsys.readouterr().err
    assert main(["export", "ann@example.com", "--clinic", str(other.pk)]) == 0
    assert json.loads(capsys.readouterr().out)["client"]["name"] == twin.name
