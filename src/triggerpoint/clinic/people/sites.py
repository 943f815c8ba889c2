"""One site per clinic: which clinic a host name is the site of, resolved once per request.

Each clinic lists its host names (`Clinic.hosts`); a request for a host that no clinic
lists gets the default clinic, the first one created (lowest id), so a single-clinic
install needs no setting and `localhost` shows the demo clinic. With no clinic at all,
an unsaved placeholder named "triggerpoint", whose services, staff and bookings are none.

`ClinicSiteMiddleware` puts the request's clinic on `request.clinic` (looked up on first
use, so a request that never asks, such as an API poll, costs no query); the pages, the
booking flow, search and the API read it through `site_clinic()`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q
from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import SimpleLazyObject

from triggerpoint.clinic.models import Clinic

PLACEHOLDER_NAME = "triggerpoint"
Handler = Callable[[HttpRequest], HttpResponseBase]


def host_name(host: str) -> str:
    """`Book.North.example:8000` -> `book.north.example`; an IPv6 literal keeps its brackets."""
    name = host.strip().lower()
    if name.startswith("["):
        return name.partition("]")[0] + "]"
    return name.rpartition(":")[0] if ":" in name else name


def clinic_for_host(host: str) -> Clinic:
    """The clinic whose site `host` is, else the default clinic: one query either way."""
    name = host_name(host).rstrip(".")
    first = Clinic.objects.order_by("pk").values("pk")[:1]
    # The clinics whose hosts contain the name (checked exactly below) and the default.
    found = list(Clinic.objects.filter(Q(hosts__icontains=name) | Q(pk=first)).order_by("pk"))
    for clinic in found:
        if name and name in clinic.host_names():
            return clinic
    return found[0] if found else Clinic(name=PLACEHOLDER_NAME)


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
