"""Source finder latency: the whole answer, end to end, in process and over HTTP.

Drawings are contiguous-ish: regions from the referral zones of one or two random trigger
points (grown through points that refer into them when the drawing needs more regions)
plus a region or two of noise. `find()` is timed whole (evidence, inference, shares,
explanations, next question, flags); the HTTP row posts the same drawings to
/api/v1/find through Django's test client. The baseline, timed in the same run on the
same drawings, is the workbook pain guide of eval/vignettes.py (count essential-zone
hits per point and sort): the least a ranked answer can cost, so the ratio says what
the Bayesian answer costs on this machine today, whatever else is running on it.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time

import numpy as np
from rich.console import Console
from rich.table import Table

from triggerpoint.atlas import Atlas, load_atlas
from triggerpoint.finder import build_network, find, from_marks, infer

SIZES = (1, 4, 8, 16, 30)
DRAWINGS = 150
HTTP_DRAWINGS = 40
TARGETS = (  # (what, marks, statistic, limit in ms)
    ("find() median", 8, "median", 5.0),
    ("find() p99", 16, "p99", 50.0),
)


def drawing(atlas: Atlas, rng: random.Random, size: int) -> dict[str, float]:
    points = list(atlas.trigger_points.values())
    regions = sorted({r for tp in points for r in tp.local + tp.essential + tp.spillover})
    noise = rng.randint(1, 2) if size > 4 else rng.randint(0, 1)
    zone: list[str] = []
    for tp in rng.sample(points, rng.randint(1, 2)):
        zone.extend(r for r in tp.local + tp.essential + tp.spillover if r not in zone)
    # A big painful area: keep adding points that refer into what is already drawn.
    while len(zone) < size - noise:
        near = [
            tp
            for tp in points
            if set(tp.essential + tp.spillover) & set(zone)
            and set(tp.local + tp.essential + tp.spillover) - set(zone)
        ]
        tp = rng.choice(near or points)  # nothing nearby adds a region: start a new area
        zone.extend(r for r in tp.local + tp.essential + tp.spillover if r not in zone)
    picked = rng.sample(zone, min(len(zone), size - noise))
    while len(picked) < size:
        extra = rng.choice(regions)
        if extra not in picked:
            picked.append(extra)
    return {r: float(rng.randint(2, 9)) for r in picked}


def _time(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - start) * 1000


def _both(fn, *args) -> tuple[float, float]:
    """(wall ms, CPU ms of this process): on a shared machine the wall clock also
    counts the time other programs held the cores, the CPU time does not."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _http_client():
    """Django's test client on the real URL conf, or None when Django cannot start."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "triggerpoint.site.settings")
    # The run posts about 200 drawings from one address, over the default finder limit
    # (120 a minute): the limiter still counts each request, it just never refuses one.
    os.environ.setdefault("FINDER_RATE", "100000/m")
    # A database of its own (the limiter's counters live in its cache table), so a fresh
    # clone can run the bench and a developer's data is never touched.
    os.environ.pop("DATABASE_URL", None)
    os.environ["TRIGGERPOINT_VAR_DIR"] = tempfile.mkdtemp(prefix="triggerpoint-bench-")
    try:
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()
        return Client()
    except Exception as error:  # a benchmark reports what it could not time
        print(f"HTTP endpoint not timed: {error}")
        return None


def _post(client, marks: dict[str, float]) -> None:
    body = {"marks": [{"region": r, "intensity": x} for r, x in marks.items()]}
    response = client.post("/api/v1/find", json.dumps(body), content_type="application/json")
    if response.status_code != 200:
        raise RuntimeError(f"/api/v1/find answered {response.status_code}: {response.content!r}")


def _stats(ms: list[float]) -> dict[str, float]:
    return {"median": statistics.median(ms), "p99": float(np.percentile(ms, 99))}


def main() -> None:
    from eval.vignettes import baseline_ranking

    atlas = load_atlas()
    builds = [_time(build_network, atlas) for _ in range(5)]
    network = build_network(atlas)
    client = _http_client()
    rng = random.Random(20260524)
    table = Table(title=f"whole-answer latency, {len(network.nodes)} trigger points, ms")
    for column in (
        "marks",
        "find median",
        "find p99",
        "find CPU median",
        "find CPU p99",
        "infer median",
        "HTTP median",
        "HTTP p99",
        "workbook median",
        "find / workbook",
        "approximate",
    ):
        table.add_column(column, justify="right")
    measured: dict[tuple[int, str], float] = {}
    workbook: dict[int, float] = {}
    warm = drawing(atlas, rng, 4)
    find(warm, None, (), 5, atlas, network)  # warm the caches once
    if client is not None:
        _post(client, warm)  # the first request also imports and resolves the URL conf
    for size in SIZES:
        drawings = [drawing(atlas, rng, size) for _ in range(DRAWINGS)]
        timed = [_both(find, d, None, (), 5, atlas, network) for d in drawings]
        find_ms = [wall for wall, _ in timed]
        cpu = _stats([c for _, c in timed])
        infer_ms, approximate = [], 0
        for d in drawings:
            start = time.perf_counter()
            result = infer(network, from_marks(network, d))
            infer_ms.append((time.perf_counter() - start) * 1000)
            approximate += result.method == "approximate"
        base_ms = [_time(baseline_ranking, atlas, d) for d in drawings]
        http = ["-", "-"]
        if client is not None:
            http_ms = [_time(_post, client, d) for d in drawings[:HTTP_DRAWINGS]]
            http = [f"{_stats(http_ms)['median']:.2f}", f"{_stats(http_ms)['p99']:.2f}"]
        stats = _stats(find_ms)
        measured[size, "median"], measured[size, "p99"] = stats["median"], stats["p99"]
        measured[size, "cpu median"], measured[size, "cpu p99"] = cpu["median"], cpu["p99"]
        workbook[size] = statistics.median(base_ms)
        table.add_row(
            str(size),
            f"{stats['median']:.2f}",
            f"{stats['p99']:.2f}",
            f"{cpu['median']:.2f}",
            f"{cpu['p99']:.2f}",
            f"{statistics.median(infer_ms):.2f}",
            *http,
            f"{workbook[size]:.3f}",
            f"{stats['median'] / workbook[size]:.0f}x",
            f"{approximate}/{len(drawings)}",
        )
    console = Console(width=150)
    console.print(table)
    console.print(
        f"network build: median {statistics.median(builds):.1f} ms over 5 builds "
        f"({len(network.nodes)} nodes x {len(network.regions)} regions, "
        f"{len(network.edge_key)} chain edges); {DRAWINGS} drawings per size, "
        f"{HTTP_DRAWINGS} over HTTP"
    )
    for what, size, stat, limit in TARGETS:
        for clock, key in (("wall clock", stat), ("CPU time", f"cpu {stat}")):
            got = measured[size, key]
            verdict = "met" if got < limit else "MISSED"
            console.print(
                f"target {what} at {size} marks < {limit:g} ms ({clock}): {verdict} "
                f"({got:.2f} ms, {got / limit:.2f} of the limit, "
                f"{got / workbook[size]:.0f}x the workbook look-up in this run)"
            )
    load = os.getloadavg()[0]
    console.print(f"load average during the run: {load:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
