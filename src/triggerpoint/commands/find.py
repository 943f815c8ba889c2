"""`triggerpoint find REGION[=INTENSITY] ...`: which trigger points may send this pain."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from triggerpoint.commands.errors import CliError
from triggerpoint.commands.marks import parse_find_marks, parse_qualities
from triggerpoint.finder import FinderResult, find
from triggerpoint.finder.config import value

console = Console()
MAX_QUESTIONS = 8


def find_command(
    marks: Annotated[
        list[str] | None,
        typer.Argument(help="REGION[=INTENSITY 0-10]; REGION is a fine id or a CHOIR code."),
    ] = None,
    quality: Annotated[
        list[str] | None,
        typer.Option("--quality", help="REGION=QUALITY, e.g. calf-r=sharp."),
    ] = None,
    top: Annotated[int, typer.Option(min=1, max=50, help="How many candidates.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    interactive: Annotated[
        bool, typer.Option("--interactive", help="Ask follow-up questions first.")
    ] = False,
) -> None:
    """Rank the trigger points most likely to send this pain: candidates to palpate and
    confirm, never a diagnosis."""
    drawing = parse_find_marks(marks or [])
    given = parse_qualities(quality or [], drawing)
    if not drawing and not interactive:
        raise CliError("mark at least one region, e.g. `triggerpoint find temple-r=6`")
    if interactive and not drawing:
        drawing = _ask_start()
    answered_no: list[str] = []
    result = find(drawing, given, answered_no, top=top)
    if interactive:
        result = _interview(drawing, given, answered_no, top, result)
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2))
    else:
        show(result)


def _ask_start() -> dict[str, float]:
    line = typer.prompt("Where does it hurt? (regions, e.g. temple-r=6 occiput-r)")
    drawing = parse_find_marks(line.split())
    if not drawing:
        raise CliError("mark at least one region")
    return drawing


def _interview(
    drawing: dict[str, float],
    given: dict[str, str],
    answered_no: list[str],
    top: int,
    result: FinderResult,
) -> FinderResult:
    for _ in range(MAX_QUESTIONS):
        leader = result.leader
        question = result.next_question
        if question is None or (leader and leader.probability >= value("leader_clear")):
            break
        answer = _ask(f"{question.prompt} 0-10, or Enter for no")
        if answer is None:
            break
        if answer > 0:
            drawing[question.region] = answer
        else:
            answered_no.append(question.region)
        result = find(drawing, given, answered_no, top=top)
    return result


def _ask(prompt: str) -> float | None:
    """0-10 from the client; Enter or "no" is 0; None when input ends."""
    while True:
        try:
            raw = typer.prompt(prompt, default="", show_default=False)
        except typer.Abort:
            return None
        raw = raw.strip().lower()
        if raw in ("", "n", "no"):
            return 0.0
        try:
            answer = float(raw)
        except ValueError:
            answer = -1.0
        if 0 <= answer <= 10:
            return answer
        typer.echo("Please answer with a number 0-10, or press Enter for no.")


def show(result: FinderResult) -> None:
    for flag in result.flags:
        console.print(f"[bold red]{flag.code}[/]: {flag.message}")
    table = Table(title="Trigger points to palpate and confirm (candidates, not a diagnosis)")
    for column in ("#", "trigger point", "side", "probability", "role", "explains"):
        table.add_column(column)
    for n, c in enumerate(result.candidates, 1):
        explains = ", ".join(f"{r} {round(100 * s)}%" for r, s in c.explains.items())
        table.add_row(str(n), c.name, c.side, f"{c.probability:.2f}", c.role, explains)
    console.print(table)
    if result.explanations:
        console.print("[bold]Best explanations[/]")
        for e in result.explanations:
            console.print(f"  {e.probability:.2f}  {e.text}")
    if result.leader:
        console.print(f"[bold]Where to press first[/]: {result.leader.find_it}")
        console.print(f"[bold]What confirms it[/]: {result.leader.confirm}")
    if result.unexplained:
        console.print(f"Not explained by any trigger point: {', '.join(result.unexplained)}")
    if result.ask_about:
        console.print(f"Ask about: {', '.join(result.ask_about)}")
    if result.next_question:
        console.print(f"Next question: {result.next_question.prompt}")
        console.print(f"  why: {result.next_question.why}")
    console.print(f"inference: {result.method}")
