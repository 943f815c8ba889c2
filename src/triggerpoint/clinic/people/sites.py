"""One site per clinic: which clinic a host name is the site of, resolved once per request.

Each clinic lists its host names (`Clinic.hosts`); a request for a host that no clinic
lists gets the default clinic, the first one created (lowest id), so a single-clinic
install needs no setting and `localhost` shows the demo clinic. With no clinic at all,
an unsaved placeholder named "triggerpoint", whose services, staff and bookings are none.

`ClinicSiteMiddleware` puts the request's clinic on `request.clinic` (looked up on first
use, so a request that never asks, such as an API poll, costs no query); the pages, the
booking flow, search and the API read it through `site_clinic()`.

Signed-in pages (staff, the client portal) honour the host too, through `honour_host()`,
which the access policy's `require_role` calls: a person of clinic A on a host clinic B
lists is refused with the way to A's site, since showing B's records would leak them
and showing A's under B's name would mislead. On a host no clinic lists (an address, a
name for the whole install) they work on their own clinic, and the pages say its name.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponseBase
from django.utils.functional import SimpleLazyObject, empty

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


def asked_clinic(request: HttpRequest) -> Clinic | None:
    """The request's clinic if anything has asked for it yet, else None (and no query)."""
    clinic = getattr(request, "clinic", None)
    if isinstance(clinic, SimpleLazyObject) and clinic._wrapped is empty:
        return None
    return cast(Clinic | None, clinic)


def address_on_site(clinic: Clinic, request: HttpRequest) -> str | None:
    """This page on the clinic's own site (its first host, the port the browser used),
    or None when the clinic lists no host name."""
    hosts = clinic.hosts.replace(",", " ").split()
    if not hosts:
        return None
    asked = request.get_host()
    port = "" if asked.endswith("]") or ":" not in asked else ":" + asked.rpartition(":")[2]
    return f"{request.scheme}://{hosts[0].lower()}{port}{request.get_full_path()}"


class OtherClinicsSite(PermissionDenied):
    """Signed in for one clinic on another clinic's site (a 403 saying where to go)."""

    def __init__(self, own: Clinic, site: Clinic, address: str | None) -> None:
        where = (
            f"open {address} (you may need to sign in there)"
            if address
            else f"ask {own.name}'s owner to list its host name (Clinic, Hosts, in the admin)"
        )
        super().__init__(
            f"You are signed in for {own.name}, and this is {site.name}'s site: its pages "
            f"show only {site.name}'s records. To work on {own.name}'s, {where}."
        )
        self.own, self.site, self.address = own, site, address


LISTED_SECONDS = 10.0  # how long a worker trusts its copy of every clinic's host names
_listed: tuple[float, dict[str, int]] = (float("-inf"), {})


def listed_hosts() -> dict[str, int]:
    """Every host name a clinic lists, to that clinic's id (the lowest id when two list
    it, as clinic_for_host picks). Read at most every LISTED_SECONDS per process and
    again after a clinic is saved here, so a staff poll costs no query for it; another
    worker sees an owner's new host name within those seconds."""
    global _listed
    read_at, hosts = _listed
    if time.monotonic() - read_at < LISTED_SECONDS:
        return hosts
    hosts = {}
    for pk, names in Clinic.objects.exclude(hosts="").order_by("-pk").values_list("pk", "hosts"):
        for name in names.replace(",", " ").split():
            hosts[name.lower().rstrip(".")] = pk
    _listed = (time.monotonic(), hosts)
    return hosts


def forget_hosts(**kwargs: object) -> None:
    global _listed
    _listed = (float("-inf"), {})


post_save.connect(forget_hosts, sender=Clinic, dispatch_uid="sites-forget-hosts")
post_delete.connect(forget_hosts, sender=Clinic, dispatch_uid="sites-forget-hosts-deleted")


def honour_host(request: HttpRequest, clinic_id: int) -> None:
    """A signed-in person of clinic `clinic_id` on this host: a host their clinic lists
    passes; another clinic's raises OtherClinicsSite; on a host no clinic lists, this
    request's site becomes their own clinic (looked up only if the page asks)."""
    site_id = listed_hosts().get(host_name(request.get_host()).rstrip("."))
    if site_id == clinic_id:
        return
    if site_id is None:
        request.clinic = SimpleLazyObject(  # type: ignore[attr-defined]
            lambda: Clinic.objects.get(pk=clinic_id)
        )
        return
    own, site = Clinic.objects.get(pk=clinic_id), Clinic.objects.get(pk=site_id)
    raise OtherClinicsSite(own, site, address_on_site(own, request))


class ClinicSiteMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        host = request.get_host()  # checked against ALLOWED_HOSTS here, as before
        lazy = SimpleLazyObject(lambda: clinic_for_host(host))
        request.clinic = lazy  # type: ignore[attr-defined]
        return self.get_response(request)
