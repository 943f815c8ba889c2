"""`triggerpoint settings`: every environment setting, its value here, default and help."""

from __future__ import annotations

import os
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from triggerpoint.site import declared


def settings_list(
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print the README's table instead.")
    ] = False,
) -> None:
    """List the environment settings (from site/declared.py) and their values here."""
    if markdown:
        print(declared.markdown_table())
        return
    table = Table("Setting", "Value here", "Default", "What it does")
    for s in declared.SETTINGS:
        raw = os.environ.get(s.name)
        shown = "(not set)" if raw is None else ("(set, hidden)" if s.kind == "secret" else raw)
        table.add_row(s.name, shown, s.shown_default or s.default or "empty", s.help)
    Console(width=160).print(table)
