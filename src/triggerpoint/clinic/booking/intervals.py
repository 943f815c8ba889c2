"""Half-open time intervals [start, end): over aware datetimes, and over epoch seconds in
arrays for many candidates at once; and working hours of a date as such intervals."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

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
# in numpy arrays answer thousands of candidates in a few vector operations. Several
# resources share one array by adding `rank * SPACING` to their times (epoch seconds stay
# below 1e10 until the year 2286, and float64 holds whole milliseconds exactly up to
# about 9e12 seconds, so up to ~900 resources).

FOREVER = float(2**62)
SPACING = 1e10


def reach_index(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Busy intervals, in any order and possibly overlapping, as a search index:
    starts ascending, and the furthest end reached by any interval up to each, with a
    -inf sentinel in front. No merge is needed."""
    order = np.argsort(starts, kind="stable")
    reach = np.maximum.accumulate(ends[order]) if len(ends) else ends
    return starts[order], np.concatenate(([-FOREVER], reach))


def free_of(index: tuple[np.ndarray, np.ndarray], lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """For each wanted [lo, hi), whether it misses every busy interval of `index`: the
    intervals starting before `hi` all end by `lo`."""
    starts, reach = index
    return reach[np.searchsorted(starts, hi, side="left")] <= lo


def gap_index(
    ranks: np.ndarray, starts: np.ndarray, ends: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """The free gaps of `count` resources (rooms), whose busy intervals are given with the
    resource's rank, merged into one search structure for `any_free`.

    A resource is free for [lo, hi) when one of its gaps starts at or before `lo` and ends
    at or after `hi`. Sorting every gap by start and keeping the running maximum of their
    ends turns "is any resource free?" into one binary search: among the gaps starting by
    `lo`, does the furthest-reaching one reach `hi`?
    """
    shift = ranks * SPACING
    order = np.lexsort((starts, ranks))
    ranks, at, until = ranks[order], (starts + shift)[order], (ends + shift)[order]
    # Within a resource, a gap runs from the furthest end so far to the next start.
    reach = np.maximum.accumulate(until) if len(until) else until
    first = np.ones(len(ranks), dtype=bool)
    first[1:] = ranks[1:] != ranks[:-1]
    before = np.concatenate(([-FOREVER], reach[:-1]))
    gap_starts = np.where(first, -FOREVER, before - ranks * SPACING)
    gap_ends = at - ranks * SPACING
    # After each resource's last interval, free for ever; a resource with none, always.
    last = np.ones(len(ranks), dtype=bool)
    last[:-1] = ranks[:-1] != ranks[1:]
    tail_starts = reach[last] - ranks[last] * SPACING
    # A mask rather than np.setdiff1d, whose sorting cost more than the rest of this call.
    seen = np.zeros(count, dtype=bool)
    seen[ranks] = True
    idle = np.flatnonzero(~seen)
    all_starts = np.concatenate((gap_starts, tail_starts, np.full(len(idle), -FOREVER)))
    all_ends = np.concatenate((gap_ends, np.full(len(tail_starts) + len(idle), FOREVER)))
    order = np.argsort(all_starts, kind="stable")
    reach_all = np.maximum.accumulate(all_ends[order]) if len(order) else all_ends
    return all_starts[order], reach_all


def any_free(gaps: tuple[np.ndarray, np.ndarray], lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """For each wanted [lo, hi), whether some resource of `gaps` is free for all of it."""
    starts, reach = gaps
    if len(starts) == 0:
        return np.zeros(len(lo), dtype=bool)
    at = np.searchsorted(starts, lo, side="right") - 1
    return (at >= 0) & (reach[np.maximum(at, 0)] >= hi)


def local_windows(hours: Iterable[tuple[time, time]], day: date, zone: ZoneInfo) -> list[Interval]:
    """Working stretches (local wall-clock times) of one local date as UTC intervals."""
    windows = []
    for start, end in hours:
        utc_start = datetime.combine(day, start, tzinfo=zone).astimezone(UTC)
        utc_end = datetime.combine(day, end, tzinfo=zone).astimezone(UTC)
        if utc_end > utc_start:
            windows.append((utc_start, utc_end))
    return merge(windows)
