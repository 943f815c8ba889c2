"""The NinjaAPI instance: routers, and errors as 4xx JSON with a message."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.errors import Throttled as ThrottledError

from triggerpoint.api import bookings, catalogue, feeds, finder
from triggerpoint.clinic.errors import BookingError, NotBookableError

api = NinjaAPI(
    title="triggerpoint",
    version="1",
    description="Services, therapists, free slots and guest bookings of triggerpoint clinics.",
    urls_namespace="api-v1",
)
api.add_router("", catalogue.router)
api.add_router("/bookings", bookings.router)
api.add_router("/calendar", feeds.router)
api.add_router("", finder.router)


def _field(location: list[object]) -> str:
    parts = [
        str(part) for part in location if part not in ("body", "query", "path", "header", "payload")
    ]
    return ".".join(parts) or "request"


@api.exception_handler(ValidationError)
def invalid_input(request: HttpRequest, error: ValidationError) -> HttpResponse:
    errors: dict[str, str] = {}
    for item in error.errors:
        message = str(item.get("msg", "invalid value")).removeprefix("Value error, ")
        errors.setdefault(_field(list(item.get("loc", []))), message)
    return api.create_response(
        request, {"message": "some fields are invalid", "errors": errors}, status=422
    )


@api.exception_handler(BookingError)
def refused(request: HttpRequest, error: BookingError) -> HttpResponse:
    status = 422 if isinstance(error, NotBookableError) else 409
    body: dict[str, object] = {"message": str(error)}
    dates = getattr(error, "dates", None)
    if dates:
        body["dates"] = [d.isoformat() for d in dates]
    return api.create_response(request, body, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return api.create_response(request, {"message": str(error) or "not found"}, status=404)


@api.exception_handler(ThrottledError)
def throttled(request: HttpRequest, error: ThrottledError) -> HttpResponse:
    return api.create_response(
        request, {"message": "too many booking requests; try again later"}, status=429
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return api.create_response(request, {"message": str(error)}, status=error.status_code)
