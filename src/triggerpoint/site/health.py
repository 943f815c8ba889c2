"""`/healthz` and `/readyz`, answered before any other middleware.

`/healthz` says the process answers and touches nothing else: a load balancer probes it
often, and a database hiccup must not make it pull every worker at once. `/readyz` says
the process can do its work: the database and the shared cache (rate limits, sign-in
counts) both answer; otherwise 503 with the reason as JSON, so a deploy waits for it.

Both come first in MIDDLEWARE so no session, host check, HTTPS redirect or clinic look-up
runs for them: a probe comes from the proxy's own address with whatever Host it likes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponseBase, JsonResponse

log = logging.getLogger(__name__)

Handler = Callable[[HttpRequest], HttpResponseBase]
PROBE_KEY = "readyz-probe"


def _answer(body: dict[str, object], status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = str(len(response.content))  # CommonMiddleware never sees it
    return response


def healthz() -> JsonResponse:
    return _answer({"status": "ok"})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    cache.get(PROBE_KEY)  # a read: a probe every few seconds must not write


CHECKS: tuple[tuple[str, Callable[[], None]], ...] = (("database", _database), ("cache", _cache))


def readyz() -> JsonResponse:
    """Each check runs whatever the other found, so the answer names every part that
    failed: {"status", "reason", "checks": {"database": "ok", "cache": "does not answer"}}."""
    checks: dict[str, str] = {}
    for name, check in CHECKS:
        try:
            check()
        except Exception as error:  # any driver's error means "not ready", never a 500
            log.warning("readyz: %s does not answer (%s)", name, type(error).__name__)
            checks[name] = "does not answer"
        else:
            checks[name] = "ok"
    failed = [name for name, state in checks.items() if state != "ok"]
    if not failed:
        return _answer({"status": "ok", "checks": checks})
    verb = "does" if len(failed) == 1 else "do"
    reason = f"{' and '.join(failed)} {verb} not answer"
    return _answer({"status": "unavailable", "reason": reason, "checks": checks}, 503)


PROBES: dict[str, Callable[[], JsonResponse]] = {"/healthz": healthz, "/readyz": readyz}


class HealthMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        probe = PROBES.get(request.path_info.rstrip("/") or "/")
        if probe is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _answer({"message": "use GET"}, 405)
            response["Allow"] = "GET, HEAD"
            return response
        return probe()
