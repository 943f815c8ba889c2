"""From posteriors to reasons: explanations, shares, regions to ask about, the next question.

Every combination question here works on `joint`, the probability of each on/off
combination of the leading candidates given the drawing (finder.inference.joints), so rival
sources (a point and its mirror, two muscles with the same zone) stay rivals instead of
being treated as independent.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np

from triggerpoint.bodymap.regions import region
from triggerpoint.finder import wording
from triggerpoint.finder.config import value
from triggerpoint.finder.evidence import Evidence
from triggerpoint.finder.inference import Inference, columns
from triggerpoint.finder.network import FloatArray, Network
from triggerpoint.finder.result import Explanation, Question

Namer = Callable[[int], str]
# A combination explains a mark when its sources hold at least this share of it; the
# source with the largest share is the one named for it.
EXPLAINS = 0.3
# Regions on which the leaders' links differ by less than this cannot separate them.
DISTINGUISHES = 0.1


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


def _bits(n: int) -> np.ndarray:
    return (np.arange(1 << n)[:, None] >> np.arange(n)[None, :]) & 1  # (2^n, n)


def explanations(
    network: Network,
    joint: FloatArray,
    leaders: Sequence[int],
    share: FloatArray,
    tokens: Sequence[str],
    name: Namer,
    limit: int = 5,
) -> tuple[Explanation, ...]:
    """The likeliest combinations of the leading candidates: P(exactly these leaders are
    active, the other leaders not | drawing), with key -> satellite chains named. A
    combination is left out when one of its sources explains none of the marks: it
    would only be filler."""
    if not leaders:  # nothing passed the candidate thresholds: nothing to combine
        return ()
    chain_edges = set(zip(network.edge_key.tolist(), network.edge_satellite.tolist(), strict=True))
    owner, covered = _assign(share[list(leaders)], len(leaders))
    bit = {i: 1 << t for t, i in enumerate(leaders)}
    scored = []
    for size in range(1, len(leaders) + 1):
        for on in itertools.combinations(leaders, size):
            scored.append((float(joint[sum(bit[i] for i in on)]), on))
    # Mirror-image and equally placed combinations tie exactly in theory; round so float
    # noise cannot reorder them and ties keep the enumeration order (smaller sets first).
    scored.sort(key=lambda item: -round(item[0], 9))
    place = {i: t for t, i in enumerate(leaders)}
    result = []
    for probability, on in scored:
        x = sum(bit[i] for i in on)
        explained = {
            i: [tok for j, tok in enumerate(tokens) if covered[x, j] and owner[x, j] == place[i]]
            for i in on
        }
        if any(not explained[i] for i in on):
            continue
        chains = tuple((k, s) for k in on for s in on if (k, s) in chain_edges)
        in_chain = {i for chain in chains for i in chain}
        parts = [f"{name(k)} (key) -> {name(s)} (satellite)" for k, s in chains]
        parts += [name(i) for i in on if i not in in_chain]
        named = [i for k, s in chains for i in (k, s)] + [i for i in on if i not in in_chain]
        left = [tok for j, tok in enumerate(tokens) if not covered[x, j]]
        result.append(
            Explanation(
                sources=tuple(network.nodes[i] for i in on),
                chains=tuple((network.nodes[k], network.nodes[s]) for k, s in chains),
                probability=round(probability, 4),
                text=wording.explanation(
                    " + ".join(parts), [explained[i] for i in dict.fromkeys(named)], left
                ),
            )
        )
        if len(result) == limit:
            break
    return tuple(result)


def _assign(share: FloatArray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """For every combination x of the n leaders (rows of `share`) and every mark: which
    leader of x holds the largest share of it, and whether x explains it at all."""
    states = _bits(n).astype(bool)  # (2^n, n)
    covered = (states @ share) >= EXPLAINS  # (2^n, T)
    owner = np.where(states[:, :, None], share[None, :, :], -1.0).argmax(axis=1)
    return owner, covered


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


def _entropy(p: FloatArray, axis: int = 0) -> FloatArray:
    safe = np.where(p > 0, p, 1.0)
    return np.asarray(-(p * np.log2(safe)).sum(axis=axis))


def information_gain(
    network: Network, joint: FloatArray, leaders: Sequence[int], excluded: set[int]
) -> FloatArray:
    """Per region, the expected information (bits) a yes/no answer gives about which
    combination of the leaders is active; -1 where the region is excluded or does not
    separate the leaders. The answer model is the network's own: a yes comes from any
    active leader's link or the region's leak."""
    idx = list(leaders)
    w = joint / joint.sum()  # (2^L,)
    off = 1.0 - network.link[idx]  # (L, R)
    states = _bits(len(idx))  # (2^L, L)
    # P(no at r | combination) = (1 - leak_r) * prod over active leaders (1 - link).
    log_off = np.log(np.clip(off, 1e-12, 1.0))
    p_no = (1.0 - network.leak)[None, :] * np.exp(states @ log_off)  # (2^L, R)
    p_yes = 1.0 - p_no
    yes = w @ p_yes  # (R,)
    post_yes = w[:, None] * p_yes / np.clip(yes, 1e-12, None)
    post_no = w[:, None] * p_no / np.clip(1.0 - yes, 1e-12, None)
    gain = _entropy(w[:, None]) - yes * _entropy(post_yes) - (1.0 - yes) * _entropy(post_no)
    spread = network.link[idx].max(axis=0) - network.link[idx].min(axis=0)
    gain[spread < DISTINGUISHES] = -1.0
    gain[list(excluded)] = -1.0
    return np.asarray(gain)


def next_question(
    network: Network,
    joint: FloatArray,
    leaders: Sequence[int],
    excluded: set[int],
    name: Namer,
) -> Question | None:
    """The unmarked region whose yes/no answer tells most about the leaders (expected
    information gain over their combinations), among the regions that separate them."""
    if len(leaders) < 2:
        return None
    gain = information_gain(network, joint, leaders, excluded)
    best = int(np.argmax(gain))
    if gain[best] < value("min_information_gain"):
        return None
    fine = region(network.regions[best])
    # Name the leader a yes would favour most and the one a no would favour most.
    weight = inference_weights(joint, len(leaders))
    link = network.link[list(leaders), best]
    likely = leaders[int(np.argmax(weight * link))]
    rest = [(float(weight[t] * (1.0 - link[t])), i) for t, i in enumerate(leaders) if i != likely]
    unlikely = max(rest)[1]
    why = wording.question_why(
        name(likely),
        _often(network.link[likely, best]),
        name(unlikely),
        _often(network.link[unlikely, best]),
        fine,
    )
    return Question(fine.id, why, wording.question(fine), round(float(gain[best]), 4))


def inference_weights(joint: FloatArray, n: int) -> FloatArray:
    """Each leader's probability of being active, from the joint over combinations."""
    return np.asarray(joint @ _bits(n) / joint.sum())


def _often(link: float) -> str:
    if link <= 0:
        return "never"
    if link >= value("link_essential"):
        return "often"
    if link >= value("link_spillover"):
        return "sometimes"
    return "rarely"
