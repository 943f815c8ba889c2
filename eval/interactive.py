"""Interactive mode on simulated clients who answer truthfully from a hidden source.

Each client has one active trigger point, drawn by prevalence (common 3 : frequent 2 :
occasional 1). Their real pain is the point's local zone with probability 0.7 per
region, essential zone 0.6 and spillover 0.25, at least one essential region always.
Their first drawing shows only part of it (each painful region marked with
probability 0.5, at least one), and they answer each question "yes" exactly when the
region asked about really hurts. These numbers are this simulation's own, not the
finder's link strengths, so the check is not circular.

Figures: the share of clients who reach a clear leader (the `leader_clear` setting),
the median number of questions to get there, and top-1 accuracy (muscle and side)
before and after questioning.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import numpy as np
from rich.table import Table

from triggerpoint.atlas import Atlas, TriggerPoint, load_atlas
from triggerpoint.finder import FinderResult
from triggerpoint.finder.interview import MAX_QUESTIONS, Interview, is_clear, replay, run

CLIENTS = 120
SEED = 20161
WEIGHT = {"common": 3.0, "frequent": 2.0, "occasional": 1.0}
FEEL = {"local": 0.7, "essential": 0.6, "spillover": 0.25}
MARKED = 0.5


@dataclass(frozen=True, slots=True)
class Client:
    source: str
    pain: frozenset[str]  # every region that really hurts
    drawing: dict[str, float]  # what the client marks before any question


@dataclass(frozen=True, slots=True)
class Outcome:
    client: Client
    questions: int
    clear: bool
    right_before: bool
    right_after: bool


def _client(atlas: Atlas, tp: TriggerPoint, rng: np.random.Generator) -> Client:
    pain = {r for zone, p in FEEL.items() for r in tp.zone(zone) if rng.random() < p}  # type: ignore[arg-type]
    if tp.essential:
        pain.add(tp.essential[int(rng.integers(len(tp.essential)))])
    painful = sorted(pain)
    marked = [r for r in painful if rng.random() < MARKED] or [
        painful[int(rng.integers(len(painful)))]
    ]
    drawing = {r: float(rng.integers(3, 9)) for r in marked}
    return Client(tp.id, frozenset(pain), drawing)


def clients(n: int = CLIENTS, seed: int = SEED, atlas: Atlas | None = None) -> list[Client]:
    atlas = atlas or load_atlas()
    rng = np.random.default_rng(seed)
    points = [tp for tp in atlas.trigger_points.values() if tp.essential or tp.local]
    weights = np.array([WEIGHT[tp.prevalence] for tp in points])
    chosen = rng.choice(len(points), size=n, p=weights / weights.sum())
    return [_client(atlas, points[int(i)], rng) for i in chosen]


def _right(atlas: Atlas, source: str, result: FinderResult) -> bool:
    if result.leader is None:
        return False
    a, b = atlas.trigger_points[source], atlas.trigger_points[result.leader.trigger_point]
    return (a.muscle, a.side) == (b.muscle, b.side)


def simulate(n: int = CLIENTS, seed: int = SEED) -> list[Outcome]:
    atlas = load_atlas()
    outcomes = []
    for client in clients(n, seed, atlas):
        interview = Interview(dict(client.drawing), top=1)
        before = interview.result()
        after = run(interview, replay(client.drawing, set(client.pain)))
        outcomes.append(
            Outcome(
                client,
                len(interview.asked),
                is_clear(after),
                _right(atlas, client.source, before),
                _right(atlas, client.source, after),
            )
        )
    return outcomes


def rows(outcomes: list[Outcome]) -> list[tuple[str, str]]:
    n = len(outcomes)
    clear = [o for o in outcomes if o.clear]

    def share(hits: int, total: int) -> str:
        return f"{hits / total:.2f}" if total else "-"

    to_clear = statistics.median(o.questions for o in clear) if clear else float("nan")
    asked = statistics.median(o.questions for o in outcomes)
    at_limit = sum(o.questions == MAX_QUESTIONS for o in outcomes)
    right_clear = sum(o.right_after for o in clear)
    return [
        ("simulated clients (one hidden source each)", str(n)),
        ("reached a clear leader", share(len(clear), n)),
        ("median questions to a clear leader", f"{to_clear:g}"),
        ("median questions asked (all clients)", f"{asked:g}"),
        (f"stopped at the limit of {MAX_QUESTIONS}", share(at_limit, n)),
        ("top-1 before questions (muscle, side)", share(sum(o.right_before for o in outcomes), n)),
        ("top-1 after questions (muscle, side)", share(sum(o.right_after for o in outcomes), n)),
        ("top-1 when the leader was called clear", share(right_clear, len(clear))),
    ]  # fmt: skip


def table(n: int = CLIENTS, seed: int = SEED) -> Table:
    result = Table(title=f"Interactive mode on {n} simulated clients (eval/interactive.py)")
    result.add_column("measure")
    result.add_column("value", justify="right")
    for name, figure in rows(simulate(n, seed)):
        result.add_row(name, figure)
    return result


if __name__ == "__main__":
    from rich.console import Console

    Console().print(table())
