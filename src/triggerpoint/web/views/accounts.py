"""Signing in (throttled) and claiming guest bookings with an account.

Password reset, change and sign-out are Django's own views (`django.contrib.auth.urls`)
with this app's templates under `templates/registration/`.

A guest who booked by email claims their bookings by asking for a signed, expiring link
sent to that address, then choosing a password; the new login is linked to their client
record. The page says the same whether or not the address is known, so it cannot be used
to find out who is a client.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, login
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.contrib.auth.views import LoginView
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from triggerpoint.clinic.messaging import emails
from triggerpoint.clinic.messaging.links import absolute_url
from triggerpoint.clinic.models import Client
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.people import claims
from triggerpoint.clinic.privacy import rate_limits

CLAIM_SALT = "triggerpoint.web.claim"
CLAIM_MAX_AGE = 2 * 24 * 3600  # seconds; long enough to find the email, short enough to expire


class ThrottledAuthenticationForm(AuthenticationForm):
    """Failures are counted and locked out by django-axes (web/login_throttle.py)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Client accounts are named by their email address; staff may have other names.
        self.fields["username"].label = "Email or username"


class SignInView(LoginView):
    authentication_form = ThrottledAuthenticationForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "nav": "account"}

    def get_default_redirect_url(self) -> str:
        if policy.request_role(self.request) == "client":
            return reverse("web:portal")
        return str(super().get_default_redirect_url())


class ClaimForm(forms.Form):
    email = forms.EmailField(max_length=254, label="The email address you booked with")


def claim_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=CLAIM_SALT, compress=False)


def email_of_claim(token: str) -> str | None:
    """The address a claim link was sent to, or None when forged, mangled or expired."""
    try:
        value = signing.loads(token, salt=CLAIM_SALT, max_age=CLAIM_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return value if isinstance(value, str) else None


def _unclaimed(email: str) -> Client | None:
    return claims.unclaimed_record(email)


def _send_claim_email(request: HttpRequest, email: str) -> None:
    """A claim link when there are bookings to claim, a sign-in note when already claimed."""
    # A few claim emails per address (CLAIM_EMAIL_RATE), so the form cannot flood an inbox.
    if rate_limits.over(request, "claim-email", per=email):
        return
    if _unclaimed(email) is not None:
        claimed, link = False, absolute_url("web:claim-finish", claim_token(email))
    elif claims.is_claimed(email):
        claimed, link = True, absolute_url("password_reset")
    else:
        return
    emails.send_claim_link(email, link=link, hours=CLAIM_MAX_AGE // 3600, already_claimed=claimed)


@require_http_methods(["GET", "HEAD", "POST"])
def claim_start(request: HttpRequest) -> HttpResponse:
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _send_claim_email(request, form.cleaned_data["email"].strip().lower())
        return redirect("web:claim-sent")
    context = {"form": form, "nav": "account"}
    return render(
        request, "registration/claim_form.html", context, status=400 if form.errors else 200
    )


@require_safe
def claim_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/claim_sent.html", {"nav": "account"})


@require_http_methods(["GET", "HEAD", "POST"])
def claim_finish(request: HttpRequest, token: str) -> HttpResponse:
    email = email_of_claim(token)
    user_model = get_user_model()
    client = _unclaimed(email) if email else None
    if (
        email is None
        or client is None
        or user_model.objects.filter(username__iexact=email).exists()
    ):
        context = {"expired": email is None, "nav": "account"}
        return render(request, "registration/claim_invalid.html", context, status=400)
    user = user_model(username=email, email=email)
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                form.save()
                claims.link_login(client, user)
        except (IntegrityError, claims.AlreadyClaimedError):
            context = {"expired": False, "nav": "account"}
            return render(request, "registration/claim_invalid.html", context, status=400)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("web:portal")
    context = {"form": form, "email": email, "nav": "account"}
    return render(
        request, "registration/claim_password.html", context, status=400 if form.errors else 200
    )
