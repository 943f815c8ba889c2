"""The search page behind the box on every page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from triggerpoint.clinic.people.sites import site_clinic
from triggerpoint.web.search.documents import search as run_search

MAX_QUERY = 200


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    hits = run_search(query, clinic_id=site_clinic(request).pk) if query else []
    return render(request, "web/search.html", {"query": query, "hits": hits, "nav": "search"})
