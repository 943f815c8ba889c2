"""Last-Modified on the public pages and the public API's catalogue and schema.

A public page is made of two things that change: the installed release (code, templates,
the atlas data) and, if it asked for it, its clinic's public record (name, contact,
opening hours, services, therapists). So its modification time is the later of

- the release time: the newest file or folder of the installed package, read once per
  process (a deleted file changes its folder's time), and
- the clinic's last change, stamped in the shared cache a moment after every commit that
  touches one of those rows (clinic/people/site_changes.py); a page that never asked for
  its clinic (the body-map drawing, the API's schema) costs no look-up and no stamp.

A date is sent only when it is not later than the moment the request began. Every stamp
is later than its change's commit, so a page dated D began after every change stamped
up to D had committed, and shows it; a change committed later has a stamp after D, so
the copy dated D is sent again. ConditionalGetMiddleware answers 304 from the header;
a client that also sent If-None-Match is judged by the ETag instead.

Not dated: personal responses (no-store), pages that carry a CSRF token (their bytes
differ every time), free times (they change as the clock moves), and, for the second
after a change, that clinic's pages. A dated page says `Cache-Control: no-cache`: with
a Last-Modified and no rule, browsers would keep it for a tenth of its age unasked.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

import triggerpoint
from triggerpoint.clinic.people import site_changes
from triggerpoint.clinic.people.sites import asked_clinic
from triggerpoint.web.security import PERSONAL_PREFIXES

Handler = Callable[[HttpRequest], HttpResponseBase]

DATED_API = re.compile(r"^/api/v1/(services|therapists|openapi\.json|docs)(/|$)")
PACKAGE = Path(triggerpoint.__file__).parent


@cache
def release_time() -> int:
    """Seconds since the epoch of the newest file or folder of the installed package."""
    newest = PACKAGE.stat().st_mtime
    for top, folders, files in os.walk(PACKAGE):
        folders[:] = [name for name in folders if name != "__pycache__"]
        folder = Path(top)
        newest = max(newest, folder.stat().st_mtime)
        for name in files:
            if not name.endswith(".pyc"):
                newest = max(newest, (folder / name).stat().st_mtime)
    return int(newest)


def dated(request: HttpRequest) -> bool:
    """Is this request for a page whose modification time the site knows?"""
    if request.method not in ("GET", "HEAD"):
        return False
    return not request.path.startswith(PERSONAL_PREFIXES) or bool(DATED_API.match(request.path))


def modified(request: HttpRequest) -> int:
    """The page's modification time, after its view: the clinic counts if it was asked."""
    clinic = asked_clinic(request)
    if clinic is None:
        return release_time()
    return max(release_time(), site_changes.last_change(clinic.pk))


def label(modified_at: int, began: float) -> str | None:
    """The Last-Modified header, or None for a time after the request began."""
    return http_date(modified_at) if modified_at <= began else None


class LastModifiedMiddleware:
    """Between the session timeout and PrivateResponsesMiddleware, so it sees each
    response's final Cache-Control and ConditionalGetMiddleware sees its header."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        began = time.time()
        response = self.get_response(request)
        if not dated(request) or response.status_code != 200:
            return response
        rule = response.get("Cache-Control", "")
        if "no-store" in rule or "private" in rule or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return response
        if response.has_header("Last-Modified"):
            return response
        header = label(modified(request), began)
        if header is not None:
            response["Last-Modified"] = header
            if not rule:
                patch_cache_control(response, no_cache=True)
        return response
