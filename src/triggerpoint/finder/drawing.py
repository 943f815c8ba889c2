"""Checks on what a caller hands the finder, beyond what the body map itself checks."""

from __future__ import annotations

from collections.abc import Mapping

from triggerpoint.finder.config import QUALITIES
from triggerpoint.finder.redflags.symptoms import BY_ID


class DrawingError(ValueError):
    """A drawing the finder cannot read; the message says why in one line."""


def check(
    marks: Mapping[str, float], qualities: Mapping[str, str], symptoms: Mapping[str, bool]
) -> None:
    """A quality describes pain that is there, so it needs a mark above 0; symptoms come
    from the red-flag vocabulary. A drawing with nothing above 0 has no pain to explain,
    so there is nothing to rank and nowhere to press."""
    if not any(x > 0 for x in marks.values()):
        raise DrawingError(
            f"0 marks: {len(marks)} place(s) given but every intensity is 0; mark where it hurts"
            if marks
            else "0 marks: mark at least one place that hurts, 1 to 10"
        )
    for token, quality in qualities.items():
        if marks.get(token, 0.0) <= 0:
            raise DrawingError(
                f"a quality needs a mark: {token!r} is {quality!r} but not marked above 0"
            )
        if quality not in QUALITIES:
            raise DrawingError(f"unknown quality {quality!r}; use one of {', '.join(QUALITIES)}")
    for symptom in symptoms:
        if symptom not in BY_ID:
            raise DrawingError(f"unknown symptom {symptom!r}; use one of {', '.join(BY_ID)}")
