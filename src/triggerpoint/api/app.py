"""The NinjaAPI instance: routers, and every error as JSON {"message", "errors"}.

Bodies must come as application/json and errors outside an operation (unknown path, wrong
method, a crash) are made JSON by web/security.ApiErrorsMiddleware.
"""

from __future__ import annotations

import logging

from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.errors import Throttled as ThrottledError

from triggerpoint.api import bookings, catalogue, feeds, finder
from triggerpoint.api.lookups import UnknownRecordError
from triggerpoint.clinic.errors import BookingError, GuestDetailsError, NotBookableError

log = logging.getLogger(__name__)


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


def failed(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return api.create_response(request, {"message": message, "errors": {}}, status=status)


@api.exception_handler(OverflowError)
def overflow(request: HttpRequest, error: OverflowError) -> HttpResponse:
    # SQLite cannot hold an integer beyond 64 bits; no record has such an id.
    return failed(request, 404, "not found")


@api.exception_handler(DataError)
def out_of_range(request: HttpRequest, error: DataError) -> HttpResponse:
    # PostgreSQL refuses a number beyond its column's range; no record has such an id.
    return failed(request, 404, "not found")


@api.exception_handler(BookingError)
def refused(request: HttpRequest, error: BookingError) -> HttpResponse:
    status = 422 if isinstance(error, NotBookableError) else 409
    if isinstance(error, GuestDetailsError):
        fields = {"message": "some fields are invalid", "errors": error.errors}
        return api.create_response(request, fields, status=422)
    body: dict[str, object] = {"message": str(error), "errors": {}}
    dates = getattr(error, "dates", None)
    if dates:
        body["dates"] = [d.isoformat() for d in dates]
    return api.create_response(request, body, status=status)


@api.exception_handler(UnknownRecordError)
def unknown_record(request: HttpRequest, error: UnknownRecordError) -> HttpResponse:
    body = {"message": error.message, "errors": {error.field: error.message}}
    return api.create_response(request, body, status=404)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return failed(request, 404, str(error) or "not found")


@api.exception_handler(ThrottledError)
def throttled(request: HttpRequest, error: ThrottledError) -> HttpResponse:
    return failed(request, 429, "too many booking requests; try again later")


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return failed(request, error.status_code, str(error))
