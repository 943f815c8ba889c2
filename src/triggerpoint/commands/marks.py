"""Parse the `REGION=INTENSITY` marks and `REGION=QUALITY` words typed on the command line
for `triggerpoint find` and `triggerpoint bodymap render`."""

from __future__ import annotations

from collections.abc import Mapping

import typer

from triggerpoint.bodymap.choir import BY_CODE
from triggerpoint.bodymap.lookup import closest_id
from triggerpoint.bodymap.regions import UnknownRegionError, region, resolve
from triggerpoint.commands.errors import CliError
from triggerpoint.finder.config import QUALITIES

DEFAULT_INTENSITY = 5.0


def resolve_region(token: str) -> tuple[str, ...]:
    """A fine region id or CHOIR code as fine region ids, or a CliError with a hint."""
    try:
        return resolve(token)
    except UnknownRegionError as error:
        hint = closest_id(token)
        suggestion = f"; did you mean {hint!r}?" if hint else ""
        raise CliError(f"{error}{suggestion}") from None


def _intensity(token: str, raw: str) -> float:
    if not raw:
        # `temple-r=` is a mark whose number went missing, not a request for the default.
        raise CliError(
            f"intensity for {token!r} is empty; write {token}=0-10, "
            f"or {token} alone for {DEFAULT_INTENSITY:g}"
        )
    try:
        intensity = float(raw)
    except ValueError:
        raise CliError(f"intensity for {token!r} must be a number 0-10, got {raw!r}") from None
    if not 0 <= intensity <= 10:
        raise CliError(f"intensity for {token!r} must be 0-10, got {raw}")
    return intensity


def split_mark(text: str, default: float = DEFAULT_INTENSITY) -> tuple[str, float]:
    """`temple-r=7` -> ("temple-r", 7.0); `101` -> ("101", default); the region checked."""
    token, sep, raw = text.partition("=")
    token = token.strip()
    resolve_region(token)
    return token, _intensity(token, raw.strip()) if sep else default


def parse_mark(text: str, default: float = DEFAULT_INTENSITY) -> tuple[tuple[str, ...], float]:
    """`temple-r=7` -> ((temple-r,), 7.0); `101` -> (fine regions of 101, default)."""
    token, intensity = split_mark(text, default)
    return resolve(token), intensity


def parse_marks(texts: list[str], default: float = DEFAULT_INTENSITY) -> dict[str, float]:
    """Marks as fine region -> intensity, for drawing; a region marked twice keeps the
    higher value and a CHOIR code colours every fine region inside it."""
    values: dict[str, float] = {}
    for text in texts:
        regions, intensity = parse_mark(text, default)
        for region_id in regions:
            values[region_id] = max(intensity, values.get(region_id, 0.0))
    return values


def parse_find_marks(texts: list[str]) -> dict[str, float]:
    """`temple-r=7 101` -> {"temple-r": 7, "101": 5}; CHOIR codes stay whole (an OR).

    A drawing whose every intensity is 0 marks no pain, and the finder has nothing to
    explain. A CHOIR code and a painful fine region inside it are the same pain named
    twice, so the code is dropped and a note says so once.
    """
    marks: dict[str, float] = {}
    for text in texts:
        token, intensity = split_mark(text)
        marks[token] = max(intensity, marks.get(token, 0.0))
    if marks and all(v == 0 for v in marks.values()):
        raise CliError("0 marks: every intensity is 0; mark where it hurts with 1-10")
    return merge_overlaps(marks)


def merge_overlaps(marks: Mapping[str, float]) -> dict[str, float]:
    """The marks with each CHOIR code left out when a fine region inside it hurts."""
    painful = [t for t, v in marks.items() if v > 0 and not t.isdecimal()]
    merged = dict(marks)
    for token, intensity in marks.items():
        if not token.isdecimal() or intensity == 0:
            continue
        inside = [t for t in painful if region(t).choir == int(token)]
        if inside:
            del merged[token]
            fine = ", ".join(inside)
            typer.echo(
                f"note: {token} ({BY_CODE[int(token)].name}) contains {fine}; "
                f"counted once, as {fine}",
                err=True,
            )
    return merged


def parse_qualities(texts: list[str], drawing: Mapping[str, float] | None = None) -> dict[str, str]:
    """`calf-r=sharp` -> {"calf-r": "sharp"}. With a drawing, each quality must fall on a
    mark above 0 and is filed under that mark's token (a quality on 101 goes to a marked
    temple-r inside it, and one on temple-r to a marked 101 around it)."""
    qualities: dict[str, str] = {}
    for text in texts:
        token, sep, quality = text.partition("=")
        token, quality = token.strip(), quality.strip().lower()
        if not sep:
            raise CliError(f"--quality wants REGION=QUALITY, got {text!r}")
        regions = set(resolve_region(token))
        if quality not in QUALITIES:
            raise CliError(f"unknown quality {quality!r}; use one of {', '.join(QUALITIES)}")
        if not drawing:
            qualities[token] = quality
            continue
        marked = [t for t, v in drawing.items() if v > 0 and regions & set(resolve(t))]
        if not marked:
            raise CliError(
                f"a quality needs a mark: {token!r} is {quality!r} but not marked above 0"
            )
        for t in marked:
            qualities[t] = quality
    return qualities
