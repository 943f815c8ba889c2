"""Top-level URLs. Other apps add one `path(..., include(...))` line each."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from triggerpoint.api.app import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("", include("triggerpoint.web.urls")),
    # After the web app, whose throttled sign-in page answers /accounts/login/ first.
    path("accounts/", include("django.contrib.auth.urls")),
]
