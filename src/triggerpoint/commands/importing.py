"""`triggerpoint import FILE [--clinic ID]`: load a client export (the project's JSON, or
its own FHIR transaction bundle) into a clinic.

Importing is idempotent (records are matched by their UUID) and all or nothing (one
transaction); a bad file is one line naming the entry, exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from triggerpoint.commands.clinic import _django
from triggerpoint.commands.errors import CliError


def import_command(
    file: Annotated[Path, typer.Argument(help="A JSON client export or a FHIR bundle.")],
    clinic: Annotated[
        int | None, typer.Option(help="Clinic id to import into (needed when there are several).")
    ] = None,
) -> None:
    """Import a client's record; importing the same file again changes nothing."""
    _django()
    from triggerpoint.clinic.audit import record
    from triggerpoint.clinic.models import Client, Clinic
    from triggerpoint.interop.export import ExportFormatError
    from triggerpoint.interop.fhir_load import export_from_bundle
    from triggerpoint.interop.load import load_client

    data = _read(file)
    target = _clinic(Clinic, clinic)
    try:
        if isinstance(data, dict) and data.get("resourceType") == "Bundle":
            data = export_from_bundle(data)
        before = Client.objects.filter(clinic=target).count()
        client = load_client(data, target)
    except ExportFormatError as error:
        raise CliError(f"{file}: {error}") from None
    record(None, "client.imported", client)
    made = "new client" if Client.objects.filter(clinic=target).count() > before else "on file"
    typer.echo(f"imported {client.name} into {target.name} ({made}, uuid {client.uuid})")


def _read(file: Path) -> Any:
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise CliError(f"cannot read {file}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CliError(f"{file} is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise CliError(f"{file} is not JSON (line {error.lineno}: {error.msg})") from None


def _clinic(model: Any, clinic_id: int | None) -> Any:
    if clinic_id is not None:
        found = model.objects.filter(pk=clinic_id).first()
        if found is None:
            raise CliError(f"no clinic with id {clinic_id}")
        return found
    clinics = list(model.objects.order_by("pk")[:2])
    if not clinics:
        raise CliError("there is no clinic to import into; create one first")
    if len(clinics) > 1:
        raise CliError("there are several clinics; choose one with --clinic ID")
    return clinics[0]
