"""axe-core (Deque's accessibility engine) run inside a Playwright page.

The engine's script ships inside the PyPI package axe-playwright-python, so nothing is
fetched at test time. Playwright's `evaluate` runs it outside the page's Content Security
Policy, so the site's strict policy needs no exception for the tests.

Serious and critical are axe's two highest impacts: a person using a screen reader or a
keyboard cannot use the part at all (a field without a name, a control nested in another).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from axe_playwright_python.sync_playwright import Axe

BLOCKING = ("serious", "critical")
_AXE = Axe()


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:3]) + (" ..." if len(self.targets) > 3 else "")
        return f"{self.rule} ({self.impact}, {len(self.targets)}x): {self.help} at {where}"


def violations(page: Any, context: Any = None) -> list[Violation]:
    """Every axe violation on the page as it is now (run after the page settled)."""
    response = _AXE.run(page, context=context).response
    return [
        Violation(
            rule=found["id"],
            impact=found["impact"] or "minor",
            help=found["help"],
            targets=tuple(" ".join(map(str, node["target"])) for node in found["nodes"]),
        )
        for found in response["violations"]
    ]


def blocking(page: Any, context: Any = None) -> list[Violation]:
    """The serious and critical violations only: the ones our pages must not have."""
    return [v for v in violations(page, context) if v.impact in BLOCKING]
