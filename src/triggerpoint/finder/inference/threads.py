"""One BLAS thread for the finder's matrix products.

The inference multiplies small matrices (a few key states by at most 2^16 subsets), far
below the size where OpenBLAS gains from threads; on a busy 2-core machine its worker
threads spin while waiting for a core, and the measured CPU time of a 16-mark `find()`
ran to 25 ms median and 165 ms p99 against 11 ms and 18 ms on one thread (bench/finder.py
drawings, load average 10). The limit is process-wide (numpy has one BLAS pool) and set
once, when the inference is first imported; nothing else in the app does large linear
algebra.
"""

from __future__ import annotations

from threadpoolctl import threadpool_limits

_done = False


def single_threaded_blas() -> None:
    global _done
    if not _done:
        threadpool_limits(limits=1, user_api="blas")
        _done = True
