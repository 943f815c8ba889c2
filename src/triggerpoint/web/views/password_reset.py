"""Django's password reset, with the app's rate limits (clinic/privacy/rate_limits.py).

Per client address the form is refused with a 429 page; per email address the page says
the usual "check your inbox" but sends nothing more, so the form can neither flood an inbox
nor tell who has an account. The email itself goes through clinic/messaging/emails.py, with its link
built from SITE_URL rather than the request's Host header.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from triggerpoint.clinic.messaging import emails
from triggerpoint.clinic.messaging.links import absolute_url
from triggerpoint.clinic.privacy import rate_limits


class ClinicPasswordResetForm(PasswordResetForm):
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        link = absolute_url("password_reset_confirm", context["uid"], context["token"])
        emails.send_password_reset(to_email, link=link, username=context["user"].get_username())


class LimitedPasswordResetView(PasswordResetView):
    form_class = ClinicPasswordResetForm

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if rate_limits.over(self.request, "password-reset"):
            return render(self.request, "429.html", status=429)
        if rate_limits.over(self.request, "reset-email", per=form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
