"""Erasing a client's personal data, on their request, confirmed from their own inbox.

The client asks; an email carries a signed link that expires; following it and
confirming erases. Clinical records go (drawings, visits with their session log,
findings and notes, measurements, home plans, series); appointments stay for the
clinic's books, stripped of anything personal, on a client row that keeps no name or
contact. The audit trail keeps its entries (they name records by id only) and gains one
for the erasure.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import models, transaction

from triggerpoint.clinic.models import (
    Client,
    DeletionRequest,
    HomePlan,
    Measurement,
    PainDrawing,
    RecurringSeries,
    Staff,
    Visit,
)
from triggerpoint.clinic.privacy.audit import Actor, record

PURPOSE = "triggerpoint.clinic.erase"
LINK_LIFETIME = timedelta(days=7)
ERASED_NAME = "Erased client"


def token_for(request: DeletionRequest) -> str:
    return signing.dumps(request.pk, salt=PURPOSE, compress=False)


def request_of(token: str) -> DeletionRequest | None:
    """The pending request a link names; None if forged, expired, used or withdrawn."""
    try:
        pk = signing.loads(token, salt=PURPOSE, max_age=LINK_LIFETIME)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    if not isinstance(pk, int):
        return None
    return (
        DeletionRequest.objects.filter(pk=pk, erased_at__isnull=True, client__isnull=False)
        .select_related("client__clinic")
        .first()
    )


def ask(client: Client, actor: Actor, now: datetime) -> DeletionRequest:
    """Open (or reopen) the client's request; the caller emails `token_for` it."""
    pending = DeletionRequest.objects.filter(client=client, erased_at__isnull=True).first()
    if pending is None:
        pending = DeletionRequest.objects.create(
            clinic_id=client.clinic_id, client=client, requested_at=now
        )
    else:
        pending.requested_at = now
        pending.save(update_fields=["requested_at"])
    record(actor, "deletionrequest.created", pending)
    return pending


@transaction.atomic
def erase(request: DeletionRequest, actor: Actor, now: datetime) -> None:
    """Remove the client's personal data; keep anonymised appointments and the audit trail."""
    client = request.client
    if client is None or request.erased_at is not None:
        return
    Visit.objects.filter(client=client).delete()  # events, findings, notes, their measurements
    Measurement.objects.filter(client=client).delete()
    HomePlan.objects.filter(client=client).delete()
    PainDrawing.objects.filter(client=client).delete()
    appointments = client.appointments.all()
    appointments.update(cancellation_reason="", idempotency_key=None, series=None)
    RecurringSeries.objects.filter(client=client).delete()
    _scrub_admin_log(client)
    login = client.user_id
    record(actor, "client.erased", client)
    request.erased_at = now
    request.save(update_fields=["erased_at"])
    if appointments.exists():
        client.name = ERASED_NAME
        client.email = ""
        client.phone = ""
        client.notes = ""
        client.consent_given_at = None
        client.user = None
        client.save()
    else:
        client.delete()  # the request keeps its dates; its client link empties
    if login is not None and not Staff.objects.filter(user_id=login).exists():
        get_user_model().objects.filter(pk=login).delete()


def _scrub_admin_log(client: Client) -> None:
    """The admin log copies a record's name into `object_repr` (a login's is its email
    address): keep the entries, not the name. The app's admin writes none any more
    (clinic/admin_scope.py), but older rows may hold them."""
    rows: list[tuple[type[models.Model], int]] = [(Client, client.pk)]
    if client.user_id is not None:
        rows.append((get_user_model(), client.user_id))
    for model, pk in rows:
        kind = ContentType.objects.get_for_model(model)
        LogEntry.objects.filter(content_type=kind, object_id=str(pk)).update(
            object_repr=f"{model._meta.model_name} #{pk}", change_message=""
        )
