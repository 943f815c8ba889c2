"""One site per clinic: the clinic of the request's host, resolved once per request.

`ClinicSiteMiddleware` puts it on `request.clinic` (looked up on first use, so a request
that never asks, such as an API poll, costs no query); pages, the booking flow, search
and the API read it through `site_clinic()`. How a host picks its clinic: clinic/sites.py.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import SimpleLazyObject

from triggerpoint.clinic.models import Clinic
from triggerpoint.clinic.sites import clinic_for_host

Handler = Callable[[HttpRequest], HttpResponseBase]


def site_clinic(request: HttpRequest) -> Clinic:
    """The clinic whose site this request is for (the default clinic when its host is no
    clinic's; an unsaved placeholder, pk None, when there is no clinic)."""
    clinic = getattr(request, "clinic", None)
    if clinic is None:  # a request that did not pass the middleware (RequestFactory)
        clinic = clinic_for_host(request.get_host())
        request.clinic = clinic  # type: ignore[attr-defined]
    return clinic


class ClinicSiteMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        host = request.get_host()  # checked against ALLOWED_HOSTS here, as before
        lazy = SimpleLazyObject(lambda: clinic_for_host(host))
        request.clinic = lazy  # type: ignore[attr-defined]
        return self.get_response(request)
