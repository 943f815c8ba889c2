"""axe-core accessibility checks on a Playwright page.

axe-playwright-python ships axe.min.js inside the wheel, so the check runs offline
against the same rules the public axe-core release applies (WCAG 2.x A/AA plus best
practices). Tests assert on serious and critical findings: the levels axe reserves for
barriers that stop a person from using the page.
"""

from __future__ import annotations

from dataclasses import dataclass

BLOCKING = ("serious", "critical")


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        shown = ", ".join(self.targets[:5])
        more = f" (+{len(self.targets) - 5} more)" if len(self.targets) > 5 else ""
        return f"{self.impact} {self.rule}: {self.help} at {shown}{more}"


def violations(page, impacts: tuple[str, ...] = BLOCKING) -> list[Violation]:
    """axe's violations on the page as it is now, at the given impact levels."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    found = []
    for item in response["violations"]:
        if item.get("impact") in impacts:
            targets = tuple(" ".join(map(str, node["target"])) for node in item["nodes"])
            found.append(Violation(item["id"], item["impact"], item["help"], targets))
    return found


def assert_no_blocking_violations(page, where: str = "") -> None:
    found = violations(page)
    assert not found, f"axe on {where or page.url}:\n" + "\n".join(map(str, found))
