"""Top-level URLs. Other apps add one `path(..., include(...))` line each."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, path

from triggerpoint.api.app import api
from triggerpoint.site import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
