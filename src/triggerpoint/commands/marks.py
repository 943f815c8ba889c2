"""Parse `REGION=INTENSITY` marks typed on the command line."""

from __future__ import annotations

from triggerpoint.bodymap.lookup import closest_id
from triggerpoint.bodymap.regions import UnknownRegionError, resolve
from triggerpoint.commands.errors import CliError


def resolve_region(token: str) -> tuple[str, ...]:
    """A fine region id or CHOIR code as fine region ids, or a CliError with a hint."""
    try:
        return resolve(token)
    except UnknownRegionError as error:
        hint = closest_id(token)
        suggestion = f"; did you mean {hint!r}?" if hint else ""
        raise CliError(f"{error}{suggestion}") from None


def parse_mark(text: str, default: float = 5.0) -> tuple[tuple[str, ...], float]:
    """`temple-r=7` -> ((temple-r,), 7.0); `101` -> (fine regions of 101, default)."""
    token, _, raw = text.partition("=")
    regions = resolve_region(token)
    if not raw:
        return regions, default
    try:
        intensity = float(raw)
    except ValueError:
        raise CliError(f"intensity for {token!r} must be a number 0-10, got {raw!r}") from None
    if not 0 <= intensity <= 10:
        raise CliError(f"intensity for {token!r} must be 0-10, got {raw}")
    return regions, intensity


def parse_marks(texts: list[str], default: float = 5.0) -> dict[str, float]:
    """Marks as region -> intensity; a region marked twice keeps the higher value."""
    values: dict[str, float] = {}
    for text in texts:
        regions, intensity = parse_mark(text, default)
        for region_id in regions:
            values[region_id] = max(intensity, values.get(region_id, 0.0))
    return values
