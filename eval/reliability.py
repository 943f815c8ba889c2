"""Reliability of stated probabilities: 10 equal bins, expected calibration error, and a
reliability diagram drawn as plain SVG (no plotting library needed)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

BINS = 10


def bins(pairs: Sequence[tuple[float, bool]]) -> list[tuple[float, float, int]]:
    """Per bin: (mean predicted, observed rate, count); empty bins are (0, 0, 0)."""
    rows: list[list[tuple[float, bool]]] = [[] for _ in range(BINS)]
    for p, hit in pairs:
        rows[min(int(p * BINS), BINS - 1)].append((p, hit))
    out = []
    for inside in rows:
        if not inside:
            out.append((0.0, 0.0, 0))
            continue
        mean = sum(p for p, _ in inside) / len(inside)
        out.append((mean, sum(hit for _, hit in inside) / len(inside), len(inside)))
    return out


def ece(pairs: Sequence[tuple[float, bool]]) -> float:
    """Expected calibration error: the count-weighted gap between predicted and observed."""
    if not pairs:
        return 0.0
    return sum(n * abs(mean - rate) for mean, rate, n in bins(pairs)) / len(pairs)


def write_svg(curves: dict[str, Sequence[tuple[float, bool]]], path: Path) -> Path:
    """A reliability diagram: one line per curve, bin mean predicted vs observed rate."""
    size, pad = 360, 40
    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]

    def x(p: float) -> float:
        return pad + p * size

    def y(q: float) -> float:
        return pad + (1 - q) * size

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 2 * pad + 200}" '
        f'height="{size + 2 * pad}" font-family="sans-serif" font-size="11">',
        f'<rect x="{pad}" y="{pad}" width="{size}" height="{size}" fill="none" stroke="#999"/>',
        f'<line x1="{x(0)}" y1="{y(0)}" x2="{x(1)}" y2="{y(1)}" '
        'stroke="#bbb" stroke-dasharray="4 3"/>',
        f'<text x="{x(0.5)}" y="{size + 2 * pad - 8}" text-anchor="middle">'
        "stated probability of the top candidate</text>",
        f'<text x="12" y="{y(0.5)}" transform="rotate(-90 12 {y(0.5)})" '
        'text-anchor="middle">share right</text>',
    ]
    for t in range(0, 11, 2):
        v = t / 10
        parts.append(f'<text x="{x(v):.0f}" y="{y(0) + 14}" text-anchor="middle">{v:.1f}</text>')
        parts.append(f'<text x="{x(0) - 6}" y="{y(v) + 4:.0f}" text-anchor="end">{v:.1f}</text>')
    for n, (name, pairs) in enumerate(curves.items()):
        colour = colours[n % len(colours)]
        points = [(m, r) for m, r, count in bins(pairs) if count]
        line = " ".join(f"{x(m):.1f},{y(r):.1f}" for m, r in points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for m, r in points:
            parts.append(f'<circle cx="{x(m):.1f}" cy="{y(r):.1f}" r="3" fill="{colour}"/>')
        label = f"{name} (ECE {ece(pairs):.3f})"
        parts.append(
            f'<text x="{x(1) + 12}" y="{pad + 14 + 16 * n}" fill="{colour}">{label}</text>'
        )
    parts.append("</svg>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts) + "\n")
    return path
