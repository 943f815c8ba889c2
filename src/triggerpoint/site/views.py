"""The minimal home page until the web app takes over `/`."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from triggerpoint.clinic.models import Clinic


def home(request: HttpRequest) -> HttpResponse:
    clinics = Clinic.objects.prefetch_related("services").order_by("name")
    return render(request, "site/home.html", {"clinics": clinics})
