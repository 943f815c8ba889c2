"""`triggerpoint bodymap ...`: list, look up and draw body regions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.lookup import interpret
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
    text: Annotated[str, typer.Argument(help='What to find, e.g. "my left jaw joint".')],
    limit: Annotated[int, typer.Option(min=1, max=50, help="How many candidates.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Find regions from everyday words: the place, or the candidates and why."""
    reading = interpret(text)
    if reading.status == "none":
        raise CliError(f"{reading.reason}; try words like 'left temple' or 'low back'")
    candidates = reading.candidates[:limit]
    if as_json:
        rows = [
            {"id": m.region_id, "label": m.label, "score": m.score, "matched": m.matched}
            for m in candidates
        ]
        answer = {
            "status": reading.status,
            "side": reading.side,
            "regions": list(reading.regions),
            "candidates": rows,
            "reason": reading.reason,
        }
        typer.echo(json.dumps(answer, indent=2))
        return
    headline = {
        "found": "found",
        "side-needed": "side needed",
        "ambiguous": "ambiguous",
    }[reading.status]
    console.print(f"[bold]{headline}[/]: {reading.reason}", highlight=False)
    table = Table()
    for column in ("id", "label", "score", "matched"):
        table.add_column(column)
    for m in candidates:
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
