"""gunicorn server hooks (`--config python:triggerpoint.site.gunicorn_hooks`).

Each worker builds the app's per-process caches once it has loaded the app and before it
accepts its first request (site/warm.py), then freezes what it built out of the garbage
collector's sight: the atlas, the finder's tables and the search index are some 130,000
objects that live as long as the process, and a full collection walked them all, about
80 ms during which the worker answered nobody (the tail of the live-session figures in
`make bench-http`). Frozen, a collection walks only what requests made since.
"""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    from triggerpoint.site.warm import warm_up

    warm_up()
    gc.collect()  # what warm-up left over goes now, not frozen for the process's life
    gc.freeze()
