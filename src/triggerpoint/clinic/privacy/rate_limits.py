"""Every rate limit of the app, counted by django-ratelimit in the shared cache.

One address function (`client_ip`) serves these limits and the sign-in lockout (django-axes,
see web/login_throttle.py), so the operator's TRUSTED_PROXIES reaches all of them. The
cache is shared by every worker (the database by default, Redis with REDIS_URL), so a limit
means the same with one gunicorn worker or eight.
"""

from __future__ import annotations

import hashlib
import ipaddress
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

Limit = Literal[
    "booking", "password-reset", "reset-email", "claim-email", "join-code-miss", "finder"
]

# Each limit's rate is a setting ("count/period", e.g. "20/h"), read on every request so
# tests and operators can change it.
RATE_SETTINGS: dict[Limit, str] = {
    "booking": "BOOKING_RATE",  # per address: guest bookings
    "password-reset": "PASSWORD_RESET_RATE",  # per address: reset forms sent
    "reset-email": "RESET_EMAIL_RATE",  # per email address: reset emails sent
    "claim-email": "CLAIM_EMAIL_RATE",  # per email address: claim links sent
    "join-code-miss": "JOIN_CODE_RATE",  # per address: wrong session join codes
    "finder": "FINDER_RATE",  # per address: drawings sent to the finder API
}


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXIES = n the address the
    outermost trusted proxy saw, n entries from the right of X-Forwarded-For. Entries
    further left are the client's own claims and are never believed."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(settings.TRUSTED_PROXIES)
    if proxies <= 0:
        return remote
    chain = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    chain = [hop for hop in chain if hop]
    if not chain:
        return remote
    candidate = chain[-proxies] if len(chain) >= proxies else chain[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _digest(value: str) -> str:
    # Cache keys hold no email addresses.
    return hashlib.sha256(value.strip().lower().encode()).hexdigest()


def _usage(request: HttpRequest, limit: Limit, per: str | None, count: bool) -> tuple[int, int]:
    used, allowed, _left = _usage_left(request, limit, per, count)
    return used, allowed


def _usage_left(
    request: HttpRequest, limit: Limit, per: str | None, count: bool
) -> tuple[int, int, int]:
    who = _digest(per) if per is not None else client_ip(request)
    rate = str(getattr(settings, RATE_SETTINGS[limit]))
    usage = get_usage(request, group=limit, key=lambda _g, _r: who, rate=rate, increment=count)
    if usage is None:  # RATELIMIT_ENABLE is off
        return 0, 1, 0
    return int(usage["count"]), int(usage["limit"]), int(usage["time_left"])


def over(request: HttpRequest, limit: Limit, *, per: str | None = None) -> bool:
    """Count one event of `limit` and say whether it passes the limit. Counted per client
    address, or per `per` (an email address, hashed)."""
    used, allowed = _usage(request, limit, per, count=True)
    return used > allowed


def exhausted(request: HttpRequest, limit: Limit, *, per: str | None = None) -> bool:
    """Count nothing; say whether the limit is used up (the next event would pass it)."""
    used, allowed = _usage(request, limit, per, count=False)
    return used >= allowed


def wait(request: HttpRequest, limit: Limit, *, per: str | None = None) -> int | None:
    """Count one event of `limit`: None when it passes, else the seconds until the window
    ends (for a Retry-After header)."""
    used, allowed, left = _usage_left(request, limit, per, count=True)
    return max(1, left) if used > allowed else None
