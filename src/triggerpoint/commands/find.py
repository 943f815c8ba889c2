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
from triggerpoint.finder.drawing import DrawingError
from triggerpoint.finder.interview import Interview
from triggerpoint.finder.interview import run as interview_run
from triggerpoint.finder.redflags import SYMPTOMS
from triggerpoint.finder.wording import label

console = Console()
SYMPTOM_IDS = tuple(s.id for s in SYMPTOMS)
YES_NO = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}


def parse_symptoms(texts: list[str]) -> dict[str, bool]:
    """`fever` or `fever=yes` -> {"fever": True}; `trauma=no` -> {"trauma": False}."""
    answers: dict[str, bool] = {}
    for text in texts:
        name, sep, raw = text.partition("=")
        name, raw = name.strip().lower(), raw.strip().lower()
        if name not in SYMPTOM_IDS:
            raise CliError(f"unknown symptom {name!r}; use one of {', '.join(SYMPTOM_IDS)}")
        if sep and raw not in YES_NO:
            raise CliError(f"--symptom {name} wants yes or no, got {raw!r}")
        answers[name] = YES_NO[raw] if sep else True
    return answers


def find_command(
    marks: Annotated[
        list[str] | None,
        typer.Argument(help="REGION[=INTENSITY 0-10]; REGION is a fine id or a CHOIR code."),
    ] = None,
    quality: Annotated[
        list[str] | None,
        typer.Option("--quality", help="REGION=QUALITY, e.g. calf-r=sharp."),
    ] = None,
    symptom: Annotated[
        list[str] | None,
        typer.Option(
            "--symptom",
            help="A red-flag answer, SYMPTOM or SYMPTOM=no: " + ", ".join(SYMPTOM_IDS) + ".",
        ),
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
    symptoms = parse_symptoms(symptom or [])
    if not drawing and not interactive:
        raise CliError("mark at least one region, e.g. `triggerpoint find temple-r=6`")
    if interactive and not drawing:
        drawing = _ask_start()
    answered_no: list[str] = []
    if interactive:
        result = _interview(drawing, given, answered_no, top, symptoms)
    else:
        result = _find(drawing, given, answered_no, top, symptoms)
    if as_json:
        typer.echo(json.dumps(result.to_json(), indent=2))
    else:
        show(result)


def _find(
    drawing: dict[str, float],
    given: dict[str, str],
    answered_no: list[str],
    top: int,
    symptoms: dict[str, bool],
) -> FinderResult:
    try:
        return find(drawing, given, answered_no, top=top, symptoms=symptoms)
    except DrawingError as error:
        raise CliError(str(error)) from None


def _ask_start() -> dict[str, float]:
    line = typer.prompt("Where does it hurt? (regions, e.g. temple-r=6 occiput-r)", err=True)
    drawing = parse_find_marks(line.split())
    if not drawing:
        raise CliError("mark at least one region")
    return drawing


def _interview(
    drawing: dict[str, float],
    given: dict[str, str],
    answered_no: list[str],
    top: int,
    symptoms: dict[str, bool],
) -> FinderResult:
    """Questions go to stderr, so `--json` output stays pure JSON."""
    interview = Interview(drawing, given, symptoms, top, answered_no)
    try:
        return interview_run(interview, lambda q: _ask(f"{q.prompt} 0-10, or Enter for no"))
    except DrawingError as error:
        raise CliError(str(error)) from None


def _ask(prompt: str) -> float | None:
    """0-10 from the client; Enter or "no" is 0; None when input ends."""
    while True:
        try:
            raw = typer.prompt(prompt, default="", show_default=False, err=True)
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
        typer.echo("Please answer with a number 0-10, or press Enter for no.", err=True)


LEVEL_STYLE = {"emergency": "bold white on red", "urgent": "bold red", "doctor": "bold yellow"}


def show(result: FinderResult) -> None:
    """Flags first, most urgent first, each leading with what to do; no pressing
    guidance at all under an emergency or urgent flag."""
    if result.safety_first:
        console.print(f"[{LEVEL_STYLE[result.flags[0].level]}]{result.action}[/]")
    for flag in result.flags:
        action = "" if flag.action == result.action else f" {flag.action}"
        console.print(f"[bold]{flag.level}[/] ({flag.rule}): {flag.message}{action}")
    table = Table(title="Trigger points to palpate and confirm (candidates, not a diagnosis)")
    for column in ("#", "trigger point", "side", "probability", "role", "explains"):
        table.add_column(column)
    for n, c in enumerate(result.candidates, 1):
        explains = ", ".join(f"{label(r)} {round(100 * s)}%" for r, s in c.explains.items())
        table.add_row(str(n), c.name, c.side, f"{c.probability:.2f}", c.role, explains)
    console.print(table)
    if result.explanations:
        console.print("[bold]Best explanations[/]")
        for e in result.explanations:
            console.print(f"  {e.probability:.2f}  {e.text}")
    if result.unexplained_text:
        console.print(result.unexplained_text)
    if not result.show_press_first:
        console.print("No pressing guidance until a doctor has seen this.")
        console.print(f"inference: {result.method}")
        return
    if result.safety_questions:
        console.print("[bold]Before you treat this yourself[/], answer (--symptom NAME):")
        for q in result.safety_questions:
            console.print(f"  {q.symptom}: {q.question}")
    if result.leader:
        first = "After a doctor's check, where" if result.safety_first else "Where"
        console.print(f"[bold]{first} to press first[/]: {result.leader.find_it}")
        console.print(f"[bold]What confirms it[/]: {result.leader.confirm}")
    if result.ask_about_text:
        console.print(result.ask_about_text)
    if result.next_question:
        console.print(f"Next question: {result.next_question.prompt}")
        console.print(f"  why: {result.next_question.why}")
    console.print(f"inference: {result.method}")
