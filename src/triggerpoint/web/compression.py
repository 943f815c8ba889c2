"""Brotli or gzip for the public pages and the public API, never for personal responses.

Why not everything: BREACH. A compressed response's length tells an eavesdropper whether
a guess matches a secret in the same response, when they can also make the victim's
browser send a guess that the page reflects (a search box, a name field). So:

- Personal responses are not compressed at all. That is every response marked
  `Cache-Control: private` (web/security.PrivateResponsesMiddleware marks all a signed-in
  user sees and the personal addresses: /portal/, /staff/, /book/, /api/, ...).
- Public pages are compressed. Their only secret is the CSRF token, which Django masks
  with a fresh random value in every response, so no two responses share it to guess at.
  gzip also gets Django's length randomisation (GZipMiddleware's "Heal the BREACH"
  padding, up to 100 bytes in the gzip header).
- Public API answers under /api/ (the catalogue, free times, the finder and the API's own
  schema and docs) are compressed though marked private: they carry no secret at all and
  do not depend on who asks (no cookie changes them).

Only GET and HEAD answers are compressed, except the finder's POST (public, see above).
Static files are not handled here: WhiteNoise sends their .br/.gz copies (site/static_storage.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import brotli
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

Handler = Callable[[HttpRequest], HttpResponseBase]

MIN_SIZE = 200  # below this, the headers cost more than compression saves
BROTLI_QUALITY = 5  # per response: 11 would take ~20x longer for ~8% smaller pages
GZIP_PADDING = 100  # bytes at most, as Django's GZipMiddleware
TYPES = (
    "text/html",
    "application/json",
    "image/svg+xml",
    "text/css",
    "text/javascript",
    "application/javascript",
    "text/plain",
)
PUBLIC_API = re.compile(r"^/api/v1/(services|therapists|availability|find|openapi\.json|docs)(/|$)")
PUBLIC_API_POST = re.compile(r"^/api/v1/find$")


def _accepts(request: HttpRequest, coding: str) -> bool:
    for part in str(request.META.get("HTTP_ACCEPT_ENCODING", "")).split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() != coding:
            continue
        quality = params.strip().removeprefix("q=").strip()
        try:
            return not quality or float(quality) > 0
        except ValueError:
            return True
    return False


def public(request: HttpRequest, response: HttpResponseBase) -> bool:
    """May this response be compressed without a BREACH risk (see the module's note)?"""
    if request.method == "POST":
        return bool(PUBLIC_API_POST.match(request.path))
    if request.method not in ("GET", "HEAD"):
        return False
    if "private" not in response.get("Cache-Control", ""):
        return True
    return bool(PUBLIC_API.match(request.path))


def compressible(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.streaming or response.has_header("Content-Encoding"):
        return False
    if not isinstance(response, HttpResponse) or len(response.content) < MIN_SIZE:
        return False
    kind = response.get("Content-Type", "").split(";")[0].strip().lower()
    return kind in TYPES and public(request, response)


class CompressionMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not compressible(request, response):
            return response
        assert isinstance(response, HttpResponse)  # compressible() checked it
        # Caches must keep one copy per encoding, whether or not this one is compressed.
        patch_vary_headers(response, ("Accept-Encoding",))
        if _accepts(request, "br"):
            body, coding = brotli.compress(response.content, quality=BROTLI_QUALITY), "br"
        elif _accepts(request, "gzip"):
            body = compress_string(response.content, max_random_bytes=GZIP_PADDING)
            coding = "gzip"
        else:
            return response
        if len(body) >= len(response.content):
            return response
        response.content = body
        response["Content-Length"] = str(len(body))
        response["Content-Encoding"] = coding
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            # The bytes differ from the uncompressed ones: a strong ETag would promise not.
            response["ETag"] = "W/" + etag
        return response
