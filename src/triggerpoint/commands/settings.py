"""`triggerpoint settings`: every environment setting, its value here, default and help."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from triggerpoint.commands.errors import CliError
from triggerpoint.site import declared


def settings_list(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the operations guide's table instead.")
    ] = False,
    into: Annotated[
        Path | None,
        typer.Option("--into", help="Write the table between the markers of this file."),
    ] = None,
) -> None:
    """List the environment settings (from site/declared.py) and their values here."""
    if into is not None:
        _write_table(into)
        return
    if markdown:
        print(declared.markdown_table())
        return
    table = Table("Setting", "Value here", "Default", "What it does")
    for s in declared.SETTINGS:
        raw = os.environ.get(s.name)
        shown = "(not set)" if raw is None else ("(set, hidden)" if s.kind == "secret" else raw)
        table.add_row(s.name, shown, s.shown_default or s.default or "empty", s.help)
    Console(width=160).print(table)


def _write_table(path: Path) -> None:
    try:
        text = path.read_text(encoding="utf-8")
        updated = declared.with_table(text)
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"cannot read {path}: {error}") from None
    except ValueError as error:
        raise CliError(f"{path} {error}") from None
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    print(f"{path}: settings table {'written' if updated != text else 'already current'}")
