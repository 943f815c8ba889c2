"""Stable resource ids and FHIR instants, shared by the bundle and its records."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def instant(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def derived_id(base: uuid.UUID, *parts: object) -> str:
    """The id of a resource made from part of a record: stable as long as the record is."""
    if not parts:
        return str(base)
    return str(uuid.uuid5(base, "/".join(str(p) for p in parts)))
