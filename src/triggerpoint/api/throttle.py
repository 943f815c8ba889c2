"""Per-address rate limit for guest bookings, counted in Django's cache.

The rate is read from settings on every request (`BOOKING_RATE`, e.g. "20/h"), so an
operator can tune it and tests can tighten it.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, period = rate.partition("/")
    return int(count), PERIODS[period.strip()[:1]]


class BookingRateThrottle(BaseThrottle):
    def allow_request(self, request: HttpRequest) -> bool:
        limit, seconds = parse_rate(settings.BOOKING_RATE)
        window = int(time.time() // seconds)
        key = f"booking-rate:{self.get_ident(request)}:{window}"
        cache.add(key, 0, timeout=seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # the entry expired between add and incr
            cache.set(key, 1, timeout=seconds)
            count = 1
        return count <= limit
