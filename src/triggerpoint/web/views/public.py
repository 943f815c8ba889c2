"""Pages anyone may read: home and the page about trigger point therapy."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from triggerpoint.clinic.models import Service
from triggerpoint.clinic.people.sites import site_clinic


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    clinic = site_clinic(request)
    services = Service.objects.filter(clinic_id=clinic.pk, active=True).order_by("name")
    return render(request, "web/home.html", {"services": services, "nav": "home"})


@require_safe
def therapy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/therapy.html", {"nav": "therapy"})
