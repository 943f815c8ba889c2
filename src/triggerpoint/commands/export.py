"""`triggerpoint export CLIENT_EMAIL --format fhir|json [-o FILE]`: a client's whole record."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from triggerpoint.commands.clinic import _django
from triggerpoint.commands.errors import CliError


class Format(StrEnum):
    FHIR = "fhir"
    JSON = "json"


def export(
    email: Annotated[str, typer.Argument(help="The client's email address.")],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="fhir: an R4 Bundle; json: plain JSON.")
    ] = Format.JSON,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    clinic: Annotated[
        int | None, typer.Option(help="Clinic id, when the email is on file at several.")
    ] = None,
) -> None:
    """Export everything held about one client (the export is written to the audit trail)."""
    _django()
    from triggerpoint.clinic.models import Client
    from triggerpoint.clinic.privacy.audit import record
    from triggerpoint.interop.export import export_client
    from triggerpoint.interop.fhir import client_bundle_json

    matches = Client.objects.filter(email__iexact=email.strip())
    if clinic is not None:
        matches = matches.filter(clinic_id=clinic)
    found = list(matches.select_related("clinic")[:2])
    if not found:
        raise CliError(f"no client with the email {email!r}")
    if len(found) > 1:
        raise CliError(f"several clients have the email {email!r}; choose one with --clinic ID")
    client = found[0]
    if format is Format.FHIR:
        text = client_bundle_json(client)
    else:
        text = json.dumps(export_client(client), indent=2, ensure_ascii=False)
    record(None, "client.exported", client)
    if output is None:
        typer.echo(text)
        return
    try:
        output.write_text(text + "\n", encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror}") from None
    typer.echo(f"wrote {output} ({format.value})", err=True)
