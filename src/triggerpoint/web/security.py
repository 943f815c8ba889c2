"""Response headers that limit what a page may load and who may frame it.

The policy allows no inline script or style: pages load their JavaScript and CSS from
our own static files, data for scripts travels in `<script type="application/json">`
blocks (which browsers never run), and the body map's heat maps use SVG presentation
attributes rather than `style=`. Scripts may still set `element.style.*` (CSSOM), which a
content security policy does not restrict.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponseBase, JsonResponse

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
        if request.path.startswith(API_PREFIX) and _body_not_json(request):
            # A form post or a text/plain body, which a page on another site can send
            # without asking the browser's permission, never reaches an operation.
            message = "send the body as JSON with Content-Type: application/json"
            return _json_error(415, message, None)
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        return _json_error(response.status_code, response.reason_phrase.lower(), response)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponseBase | None:
        if not request.path.startswith(API_PREFIX) or isinstance(exception, HTTP_ANSWERS):
            return None  # Django answers these with their 4xx, made JSON in __call__
        # Logged by type and place only: the message may quote a request's personal data.
        log.error("API error %s at %s", type(exception).__name__, request.path)
        return _json_error(500, "internal server error", None)


def _body_not_json(request: HttpRequest) -> bool:
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    return request.content_type != "application/json"


def _json_error(status: int, message: str, original: HttpResponseBase | None) -> JsonResponse:
    response = JsonResponse({"message": message, "errors": {}}, status=status)
    if original is not None and original.has_header("Allow"):
        response["Allow"] = original["Allow"]
    return response
