"""One call from a drawing to a ranked list of trigger points to palpate and confirm."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from triggerpoint.atlas import Atlas, load_atlas
from triggerpoint.bodymap.regions import resolve
from triggerpoint.finder import explain, redflags, wording
from triggerpoint.finder.calibration import calibrated
from triggerpoint.finder.drawing import check
from triggerpoint.finder.evidence import from_marks
from triggerpoint.finder.inference import Inference, combinations, infer
from triggerpoint.finder.network import Network, atlas_network
from triggerpoint.finder.ordering import diverse_order
from triggerpoint.finder.result import Candidate, FinderResult

LEADERS = 5  # explanations enumerate every combination of this many leading candidates
# A candidate is listed only when it explains at least this share of some mark and the
# drawing left it at least this probable (the rarest prevalence tier's prior): below
# either it is filler, like a jaw muscle on a heel drawing.
MIN_SHARE = 0.05
MIN_PROBABILITY = 0.02


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
    share, none = explain.shares(network, inference, evidence)
    tokens = [p.label for p in evidence.positives]
    shown = [
        i for i in order if post[i] >= MIN_PROBABILITY and share[i].max(initial=0.0) >= MIN_SHARE
    ]
    points = [atlas.trigger_points[t] for t in network.nodes]
    intensity = np.array([p.intensity for p in evidence.positives])
    relative = intensity / intensity.max() if len(intensity) else intensity
    listed = diverse_order(share, shown, [f"{tp.muscle} {tp.side}" for tp in points], relative)
    # The leaders are the first listed points: a point for each problem of the drawing,
    # then the likeliest rivals, so the explanations combine the problems, name only
    # points the list shows, and the next question can still separate the rivals.
    leaders = listed[:LEADERS]
    joint = combinations(inference, leaders)

    def name(i: int) -> str:
        return wording.point_name(atlas.trigger_points[network.nodes[i]])

    excluded = evidence.marked_regions() | {
        network.region_index()[r] for t in answered for r in resolve(t)
    }
    unexplained = tuple(t for j, t in enumerate(tokens) if none[j] >= 0.5)
    ask = explain.ask_about(network, inference, leaders, excluded)
    return FinderResult(
        candidates=tuple(
            _candidate(atlas, network, inference, i, tokens, share[i]) for i in listed[:top]
        ),
        explanations=explain.explanations(network, joint, leaders, share, tokens, name),
        unexplained=unexplained,
        ask_about=ask,
        next_question=explain.next_question(network, joint, leaders, excluded, name),
        flags=redflags.evaluate(
            marks, given, answers, {t: float(none[j]) for j, t in enumerate(tokens)}
        ),
        method=inference.method,
        safety_questions=redflags.safety_questions(marks, answers),
        ask_about_text=wording.ask_about(ask),
        unexplained_text=wording.unexplained(unexplained),
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
    return Candidate(
        trigger_point=tp.id,
        muscle=tp.muscle,
        muscle_name=atlas.muscles[tp.muscle].name,
        name=tp.name,
        side=tp.side,
        probability=round(calibrated(float(inference.posterior[i])), 4),
        role=_role(network, inference, i),
        explains={t: round(float(share[j]), 3) for j, t in enumerate(tokens) if share[j] >= 0.05},
        find_it=tp.find_it,
        confirm=wording.confirm(zone),
    )
