"""gunicorn server hooks (`--config python:triggerpoint.site.gunicorn_hooks`).

Each worker builds the app's per-process caches once it has loaded the app and before it
accepts its first request (site/warm.py).
"""

from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    from triggerpoint.site.warm import warm_up

    warm_up()
