"""Half-open time intervals [start, end) over aware datetimes."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import datetime

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
