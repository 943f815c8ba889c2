"""Top-level URLs. Other apps add one `path(..., include(...))` line each."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from triggerpoint.api.app import api
from triggerpoint.web.views.password_change import LockedPasswordChangeView
from triggerpoint.web.views.password_reset import LimitedPasswordResetView

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("triggerpoint.web.urls")),
    # Before Django's own, so reset emails are rate limited (clinic/privacy/rate_limits.py).
    path("accounts/password_reset/", LimitedPasswordResetView.as_view(), name="password_reset"),
    # Wrong old passwords count towards the sign-in lockout (web/views/password_change.py).
    path(
        "accounts/password_change/",
        LockedPasswordChangeView.as_view(),
        name="password_change",
    ),
    # After the web app, whose sign-in page answers /accounts/login/ first.
    path("accounts/", include("django.contrib.auth.urls")),
]
