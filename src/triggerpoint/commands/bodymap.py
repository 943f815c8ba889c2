"""`triggerpoint bodymap ...`: list, look up and draw body regions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.lookup import lookup as find_regions
from triggerpoint.bodymap.regions import fine_regions
from triggerpoint.bodymap.svg import render_svg
from triggerpoint.commands.errors import CliError
from triggerpoint.commands.marks import parse_marks

app = typer.Typer(help="The body map: regions, look-up and drawing.", no_args_is_help=True)
console = Console()


@app.command()
def regions(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List every fine region with its side, view and CHOIR parent."""
    rows = [
        {
            "id": r.id,
            "label": r.label,
            "side": r.side,
            "view": r.view,
            "choir": r.choir,
            "choir_name": BY_CODE[r.choir].name,
            "synonyms": list(r.synonyms),
        }
        for r in fine_regions().values()
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(title=f"{len(rows)} body regions")
    for column in ("id", "label", "side", "view", "CHOIR"):
        table.add_column(column)
    for r in fine_regions().values():
        table.add_row(r.id, r.label, r.side, r.view, f"{r.choir} {BY_CODE[r.choir].name}")
    console.print(table)


@app.command()
def lookup(
    text: Annotated[str, typer.Argument(help='What to find, e.g. "left jaw joint".')],
    limit: Annotated[int, typer.Option(min=1, max=50, help="How many matches.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Find regions from everyday words; best matches first."""
    matches = find_regions(text, limit=limit)
    if as_json:
        rows = [{"id": m.region_id, "label": m.label, "score": m.score} for m in matches]
        typer.echo(json.dumps(rows, indent=2))
        return
    if not matches:
        raise CliError(f"no body region matches {text!r}; try words like 'temple' or 'low back'")
    table = Table()
    for column in ("id", "label", "score", "matched"):
        table.add_column(column)
    for m in matches:
        table.add_row(m.region_id, m.label, f"{m.score:.2f}", m.matched)
    console.print(table)


@app.command()
def render(
    mark: Annotated[
        list[str] | None,
        typer.Option(help="REGION=INTENSITY (0-10); REGION is a fine id or a CHOIR code."),
    ] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="SVG file to write.")] = Path(
        "map.svg"
    ),
    title: Annotated[str | None, typer.Option(help="Title above the map.")] = None,
) -> None:
    """Draw a pain map (heat map 0-10) as SVG."""
    values = parse_marks(mark or [])
    try:
        output.write_text(render_svg(values, title=title))
    except OSError as error:
        raise CliError(f"cannot write {output}: {error.strerror}") from None
    typer.echo(f"wrote {output} ({len(values)} regions marked)")
