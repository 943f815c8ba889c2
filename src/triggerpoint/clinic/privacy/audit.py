"""Write the audit trail. Events name a record by type and id, never by its contents."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from triggerpoint.clinic.models import AuditEvent

Actor = AbstractBaseUser | AnonymousUser | None


def record(actor: Actor, action: str, obj: models.Model) -> AuditEvent:
    user = actor if isinstance(actor, AbstractBaseUser) and actor.pk is not None else None
    return AuditEvent.objects.create(
        actor_id=user.pk if user is not None else None,
        action=action,
        record_type=obj._meta.model_name or type(obj).__name__.lower(),
        record_id=obj.pk,
    )


def record_list(actor: Actor, action: str, clinic_id: int) -> AuditEvent:
    """A read of many records at once (a list, a search, a schedule) names the clinic whose
    records were shown; the search words stay out, as they may hold a name."""
    user = actor if isinstance(actor, AbstractBaseUser) and actor.pk is not None else None
    return AuditEvent.objects.create(
        actor_id=user.pk if user is not None else None,
        action=action,
        record_type="clinic",
        record_id=clinic_id,
    )
