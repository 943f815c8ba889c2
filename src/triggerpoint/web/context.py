"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.people.contact import Contact, contact_of
from triggerpoint.clinic.people.sites import site_clinic


def clinic(request: HttpRequest) -> dict[str, str]:
    """The name of the clinic whose site this is, looked up once per request."""
    return {"clinic_name": site_clinic(request).name}


def role(request: HttpRequest) -> dict[str, str]:
    """The signed-in user's role, so the layout shows each role its own links."""
    return {"role": policy.request_role(request)}


def contact(request: HttpRequest) -> dict[str, Contact | None]:
    """The site's clinic's phone, email, address and opening hours for every page's footer."""
    clinic = site_clinic(request)
    return {"clinic_contact": contact_of(clinic) if clinic.pk is not None else None}
