"""The source finder: which trigger points most likely send the pain a client marked.

A leaky noisy-OR network over sided trigger points and fine body regions, with a key ->
satellite layer, solved exactly by quickscore (Heckerman 1989) with no cap on how many
keys are active. Pure: numpy, the atlas and the body map, nothing else.
"""

from triggerpoint.finder.drawing import DrawingError
from triggerpoint.finder.evidence import Evidence, Positive, from_marks
from triggerpoint.finder.find import find
from triggerpoint.finder.inference import Inference, infer
from triggerpoint.finder.network import Network, atlas_network, build_network
from triggerpoint.finder.result import (
    Candidate,
    Explanation,
    FinderResult,
    Flag,
    Question,
    SafetyQuestion,
)

__all__ = [
    "Candidate",
    "DrawingError",
    "Evidence",
    "Explanation",
    "FinderResult",
    "Flag",
    "Inference",
    "Network",
    "Positive",
    "Question",
    "SafetyQuestion",
    "atlas_network",
    "build_network",
    "find",
    "from_marks",
    "infer",
]
