"""One call from a drawing to a ranked list of trigger points to palpate and confirm."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from triggerpoint.atlas import Atlas, load_atlas
from triggerpoint.bodymap.regions import resolve
from triggerpoint.finder import explain, redflags
from triggerpoint.finder.drawing import check
from triggerpoint.finder.evidence import from_marks
from triggerpoint.finder.network import Network, atlas_network
from triggerpoint.finder.quickscore import Inference, infer
from triggerpoint.finder.result import Candidate, FinderResult

LEADERS = 5  # explanations enumerate every combination of this many leading candidates
CONFIRM = (
    "Press the point: it is confirmed when the pressure reproduces pain the client "
    "recognises as their own, usually in {zone}."
)


def find(
    marks: Mapping[str, float],
    qualities: Mapping[str, str] | None = None,
    answered_no: Iterable[str] = (),
    top: int = 5,
    atlas: Atlas | None = None,
    network: Network | None = None,
    symptoms: Mapping[str, bool] | None = None,
) -> FinderResult:
    """Marks are fine region ids or CHOIR codes -> intensity 0-10 (0 means "not there").
    `symptoms` are the red-flag answers, e.g. {"fever": True, "trauma": False}
    (finder.redflags.symptoms); a missing one is a question still to ask."""
    given, answers = dict(qualities or {}), dict(symptoms or {})
    check(marks, given, answers)
    atlas = atlas or load_atlas()
    network = network or atlas_network()
    answered = tuple(answered_no)
    evidence = from_marks(network, marks, answered)
    inference = infer(network, evidence)
    post = inference.posterior
    order = [int(i) for i in np.argsort(-post, kind="stable")]
    leaders = [i for i in order[:LEADERS] if post[i] >= 0.01]

    share, none = explain.shares(network, inference, evidence)
    tokens = [p.label for p in evidence.positives]

    def name(i: int) -> str:
        tp = atlas.trigger_points[network.nodes[i]]
        return f"{tp.side.capitalize()} {tp.name[0].lower()}{tp.name[1:]}"

    def why(sources: Sequence[int]) -> str:
        explained = [
            explain.label(t) for j, t in enumerate(tokens) if share[list(sources), j].sum() >= 0.3
        ]
        return f"explains {', '.join(explained)}" if explained else "explains little of it"

    excluded = evidence.marked_regions() | {
        network.region_index()[r] for t in answered for r in resolve(t)
    }
    result_flags = redflags.evaluate(
        marks, given, answers, {t: float(none[j]) for j, t in enumerate(tokens)}
    )
    return FinderResult(
        candidates=tuple(
            _candidate(atlas, network, inference, i, tokens, share[i]) for i in order[:top]
        ),
        explanations=explain.explanations(network, inference, leaders, name, why),
        unexplained=tuple(t for j, t in enumerate(tokens) if none[j] >= 0.5),
        ask_about=explain.ask_about(network, inference, leaders, excluded),
        next_question=explain.next_question(network, inference, leaders, excluded, name),
        flags=result_flags,
        method=inference.method,
        safety_questions=redflags.safety_questions(marks, answers),
    )


def _role(network: Network, inference: Inference, i: int) -> str:
    post = inference.posterior
    for k, s in zip(network.edge_key.tolist(), network.edge_satellite.tolist(), strict=True):
        if k == i and post[s] >= 0.1:
            return "key"
        if s == i and post[k] >= 0.1:
            return "satellite"
    return "primary"


def _candidate(
    atlas: Atlas,
    network: Network,
    inference: Inference,
    i: int,
    tokens: list[str],
    share: np.ndarray,
) -> Candidate:
    tp = atlas.trigger_points[network.nodes[i]]
    zone = tp.essential or tp.local or tp.spillover
    zone_words = ", ".join(explain.label(r) for r in zone[:3]) or "the area around it"
    return Candidate(
        trigger_point=tp.id,
        muscle=tp.muscle,
        muscle_name=atlas.muscles[tp.muscle].name,
        name=tp.name,
        side=tp.side,
        probability=round(float(inference.posterior[i]), 4),
        role=_role(network, inference, i),
        explains={t: round(float(share[j]), 3) for j, t in enumerate(tokens) if share[j] >= 0.05},
        find_it=tp.find_it,
        confirm=CONFIRM.format(zone=zone_words),
    )
