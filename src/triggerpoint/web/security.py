"""Response headers that limit what a page may load and who may frame it.

The policy allows no inline script or style: pages load their JavaScript and CSS from
our own static files, data for scripts travels in `<script type="application/json">`
blocks (which browsers never run), and the body map's heat maps use SVG presentation
attributes rather than `style=`. Scripts may still set `element.style.*` (CSSOM), which a
content security policy does not restrict.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponseBase, JsonResponse
from django.shortcuts import render
from ninja.operation import PathView

from triggerpoint.clinic.people import access as policy

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
    ]
)

Handler = Callable[[HttpRequest], HttpResponseBase]


class ContentSecurityPolicyMiddleware:
    """Sets the policy on every response that has not set its own."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response


API_PREFIX = "/api/"
HTTP_ANSWERS = (Http404, PermissionDenied, BadRequest, SuspiciousOperation)


class ApiErrorsMiddleware:
    """Under /api/, every error is JSON {"message", "errors"}: also an unknown path, a
    wrong method and a crash, which Django would answer with an HTML page."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        return _json_error(response.status_code, response.reason_phrase.lower(), response)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponseBase | None:
        if not request.path.startswith(API_PREFIX) or not _body_not_json(request):
            return None
        if not _has_operation(view, request):
            return None  # the view answers 405, which says more than 415
        # A form post or a text/plain body, which a page on another site can send without
        # asking the browser's permission, never reaches an operation.
        return _json_error(415, "send the body as JSON with Content-Type: application/json", None)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        if not request.path.startswith(API_PREFIX) or isinstance(exception, HTTP_ANSWERS):
            return None  # Django answers these with their 4xx, made JSON in __call__
        # Logged by type and place only: the message may quote a request's personal data.
        log.error("API error %s at %s", type(exception).__name__, request.path)
        return _json_error(500, "internal server error", None)


def _has_operation(view: Callable[..., Any], request: HttpRequest) -> bool:
    """Whether ninja's view for this path has an operation for the request's method; its
    PathView is reachable only through the view function's closure."""
    for cell in getattr(view, "__closure__", None) or ():
        if isinstance(cell.cell_contents, PathView):
            return any(request.method in op.methods for op in cell.cell_contents.operations)
    return True


def _body_not_json(request: HttpRequest) -> bool:
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    return request.content_type != "application/json"


def _json_error(status: int, message: str, original: HttpResponseBase | None) -> JsonResponse:
    response = JsonResponse({"message": message, "errors": {}}, status=status)
    if original is not None and original.has_header("Allow"):
        response["Allow"] = original["Allow"]
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponseBase:
    """CSRF_FAILURE_VIEW: the site's own page (JSON under /api/), not Django's bare one."""
    if request.path.startswith(API_PREFIX):
        return _json_error(403, "the CSRF token is missing or wrong", None)
    return render(request, "403_csrf.html", status=403)


# Browser features no page of the app uses, switched off for every page and any frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "magnetometer",
        "gyroscope",
        "accelerometer",
        "display-capture",
        "interest-cohort",
    )
)
# Pages holding someone's health record or account; shared caches and the browser's
# back-forward store must not keep them.
PERSONAL_PREFIXES = ("/portal/", "/staff/", "/admin/", "/accounts/", "/book/", "/join/", "/api/")
# The API's reads that are the same for everyone: the catalogue, free times and the API's
# own schema and docs. Kept by caches, but asked again each time (ETag, Last-Modified).
PUBLIC_API_READS = re.compile(
    r"^/api/v1/(services|therapists|availability|openapi\.json|docs)(/|$)"
)


class PrivateResponsesMiddleware:
    """Permissions-Policy on every response; Cache-Control: no-store on every personal one
    (anything shown to a signed-in user, and the personal addresses above), no-cache on
    the API's public reads."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        signed_in = getattr(getattr(request, "user", None), "is_authenticated", False)
        public_read = request.method in ("GET", "HEAD") and PUBLIC_API_READS.match(request.path)
        if signed_in or (request.path.startswith(PERSONAL_PREFIXES) and not public_read):
            response["Cache-Control"] = "no-store, private"
        elif public_read:
            response["Cache-Control"] = "no-cache"
        return response


SIGNED_IN_AT = "signed_in_at"
SEEN_AT = "seen_at"


def mark_sign_in(sender: object, request: HttpRequest | None, **kwargs: object) -> None:
    """On user_logged_in: the absolute lifetime counts from this moment, not from the
    first page after it, and a second sign-in in the same browser starts a new count
    (login() keeps the session's data when the same user signs in again)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[SIGNED_IN_AT] = now
        request.session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Signs a user out after SESSION_IDLE_MINUTES_STAFF (therapists, owners) or
    SESSION_IDLE_MINUTES_CLIENT without a request, and SESSION_MAX_HOURS after signing in
    whatever they do. A shared clinic computer is the risk the short staff timeout covers."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False):
            now = time.time()
            session = request.session
            # Set at sign-in (mark_sign_in); a session from before that receiver existed
            # starts counting at its first request.
            started = float(session.setdefault(SIGNED_IN_AT, now))
            seen = float(session.setdefault(SEEN_AT, now))
            staff = policy.role_of(user) in policy.STAFF_ROLES
            idle = (
                settings.SESSION_IDLE_MINUTES_STAFF
                if staff
                else settings.SESSION_IDLE_MINUTES_CLIENT
            )
            if now - seen > idle * 60 or now - started > settings.SESSION_MAX_HOURS * 3600:
                logout(request)
            elif now - seen > 30:  # saved at most twice a minute, not on every request
                session[SEEN_AT] = now
        return self.get_response(request)
