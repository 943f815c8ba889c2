"""`triggerpoint import FILE [--clinic ID]`: load a client export (the project's JSON, or
its own FHIR transaction bundle) into a clinic; `import-clients` and
`import-appointments` bring a clinic's CSV files in through an editable column mapping.

Importing is idempotent (records are matched by their UUID) and all or nothing (one
transaction); a bad file is one line naming the entry, exit code 2.
"""

from __future__ import annotations

import csv
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
    from triggerpoint.clinic.models import Client, Clinic
    from triggerpoint.clinic.privacy.audit import record
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


def import_clients(
    file: Annotated[Path, typer.Argument(help="A CSV export of clients.")],
    mapping: Annotated[
        Path | None, typer.Option(help="YAML file naming your columns (see --print-mapping).")
    ] = None,
    clinic: Annotated[int | None, typer.Option(help="Clinic id to import into.")] = None,
    dry_run: Annotated[bool, typer.Option(help="Check every row; import nothing.")] = False,
    skip_bad: Annotated[
        bool, typer.Option(help="Import the good rows even when some rows have problems.")
    ] = False,
) -> None:
    """Import clients from CSV: all or nothing unless --skip-bad; on-file emails are kept."""
    _csv_import("clients", file, mapping, clinic, dry_run, skip_bad)


def import_appointments(
    file: Annotated[Path, typer.Argument(help="A CSV export of appointments.")],
    mapping: Annotated[Path | None, typer.Option(help="YAML file naming your columns.")] = None,
    clinic: Annotated[int | None, typer.Option(help="Clinic id to import into.")] = None,
    dry_run: Annotated[bool, typer.Option(help="Check every row; import nothing.")] = False,
    skip_bad: Annotated[bool, typer.Option(help="Import the good rows anyway.")] = False,
) -> None:
    """Import appointments from CSV (service, therapist, client email, start in the
    clinic's zone); run import-clients first."""
    _csv_import("appointments", file, mapping, clinic, dry_run, skip_bad)


def print_mapping() -> None:
    """Print the mapping template, to copy and edit for your own files."""
    from triggerpoint.interop.csv_import import template

    typer.echo(template(), nl=False)


def _csv_import(
    section: str,
    file: Path,
    mapping_file: Path | None,
    clinic_id: int | None,
    dry_run: bool,
    skip_bad: bool,
) -> None:
    _django()
    from django.db import IntegrityError, transaction
    from rich.console import Console
    from rich.progress import Progress

    from triggerpoint.clinic.models import Clinic
    from triggerpoint.interop import csv_import

    target = _clinic(Clinic, clinic_id)
    try:
        mapping = csv_import.load_mapping(mapping_file)
        columns = mapping.clients if section == "clients" else mapping.appointments
        rows = list(csv_import.read_csv(file, columns, section))
    except csv_import.MappingError as error:
        raise CliError(str(error)) from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise CliError(f"{file} is not a readable CSV file ({error})") from None
    check = csv_import.check_clients if section == "clients" else csv_import.check_appointments
    console = Console(stderr=True)
    # A bar only on a terminal: piped or captured output gets the summary lines alone.
    quiet = not console.is_terminal
    with Progress(console=console, transient=True, disable=quiet) as bar:
        task = bar.add_task(f"checking {section}", total=len(rows))
        checked = check(rows, target, mapping, lambda n: bar.advance(task, n))
    for line, problem in checked.problems:
        typer.echo(f"line {line}: {problem}")
    summary = (
        f"{len(rows)} rows: {len(checked.rows)} to import, {checked.on_file} already on file, "
        f"{len(checked.problems)} with problems"
    )
    if dry_run:
        typer.echo(f"dry run, nothing imported. {summary}")
        return
    if checked.problems and not skip_bad:
        raise CliError(f"nothing imported: {summary} (fix them, or use --skip-bad)")
    try:
        with transaction.atomic(), Progress(console=console, transient=True, disable=quiet) as bar:
            task = bar.add_task(f"importing {section}", total=len(checked.rows))

            def advance(n: int) -> None:
                bar.advance(task, n)

            if section == "clients":
                csv_import.write_clients(checked.rows, target, advance)
            else:
                csv_import.write_appointments(checked.rows, advance)
    except IntegrityError:
        raise CliError(
            "nothing imported: a booking overlaps another of the same therapist or room"
        ) from None
    typer.echo(f"imported {len(checked.rows)} {section} into {target.name}. {summary}")


def register(app: typer.Typer) -> None:
    app.command(name="import")(import_command)
    app.command(name="import-clients")(import_clients)
    app.command(name="import-appointments")(import_appointments)
    app.command(name="print-mapping")(print_mapping)
