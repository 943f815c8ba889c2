"""The guest-booking rate limit (BOOKING_RATE, per client address) as a ninja throttle;
counted by web/rate_limits.py like every other limit of the app."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from triggerpoint.web import rate_limits


class BookingRateThrottle(BaseThrottle):
    def allow_request(self, request: HttpRequest) -> bool:
        return not rate_limits.over(request, "booking")
