"""Templates stay readable in a diff and a review: no line over 200 characters."""

from __future__ import annotations

from pathlib import Path

import pytest

SRC = Path(__file__).parents[2] / "src" / "triggerpoint"
LIMIT = 200
TEMPLATES = sorted(p for p in SRC.rglob("templates/**/*") if p.is_file())


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_template_line_is_over_200_characters(path: Path):
    long = [
        f"line {number}: {len(line)} characters"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > LIMIT
    ]
    assert long == [], f"{path.relative_to(SRC)}: break these inside a tag, between attributes"
