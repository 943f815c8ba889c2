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


# How urgent a flag is, most urgent first. Under "emergency" and "urgent" the answer
# gives no pressing guidance at all; under "doctor" the guidance waits behind the flag.
LEVELS: tuple[str, ...] = ("emergency", "urgent", "doctor", "caution")
NO_PRESSING = frozenset({"emergency", "urgent"})
SAFETY_FIRST = frozenset({"emergency", "urgent", "doctor"})


@dataclass(frozen=True, slots=True)
class Flag:
    code: str  # "widespread", "refer" or "unexplained" (kept for older readers)
    message: str  # what was found, in the client's words
    rule: str = ""  # the rule that fired: "cardiac", "radicular", "fever", ...
    level: str = "caution"  # one of LEVELS
    action: str = ""  # what to do, the sentence a result leads with
    source: str = ""  # the guideline or criterion the rule comes from


@dataclass(frozen=True, slots=True)
class SafetyQuestion:
    """A question to ask before self-treatment, for a symptom the client has not given."""

    symptom: str
    question: str


@dataclass(frozen=True, slots=True)
class FinderResult:
    candidates: tuple[Candidate, ...]
    explanations: tuple[Explanation, ...]
    unexplained: tuple[str, ...]
    ask_about: tuple[str, ...]
    next_question: Question | None
    flags: tuple[Flag, ...]
    method: str
    safety_questions: tuple[SafetyQuestion, ...] = ()
    ask_about_text: str = ""  # ask_about in words, one sentence
    unexplained_text: str = ""  # unexplained in words, one sentence

    @property
    def safety_first(self) -> bool:
        """True when a flag must be read before any candidate (the flags come sorted)."""
        return any(f.level in SAFETY_FIRST for f in self.flags)

    @property
    def show_press_first(self) -> bool:
        """False under an emergency or urgent flag: no "where to press first" at all."""
        return not any(f.level in NO_PRESSING for f in self.flags)

    @property
    def action(self) -> str:
        """What to do first: the most urgent flag's action, or nothing."""
        return self.flags[0].action if self.flags and self.safety_first else ""

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
            "unexplained_text": self.unexplained_text,
            "ask_about": list(self.ask_about),
            "ask_about_text": self.ask_about_text,
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
            "safety_first": self.safety_first,
            "show_press_first": self.show_press_first,
            "action": self.action,
            "safety_questions": [asdict(q) for q in self.safety_questions],
        }
