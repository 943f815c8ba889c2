"""How to reach a clinic: phone, email, address and opening hours, as pages and messages say it.

Every "please call the clinic" message goes through `call_the_clinic`, so it names the
clinic's number (and email) instead of leaving the client to look for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from triggerpoint.clinic.models import Clinic, OpeningHours

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class DayHours:
    day: str
    hours: str  # "09:00–18:00", "09:00–13:00, 14:00–18:00" or "Closed"


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    tel: str  # the phone number as a tel: link wants it
    email: str
    address_lines: list[str]
    week: list[DayHours]

    @property
    def has_hours(self) -> bool:
        return any(day.hours != "Closed" for day in self.week)


def tel_uri(phone: str) -> str:
    """'020 7946 0000' -> 'tel:02079460000'; keeps a leading + for international numbers."""
    digits = "".join(c for c in phone if c.isdecimal())
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{digits}" if digits else ""


def opening_week(clinic: Clinic) -> list[DayHours]:
    stretches: dict[int, list[str]] = {day: [] for day in range(7)}
    for row in OpeningHours.objects.filter(clinic=clinic).order_by("weekday", "opens"):
        stretches[row.weekday].append(f"{row.opens:%H:%M}–{row.closes:%H:%M}")
    return [
        DayHours(WEEKDAYS[day], ", ".join(parts) if parts else "Closed")
        for day, parts in stretches.items()
    ]


def contact_of(clinic: Clinic) -> Contact:
    return Contact(
        name=clinic.name,
        phone=clinic.phone,
        tel=tel_uri(clinic.phone),
        email=clinic.email,
        address_lines=[line.strip() for line in clinic.address.splitlines() if line.strip()],
        week=opening_week(clinic),
    )


def call_the_clinic(clinic: Clinic) -> str:
    """'call the clinic on 020 7946 0000 or email desk@example.com' (no full stop; the name
    is left out because messages pass through str.capitalize)."""
    said = "call the clinic"
    if clinic.phone:
        said += f" on {clinic.phone}"
    if clinic.email:
        said += f" or email {clinic.email}"
    return said


def hold_label(clinic: Clinic) -> str:
    """How long a waitlist offer is held, as people say it: '2 hours', '90 minutes'."""
    minutes = clinic.waitlist_hold_minutes
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minutes"
