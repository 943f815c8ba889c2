"""Half-open time intervals [start, end) over aware datetimes."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import datetime

import numpy as np

Interval = tuple[datetime, datetime]


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with touching or overlapping intervals joined."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def overlaps(a: Interval, b: Interval) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def is_free(busy: list[Interval], wanted: Interval) -> bool:
    """Whether `wanted` misses every interval of `busy` (which `merge` produced)."""
    index = bisect_left(busy, (wanted[1],))
    # Only the interval starting last before `wanted` ends can reach into it.
    return index == 0 or busy[index - 1][1] <= wanted[0]


def contains(windows: list[Interval], wanted: Interval) -> bool:
    return any(start <= wanted[0] and wanted[1] <= end for start, end in windows)


# ---- the same questions over many candidates at once, on epoch seconds ---------------
#
# Availability asks "is this therapist free?" and "is some room free?" for every candidate
# start of a date range. Datetimes cost a microsecond or more per operation; float seconds
# in numpy arrays answer thousands of candidates in a few vector operations.

FOREVER = float(2**53)


def busy_index(intervals: Iterable[tuple[float, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Merged busy intervals as (starts, ends), ends with a -inf sentinel in front."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    starts = np.array([s for s, _ in merged], dtype=np.float64)
    ends = np.array([-FOREVER] + [e for _, e in merged], dtype=np.float64)
    return starts, ends


def free_of(index: tuple[np.ndarray, np.ndarray], lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """For each wanted [lo, hi), whether it misses every busy interval of `index`.

    Only the busy interval starting last before `hi` can reach into it (see `is_free`).
    """
    starts, ends = index
    return ends[np.searchsorted(starts, hi, side="left")] <= lo


def gap_index(
    busy_by_key: dict[int, tuple[np.ndarray, np.ndarray]], keys: Iterable[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The free gaps of several resources (rooms) merged into one search structure.

    A resource is free for [lo, hi) when one of its gaps starts at or before `lo` and ends
    at or after `hi`. Sorting every gap by start and keeping the running maximum of their
    ends turns "is any resource free?" into one binary search: among the gaps starting by
    `lo`, does the longest-reaching one reach `hi`? The key of that gap comes along, so
    the answer names a free resource too.
    """
    gap_starts: list[np.ndarray] = []
    gap_ends: list[np.ndarray] = []
    gap_keys: list[np.ndarray] = []
    empty = np.empty(0, dtype=np.float64)
    for key in keys:
        starts, ends = busy_by_key.get(key, (empty, np.array([-FOREVER])))
        # Gaps run from each busy end (or -inf) to the next busy start (or +inf).
        gap_starts.append(ends)
        gap_ends.append(np.append(starts, FOREVER))
        gap_keys.append(np.full(len(ends), key, dtype=np.int64))
    if not gap_starts:
        return empty, empty, np.empty(0, dtype=np.int64)
    all_starts = np.concatenate(gap_starts)
    all_ends = np.concatenate(gap_ends)
    all_keys = np.concatenate(gap_keys)
    order = np.argsort(all_starts, kind="stable")
    all_starts, all_ends, all_keys = all_starts[order], all_ends[order], all_keys[order]
    reach = np.maximum.accumulate(all_ends)
    # The key whose gap reaches furthest so far: index of the running maximum.
    best = np.arange(len(reach))
    best[1:] = np.where(all_ends[1:] >= reach[:-1], best[1:], 0)
    best = np.maximum.accumulate(best)
    return all_starts, reach, all_keys[best]


def any_free(
    gaps: tuple[np.ndarray, np.ndarray, np.ndarray], lo: np.ndarray, hi: np.ndarray
) -> np.ndarray:
    """For each wanted [lo, hi), whether some resource of `gaps` is free for all of it."""
    starts, reach, _ = gaps
    if len(starts) == 0:
        return np.zeros(len(lo), dtype=bool)
    at = np.searchsorted(starts, lo, side="right") - 1
    return (at >= 0) & (reach[np.maximum(at, 0)] >= hi)
