"""What the loader reports when the data is wrong: every problem at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One defect in one data file entry."""

    file: str
    entry: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.reason}"


class AtlasError(Exception):
    """The atlas data does not validate; `problems` lists every defect found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(summary(self.problems))

    def lines(self) -> list[str]:
        """One line per problem, the summary line last."""
        return [str(problem) for problem in self.problems] + [summary(self.problems)]


def summary(problems: list[Problem]) -> str:
    files = len({problem.file for problem in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    return f"atlas check failed: {len(problems)} {noun} in {files} file(s)"
