"""Start-up checks for production: refuse to run where emails would go nowhere.

Each raises ImproperlyConfigured with one line that names the setting to fix and the
setting that overrides the check, so an operator who means it can say so explicitly.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from triggerpoint.site.declared import UNSENT_BACKENDS

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def email_delivers(
    backend: str, host: str, use_tls: bool, use_ssl: bool, *, allow_console: bool
) -> None:
    if backend in UNSENT_BACKENDS and not allow_console:
        raise ImproperlyConfigured(
            f"EMAIL_BACKEND is {backend.rsplit('.', 2)[-2]} in production, so no email would "
            "be delivered: set EMAIL_HOST (and EMAIL_BACKEND=smtp), or ALLOW_CONSOLE_EMAIL=true"
        )
    if backend.endswith("smtp.EmailBackend") and not host:
        raise ImproperlyConfigured("EMAIL_BACKEND is smtp but EMAIL_HOST is empty")
    if use_tls and use_ssl:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")


def is_loopback(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    if not host or host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def site_url_is_public(url: str, *, allow_loopback: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"SITE_URL must be an http(s) address, got {url!r}")
    if is_loopback(url) and not allow_loopback:
        raise ImproperlyConfigured(
            f"SITE_URL is {url} in production, so emailed links would point at this machine: "
            "set SITE_URL to the public address, or ALLOW_LOOPBACK_SITE_URL=true"
        )
