"""The body map page: mark where it hurts, see the trigger points that may send it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import etag, require_safe

from triggerpoint.clinic.treatment.intake import Mark, marks_from_params
from triggerpoint.web.finder_page import body_map_svg, finder_context


# The drawing is about 110 KB and the same for every visitor, so pages load it once by a
# versioned address and the browser keeps it; a new drawing gets a new address.
@require_safe
@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)
@etag(lambda request: body_map_svg()[1])
def map_svg(request: HttpRequest) -> HttpResponse:
    return HttpResponse(body_map_svg()[0], content_type="image/svg+xml; charset=utf-8")


def initial_drawing(request: HttpRequest) -> dict[str, list[Mark]]:
    """Marks from the address (`?mark=temple-r` or `?mark=temple-r:7`)."""
    return {"marks": marks_from_params(request.GET.getlist("mark"))}


@require_safe
def find(request: HttpRequest) -> HttpResponse:
    return render(request, "web/find.html", finder_context(initial_drawing(request)))
