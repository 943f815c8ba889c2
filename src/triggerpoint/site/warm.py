"""What a fresh worker builds before its first request instead of during it.

The atlas, the finder's network and inference tables, the body-map drawings, the search
index, the public pages' templates and the release time (web/freshness.py) are the same
for every request and built once per process (functools.cache); without this the first
visitor of each worker waits for them (about 0.8 s on /find/, 1.1 s on a search).
Nothing here reads the database, so a worker can warm before the database answers.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

log = logging.getLogger(__name__)

PAGES = (
    "web/home.html",
    "web/find.html",
    "web/search.html",
    "web/atlas.html",
    "web/muscle.html",
    "web/booking/service.html",
)


def _atlas() -> None:
    from triggerpoint.atlas import load_atlas

    load_atlas()


def _network() -> None:
    from triggerpoint.finder.find import find
    from triggerpoint.finder.network import atlas_network

    atlas_network()
    # One small drawing fills the inference caches the first real drawing would.
    find({"temple-r": 5.0}, {}, [], top=5, symptoms={})


def _drawings() -> None:
    from triggerpoint.bodymap.regions import fine_regions
    from triggerpoint.web.views import find

    fine_regions()
    # The finder page's own context: the drawing, its zoom frames and the region groups.
    find.finder_context({"marks": []})


def _search() -> None:
    from triggerpoint.web.search.documents import static_index

    static_index()


def _templates() -> None:
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    for name in PAGES:
        try:
            get_template(name)
        except TemplateDoesNotExist:  # a page renamed since: warm the others
            log.warning("warm-up: no template %s", name)


def _release() -> None:
    from triggerpoint.web.freshness import release_time

    release_time()  # a walk over the installed files, for every page's Last-Modified


STEPS: tuple[tuple[str, Callable[[], None]], ...] = (
    ("atlas", _atlas),
    ("network", _network),
    ("drawings", _drawings),
    ("search", _search),
    ("templates", _templates),
    ("release time", _release),
)


def warm_up() -> dict[str, float]:
    """Build every per-process cache; returns the seconds each step took. A step that
    fails is logged and skipped: the request that needs it builds it (and says why)."""
    took: dict[str, float] = {}
    for name, step in STEPS:
        started = time.perf_counter()
        try:
            step()
        except Exception:
            log.exception("warm-up step %s failed", name)
            continue
        took[name] = time.perf_counter() - started
    log.info("warmed up in %.2f s (%s)", sum(took.values()), _summary(took))
    return took


def _summary(took: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in took.items())
