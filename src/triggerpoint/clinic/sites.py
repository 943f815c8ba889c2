"""Which clinic a host name is the site of.

Each clinic lists its host names (`Clinic.hosts`); a request for a host that no clinic
lists gets the default clinic, the first one created (lowest id), so a single-clinic
install needs no setting and `localhost` shows the demo clinic. With no clinic at all,
an unsaved placeholder named "triggerpoint", whose services, staff and bookings are none.
"""

from __future__ import annotations

from django.db.models import Q

from triggerpoint.clinic.models import Clinic

PLACEHOLDER_NAME = "triggerpoint"


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
