"""A client's data rights: download everything (JSON or FHIR R4), ask for erasure and
confirm it from the emailed link. Staff see their clinic's requests.

The rules (what an export holds, what erasure removes) live in `interop` and
`clinic.privacy.deletion`; these views ask the policy, call them and write the audit trail.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from triggerpoint.clinic.messaging.emails import send_erasure_link
from triggerpoint.clinic.messaging.links import absolute_url
from triggerpoint.clinic.models import Client
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.privacy import deletion
from triggerpoint.clinic.privacy.audit import record
from triggerpoint.interop.export import export_client
from triggerpoint.interop.fhir import client_bundle_json

ERASED = (
    "body maps and pain diary",
    "visit records: session logs, findings and notes",
    "measurements and home plans",
    "your contact details and your sign-in",
)


def _own_record(request: HttpRequest) -> Client:
    client = policy.exportable_client(request.user)
    if client is None:  # require_role("client") already made sure; this narrows the type
        raise Http404("No client record.")
    return client


def _download(text: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(text, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@policy.require_role("client")
def my_data_json(request: HttpRequest) -> HttpResponse:
    """Everything the clinic holds that is linked to the signed-in client, as JSON."""
    client = _own_record(request)
    text = json.dumps(export_client(client), indent=2, ensure_ascii=False)
    record(request.user, "client.exported", client)
    return _download(text, "my-data.json", "application/json")


@require_safe
@policy.require_role("client")
def my_data_fhir(request: HttpRequest) -> HttpResponse:
    """The same record as a FHIR R4 Bundle, for another clinic's or a health app's import."""
    client = _own_record(request)
    text = client_bundle_json(client)
    record(request.user, "client.exported", client)
    return _download(text, "my-data.fhir.json", "application/fhir+json")


@require_http_methods(["GET", "HEAD", "POST"])
@policy.require_role("client")
def ask_erasure(request: HttpRequest) -> HttpResponse:
    """Step one: the client asks; the link goes to the address the clinic holds."""
    client = _own_record(request)
    sent = False
    if request.method == "POST":
        asked = deletion.ask(client, request.user, timezone.now())
        link = absolute_url("web:privacy-erase", deletion.token_for(asked))
        send_erasure_link(client, link, deletion.LINK_LIFETIME.days)
        sent = True
    context = {
        "nav": "portal",
        "client": client,
        "sent": sent,
        "erased": ERASED,
        "days": deletion.LINK_LIFETIME.days,
    }
    return render(request, "web/privacy/ask.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def erase(request: HttpRequest, token: str) -> HttpResponse:
    """Step two, from the email: one more button, then the data is gone."""
    asked = policy.erasure_of_link(token)
    if asked is None or asked.client is None:
        raise Http404("This link is not valid: it may have expired or been used already.")
    client = asked.client
    if request.method == "POST":
        signed_in_as_them = policy.client_of(request.user) == client
        deletion.erase(asked, request.user, timezone.now())
        if signed_in_as_them:
            logout(request)  # the login is gone; so is the browser session that used it
        messages.success(request, "Your personal data has been erased.")
        return redirect("web:privacy-erased")
    context = {"clinic": client.clinic, "erased": ERASED, "kept_books": True}
    return render(request, "web/privacy/erase.html", context)


@require_safe
def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy/erased.html", {})


@require_safe
@policy.require_role("therapist", "owner")
def requests(request: HttpRequest) -> HttpResponse:
    """The clinic's erasure requests: waiting for the client's confirmation, and done."""
    visible = list(policy.visible_deletion_requests(request.user).select_related("client"))
    pending = [r for r in visible if r.is_pending]
    done = [r for r in visible if not r.is_pending][:50]
    for row in pending:
        if row.client is not None:
            record(request.user, "client.viewed", row.client)
    context = {"nav": "clients", "pending": pending, "done": done}
    return render(request, "web/privacy/requests.html", context)
