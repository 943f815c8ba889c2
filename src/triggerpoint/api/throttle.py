"""The API's rate limits: guest bookings (BOOKING_RATE) as a ninja throttle, finder
drawings (FINDER_RATE) as a refusal with Retry-After; both per client address, counted by
clinic/privacy/rate_limits.py like every other limit of the app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.throttling import BaseThrottle

from triggerpoint.clinic.privacy import rate_limits


class BookingRateThrottle(BaseThrottle):
    def allow_request(self, request: HttpRequest) -> bool:
        return not rate_limits.over(request, "booking")


def refusal(request: HttpRequest, limit: rate_limits.Limit, what: str) -> HttpResponse | None:
    """Count one request against `limit`; past it, the 429 every API error looks like,
    with Retry-After in seconds. A view returns it as it is (ninja passes responses on)."""
    seconds = rate_limits.wait(request, limit)
    if seconds is None:
        return None
    response = JsonResponse(
        {"message": f"too many {what}; try again in {seconds} s", "errors": {}}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response
