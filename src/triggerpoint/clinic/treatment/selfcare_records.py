"""Saving a client's finished self-treatment from the phone timer to their record."""

from __future__ import annotations

from triggerpoint.clinic.models import Client, SelfTreatment
from triggerpoint.protocol import Session, Start, session_to_dict


def save_self_treatment(client: Client, session: Session) -> SelfTreatment:
    """Keep a finished session (the engine's record, log included). Raises ValueError for
    one that has not started or not finished."""
    first = session.events[0] if session.events else None
    if not isinstance(first, Start) or len(first.plan) != 1:
        raise ValueError("a self-treatment session treats one trigger point")
    if session.phase != "done":
        raise ValueError("finish the session before saving it")
    return SelfTreatment.objects.create(
        client=client,
        trigger_point=first.plan[0],
        started_at=first.at,
        cycles=len(session.holds),
        record=session_to_dict(session),
    )
