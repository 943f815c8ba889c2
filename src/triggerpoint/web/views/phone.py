"""The client's phone during a guided session: join by code, big 0-10 buttons and STOP.

No sign-in: the join code is the key, wrong codes are counted per address and answer 404,
and a code stops working when its visit ends (web/session_access.py). The phone gets its
small JSON state pushed (session_stream.py), polls it when it cannot, and posts each tap
as it happens, so closing the browser loses nothing.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from triggerpoint.clinic.treatment import sessions
from triggerpoint.clinic.treatment.sessions import SessionError
from triggerpoint.web.session_access import TooManyMissesError, joined_visit
from triggerpoint.web.session_state import (
    POLL_MS,
    client_state,
    int_or_none,
    polled,
    posted_fields,
    wants_json,
)


def _too_many(request: HttpRequest, as_json: bool) -> HttpResponse:
    message = "Too many wrong codes from here. Please wait ten minutes or ask your therapist."
    if as_json:
        return JsonResponse({"error": message}, status=429)
    return render(request, "web/session/join.html", {"error": message}, status=429)


class JoinForm(forms.Form):
    code = forms.CharField(
        max_length=12,
        label="Session code",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = "".join(form.cleaned_data["code"].split()).upper()
        try:
            visit = joined_visit(request, code)
        except TooManyMissesError:
            return _too_many(request, as_json=False)
        except Http404:
            form.add_error("code", "No session is running with this code. Check it and try again.")
        else:
            return redirect("web:join-phone", code=visit.join_code)
    return render(
        request, "web/session/join.html", {"form": form}, status=400 if form.errors else 200
    )


@require_safe
@never_cache
def phone(request: HttpRequest, code: str) -> HttpResponse:
    try:
        visit = joined_visit(request, code)
    except TooManyMissesError:
        return _too_many(request, as_json=False)
    context = {
        "code": visit.join_code,
        "state": client_state(sessions.settle(visit)),
        "poll_ms": POLL_MS,
    }
    context["scale"] = range(11)
    return render(request, "web/session/phone.html", context)


@require_safe
@never_cache
def phone_state(request: HttpRequest, code: str) -> HttpResponse:
    try:
        visit = joined_visit(request, code)
    except TooManyMissesError:
        return JsonResponse({"error": "too many wrong codes"}, status=429)
    except Http404:
        return JsonResponse({"ended": True, "error": "This session has ended."}, status=404)
    return polled(request, client_state(sessions.settle(visit)))


@require_POST
def phone_event(request: HttpRequest, code: str) -> HttpResponse:
    as_json = wants_json(request)
    try:
        visit = joined_visit(request, code)
    except TooManyMissesError:
        return _too_many(request, as_json)
    except Http404:
        if as_json:
            return JsonResponse({"ended": True, "error": "This session has ended."}, status=404)
        raise
    try:
        posted = posted_fields(request)
        live = sessions.act(
            visit,
            str(posted.get("kind") or ""),
            by="client",
            intensity=int_or_none(posted.get("intensity")),
        )
    except SessionError as error:
        if as_json:
            return JsonResponse({"error": str(error)}, status=409)
        messages.error(request, str(error))
        return redirect("web:join-phone", code=visit.join_code)
    if as_json:
        return JsonResponse(client_state(live))
    return redirect("web:join-phone", code=visit.join_code)
