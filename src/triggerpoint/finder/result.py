"""What the finder hands back: candidates to palpate and confirm, never a diagnosis."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Candidate:
    trigger_point: str
    muscle: str
    muscle_name: str
    name: str
    side: str
    probability: float
    role: str  # "key", "satellite" or "primary"
    explains: dict[str, float]
    find_it: str
    confirm: str


@dataclass(frozen=True, slots=True)
class Explanation:
    sources: tuple[str, ...]
    chains: tuple[tuple[str, str], ...]
    probability: float
    text: str


@dataclass(frozen=True, slots=True)
class Question:
    region: str
    why: str
    prompt: str
    gain: float


@dataclass(frozen=True, slots=True)
class Flag:
    code: str  # "widespread", "refer" or "unexplained"
    message: str


@dataclass(frozen=True, slots=True)
class FinderResult:
    candidates: tuple[Candidate, ...]
    explanations: tuple[Explanation, ...]
    unexplained: tuple[str, ...]
    ask_about: tuple[str, ...]
    next_question: Question | None
    flags: tuple[Flag, ...]
    method: str

    @property
    def leader(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def to_json(self) -> dict[str, Any]:
        return {
            "candidates": [asdict(c) for c in self.candidates],
            "explanations": [
                {
                    "sources": list(e.sources),
                    "chains": [list(chain) for chain in e.chains],
                    "probability": e.probability,
                    "text": e.text,
                }
                for e in self.explanations
            ],
            "unexplained": list(self.unexplained),
            "ask_about": list(self.ask_about),
            "next_question": (
                {
                    "region": self.next_question.region,
                    "why": self.next_question.why,
                    "prompt": self.next_question.prompt,
                }
                if self.next_question
                else None
            ),
            "flags": [asdict(f) for f in self.flags],
            "method": self.method,
        }
