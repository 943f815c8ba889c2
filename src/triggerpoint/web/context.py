"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from triggerpoint.clinic import access as policy
from triggerpoint.clinic.models import Clinic


def clinic(request: HttpRequest) -> dict[str, str]:
    first = Clinic.objects.order_by("pk").only("name").first()
    return {"clinic_name": first.name if first else "triggerpoint"}


def role(request: HttpRequest) -> dict[str, str]:
    """The signed-in user's role, so the layout shows each role its own links."""
    return {"role": policy.role_of(request.user)}
