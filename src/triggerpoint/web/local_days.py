"""Clinic-local days for the staff pages: today in the clinic's zone, a day's UTC start.

Shared by the therapist's schedule and the owner's report so neither view module imports
the other; times are stored in UTC and only these helpers turn them into local dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone


def local_today(zone: ZoneInfo) -> date:
    """Today's date where the clinic is, whatever the server's zone."""
    return timezone.now().astimezone(zone).date()


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant at which `day` starts in `zone` (DST days included)."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)
