"""`triggerpoint session-defaults`: the guided session's numbers, their units and sources."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from triggerpoint.protocol.settings import describe


def session_defaults(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the guided session's defaults (protocol/settings.py) with unit, meaning and source."""
    rows = describe()
    if as_json:
        print(json.dumps([_row(row) for row in rows], indent=2))
        return
    table = Table("Setting", "Default", "Unit", "What it does", "Source")
    for row in rows:
        table.add_row(row.name, f"{row.default:g}", row.unit, row.help, row.source)
    Console(width=160).print(table)


def _row(row: object) -> dict[str, object]:
    names = ("name", "default", "unit", "help", "source")
    return {name: getattr(row, name) for name in names}
