"""From posteriors to reasons: explanations, shares, regions to ask about, the next question."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np

from triggerpoint.bodymap.regions import region
from triggerpoint.finder.config import value
from triggerpoint.finder.evidence import Evidence
from triggerpoint.finder.inference import Inference, columns, combinations
from triggerpoint.finder.network import FloatArray, Network
from triggerpoint.finder.result import Explanation, Question

Namer = Callable[[int], str]


def shares(
    network: Network, inference: Inference, evidence: Evidence
) -> tuple[FloatArray, FloatArray]:
    """Per node and marked finding, the share of that finding's pain it accounts for, and
    per finding the share left to nothing (the leak). A single-cause approximation:
    responsibility in proportion to P(source active) * link, against the leak."""
    link, leak = columns(network, evidence.positives)
    weight = inference.posterior[:, None] * link
    total = leak + weight.sum(axis=0)
    return weight / total, leak / total


def label(token: str) -> str:
    if token.isdigit():
        from triggerpoint.bodymap.choir import BY_CODE

        return BY_CODE[int(token)].name
    return region(token).full_label


def explanations(
    network: Network,
    inference: Inference,
    leaders: Sequence[int],
    name: Namer,
    why: Callable[[Sequence[int]], str],
    limit: int = 5,
) -> tuple[Explanation, ...]:
    """The likeliest combinations of the leading candidates: P(exactly these leaders are
    active, the other leaders not | drawing), with key -> satellite chains named."""
    chain_edges = set(zip(network.edge_key.tolist(), network.edge_satellite.tolist(), strict=True))
    joint = combinations(inference, leaders)
    bit = {i: 1 << t for t, i in enumerate(leaders)}
    scored = []
    for size in range(1, len(leaders) + 1):
        for on in itertools.combinations(leaders, size):
            scored.append((float(joint[sum(bit[i] for i in on)]), on))
    # Mirror-image and equally placed combinations tie exactly in theory; round so float
    # noise cannot reorder them and ties keep the enumeration order (smaller sets first).
    scored.sort(key=lambda item: -round(item[0], 9))
    result = []
    for probability, on in scored[:limit]:
        chains = tuple((k, s) for k in on for s in on if (k, s) in chain_edges)
        in_chain = {i for chain in chains for i in chain}
        parts = [f"{name(k)} (key) -> {name(s)} (satellite)" for k, s in chains]
        parts += [name(i) for i in on if i not in in_chain]
        result.append(
            Explanation(
                sources=tuple(network.nodes[i] for i in on),
                chains=tuple((network.nodes[k], network.nodes[s]) for k, s in chains),
                probability=round(probability, 4),
                text=f"{' + '.join(parts)}: {why(on)}",
            )
        )
    return tuple(result)


def ask_about(
    network: Network,
    inference: Inference,
    leaders: Sequence[int],
    excluded: set[int],
    limit: int = 5,
) -> tuple[str, ...]:
    """Regions the leading sources predict but the client did not mark."""
    strong = [i for i in leaders[:3] if inference.posterior[i] >= 0.2]
    if not strong:
        return ()
    miss = 1.0 - inference.posterior[strong, None] * network.link[strong]
    predicted = 1.0 - np.prod(miss, axis=0)
    predicted[list(excluded)] = 0.0
    order = [int(r) for r in np.argsort(-predicted, kind="stable")[:limit]]
    return tuple(network.regions[r] for r in order if predicted[r] >= 0.3)


def _entropy(p: FloatArray) -> float:
    p = p[p > 0]
    return float(-(p * np.log2(p)).sum())


def _entropies(p: FloatArray) -> FloatArray:
    """The entropy of every column of p, in bits (0 log 0 = 0)."""
    safe = np.where(p > 0, p, 1.0)
    return np.asarray(-(p * np.log2(safe)).sum(axis=0))


def next_question(
    network: Network,
    inference: Inference,
    leaders: Sequence[int],
    excluded: set[int],
    name: Namer,
) -> Question | None:
    """The unmarked region whose yes/no answer best separates the leaders (expected
    information gain, treating the leaders as rival single sources)."""
    if len(leaders) < 2:
        return None
    idx = list(leaders)
    w = inference.posterior[idx] / inference.posterior[idx].sum()
    yes = 1.0 - (1.0 - network.leak)[None, :] * (1.0 - network.link[idx])  # (h, R)
    p_yes = w @ yes
    post_yes = w[:, None] * yes / p_yes
    post_no = w[:, None] * (1.0 - yes) / (1.0 - p_yes)
    h0 = _entropy(w)
    gain = h0 - p_yes * _entropies(post_yes) - (1.0 - p_yes) * _entropies(post_no)
    gain[list(excluded)] = -1.0
    best = int(np.argmax(gain))
    if gain[best] < value("min_information_gain"):
        return None
    rid = network.regions[best]
    fine = region(rid)
    order = np.argsort(-yes[:, best], kind="stable")
    likely, unlikely = idx[int(order[0])], idx[int(order[-1])]
    other = name(unlikely)
    why = (
        f"{name(likely)} {_often(network.link[likely, best])} sends pain to the {fine.label}; "
        f"{other[:1].lower()}{other[1:]} {_often(network.link[unlikely, best])} does. "
        "A yes points to the first, a no to the second."
    )
    prompt = f"Do you also feel pain at the {fine.label} on your {fine.side} side?"
    return Question(rid, why, prompt, round(float(gain[best]), 4))


def _often(link: float) -> str:
    if link >= value("link_essential"):
        return "often"
    if link >= value("link_spillover"):
        return "sometimes"
    return "rarely"
