"""Failed sign-ins counted per username and address in the cache, to slow password guessing.

Five failures within fifteen minutes lock that username from that address until the window
ends; a correct password is refused too while locked, or guessing would go on unhindered.
Counting per username *and* address means a stranger cannot lock a client out from
everywhere by failing on purpose.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

LIMIT = 5
WINDOW_SECONDS = 15 * 60


def _key(username: str, request: HttpRequest | None) -> str:
    address = request.META.get("REMOTE_ADDR", "") if request is not None else ""
    # Hashed so cache keys hold no email addresses and no characters a cache rejects.
    digest = hashlib.sha256(f"{username.strip().lower()}|{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


def is_locked(username: str, request: HttpRequest | None) -> bool:
    return int(cache.get(_key(username, request), 0)) >= LIMIT


def failed(username: str, request: HttpRequest | None) -> None:
    key = _key(username, request)
    # The window starts at the first failure and is not extended by later ones.
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)


def succeeded(username: str, request: HttpRequest | None) -> None:
    cache.delete(_key(username, request))
