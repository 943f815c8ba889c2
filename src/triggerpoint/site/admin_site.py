"""Django's admin site, opened by the policy module rather than by the `is_staff` flag.

Only a clinic's owner signs in here, and every list, choice and save is limited to that
clinic (see clinic/admin.py). Therapists and clients use the app's own pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from triggerpoint.clinic.people import access as policy


class OwnerSignInForm(AuthenticationForm):
    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if policy.admin_clinic(user) is None:
            raise ValidationError(
                "The admin is for clinic owners; please sign in on the app's own page.",
                code="not_owner",
            )


class OwnersAdminSite(admin.AdminSite):
    site_header = "triggerpoint: clinic records"
    site_title = "triggerpoint admin"
    login_form = OwnerSignInForm

    def has_permission(self, request: HttpRequest) -> bool:
        return policy.admin_clinic_here(request) is not None
