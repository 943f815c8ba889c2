"""Interactive questioning: ask the most informative region until the leader is clear.

The command line and the simulated clients of eval/interactive.py share this loop, so
what is measured is what a person at the keyboard gets.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from triggerpoint.finder.config import value
from triggerpoint.finder.find import find
from triggerpoint.finder.result import FinderResult, Question

MAX_QUESTIONS = 8
# An answer: an intensity 0-10 for the region asked about (0 is "no"), or None when the
# person stops answering.
Answerer = Callable[[Question], float | None]


@dataclass
class Interview:
    drawing: dict[str, float]
    qualities: dict[str, str] = field(default_factory=dict)
    symptoms: dict[str, bool] = field(default_factory=dict)
    top: int = 5
    answered_no: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)

    def result(self) -> FinderResult:
        return find(
            self.drawing, self.qualities, self.answered_no, top=self.top, symptoms=self.symptoms
        )


def is_clear(result: FinderResult) -> bool:
    """The leader is clear once its probability reaches the `leader_clear` setting."""
    leader = result.leader
    return leader is not None and leader.probability >= value("leader_clear")


def run(interview: Interview, answer: Answerer, max_questions: int = MAX_QUESTIONS) -> FinderResult:
    """Ask until the leader is clear, no question separates the leaders, the person
    stops, or `max_questions` have been asked; return the last result."""
    result = interview.result()
    while len(interview.asked) < max_questions and not is_clear(result):
        question = result.next_question
        if question is None:
            break
        reply = answer(question)
        if reply is None:
            break
        interview.asked.append(question.region)
        if reply > 0:
            interview.drawing[question.region] = reply
        else:
            interview.answered_no.append(question.region)
        result = interview.result()
    return result


def replay(drawing: Mapping[str, float], yes: set[str]) -> Answerer:
    """A client who answers truthfully from the regions that really hurt (`yes`)."""

    def answer(question: Question) -> float:
        return 5.0 if question.region in yes else 0.0

    return answer
