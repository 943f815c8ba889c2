"""Django's password reset, with the app's rate limits (clinic/rate_limits.py).

Per client address the form is refused with a 429 page; per email address the page says
the usual "check your inbox" but sends nothing more, so the form can neither flood an inbox
nor tell who has an account.
"""

from __future__ import annotations

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from triggerpoint.clinic import rate_limits


class LimitedPasswordResetView(PasswordResetView):
    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        if rate_limits.over(self.request, "password-reset"):
            return render(self.request, "429.html", status=429)
        if rate_limits.over(self.request, "reset-email", per=form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
