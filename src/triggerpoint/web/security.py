"""Response headers that limit what a page may load and who may frame it.

The policy allows no inline script or style: pages load their JavaScript and CSS from
our own static files, data for scripts travels in `<script type="application/json">`
blocks (which browsers never run), and the body map's heat maps use SVG presentation
attributes rather than `style=`. Scripts may still set `element.style.*` (CSSOM), which a
content security policy does not restrict.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

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
