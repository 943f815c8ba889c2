"""Django's password change, with wrong old passwords counted by the sign-in lockout.

The form checks the old password itself (not through authenticate()), so django-axes
would never see a guess. Here each wrong one is reported as a failed sign-in for that
username from that address, the same count as the sign-in forms (web/login_throttle.py):
a stolen open session cannot be used to guess the password without limit, and while
locked even the right old password is refused.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest


class LockedPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_old_password(self) -> str:
        credentials = {"username": self.user.get_username()}
        if AxesProxyHandler.is_locked(self.request, credentials):
            # AxesMiddleware answers a request marked so with its lockout page (429).
            self.request.axes_locked_out = True  # type: ignore[attr-defined]
            raise forms.ValidationError("Too many failed attempts.", code="locked")
        old_password = str(self.cleaned_data["old_password"])
        if not self.user.check_password(old_password):
            user_login_failed.send(sender=__name__, credentials=credentials, request=self.request)
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class LockedPasswordChangeView(PasswordChangeView):
    form_class = LockedPasswordChangeForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}
