"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from triggerpoint.clinic import access as policy
from triggerpoint.clinic.contact import Contact, contact_of
from triggerpoint.clinic.models import Clinic


def clinic(request: HttpRequest) -> dict[str, str]:
    first = Clinic.objects.order_by("pk").only("name").first()
    return {"clinic_name": first.name if first else "triggerpoint"}


def role(request: HttpRequest) -> dict[str, str]:
    """The signed-in user's role, so the layout shows each role its own links."""
    return {"role": policy.role_of(request.user)}


def contact(request: HttpRequest) -> dict[str, Contact | None]:
    """The clinic's phone, email, address and opening hours for every page's footer."""
    first = Clinic.objects.order_by("pk").first()
    return {"clinic_contact": contact_of(first) if first else None}
