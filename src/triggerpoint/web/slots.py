"""Free times as clients book them: which services and therapists take bookings, the
free starts of a local day, and the nearest free times to one that was just taken.

Shared by the booking pages and the portal's reschedule; what is free is
`clinic.booking.availability`'s, what a door may offer (horizon, notice, the client's own other
bookings) is `clinic.booking.policy`'s.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from triggerpoint.clinic.booking import policy as booking_policy
from triggerpoint.clinic.booking.availability import Slot
from triggerpoint.clinic.booking.policy import ONLINE, Rules
from triggerpoint.clinic.models import Client, Clinic, Service, Staff

NEAREST = 6


def day_label(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def zone_label(clinic: Clinic, moment: datetime) -> str:
    """'Europe/London time (BST)': the zone by name and the abbreviation in force then."""
    return f"{clinic.time_zone} time ({moment.astimezone(clinic.zone).tzname()})"


def today(clinic: Clinic, now: datetime) -> date:
    return now.astimezone(clinic.zone).date()


def bookable_services(clinic: Clinic | None = None) -> QuerySet[Service]:
    """Active services; of one clinic when given (the site's, clinic/people/sites.py)."""
    services = Service.objects.filter(active=True)
    if clinic is not None:
        services = services.filter(clinic_id=clinic.pk)
    return services.select_related("clinic").order_by("name")


def bookable_therapists(service: Service) -> QuerySet[Staff]:
    return Staff.objects.filter(clinic_id=service.clinic_id, takes_bookings=True).order_by(
        "display_name"
    )


def bookable_days(clinic: Clinic, now: datetime, rules: Rules = ONLINE) -> list[date]:
    return booking_policy.bookable_days(clinic, now, rules)


def free_slots(
    service: Service,
    day: date,
    therapist: Staff | None,
    now: datetime,
    rules: Rules = ONLINE,
    client: Client | None = None,
    exclude_appointment: int | None = None,
) -> list[Slot]:
    """Free starts on a local day; for 'first available' one per time, the first name."""
    slots = booking_policy.offered_slots(
        service, day, therapist, now, rules, client, exclude_appointment
    )
    if therapist is not None:
        return slots
    return first_per_time(slots)


def first_per_time(slots: list[Slot]) -> list[Slot]:
    first: dict[datetime, Slot] = {}
    for slot in slots:
        first.setdefault(slot.start, slot)
    return list(first.values())


def free_days(
    service: Service, therapist: Staff | None, now: datetime, rules: Rules = ONLINE
) -> dict[date, int]:
    """How many free times each day the door offers, in one pass: what
    `len(free_slots(...))` would say for each, without building the slots."""
    return booking_policy.offered_counts(service, therapist, now, rules)


def nearest_slots(
    service: Service,
    therapist: Staff | None,
    wanted: datetime,
    now: datetime,
    limit: int = NEAREST,
    rules: Rules = ONLINE,
    client: Client | None = None,
    exclude_appointment: int | None = None,
    days_ahead: int = 14,
) -> list[Slot]:
    """Free times closest to the one asked for: that day first, then up to `days_ahead`
    days after it, within the door's horizon."""
    first_day = wanted.astimezone(service.clinic.zone).date()
    last_day = min(
        booking_policy.last_bookable_day(service.clinic, now, rules),
        first_day + timedelta(days=days_ahead),
    )
    same_day = free_slots(service, first_day, therapist, now, rules, client, exclude_appointment)
    found = sorted(same_day, key=lambda slot: abs(slot.start - wanted))[:limit]
    if len(found) < limit and first_day < last_day:
        # The days after, in one pass rather than one per day.
        later = booking_policy.offered_slots_range(
            service,
            first_day + timedelta(days=1),
            last_day,
            therapist,
            now,
            rules,
            client,
            exclude_appointment,
        )
        for day in sorted(later):
            slots = later[day] if therapist is not None else first_per_time(later[day])
            found.extend(slots[: limit - len(found)])
            if len(found) >= limit:
                break
    return found


def slot_choices(slots: list[Slot], zone: ZoneInfo) -> list[dict[str, str]]:
    """Free times as the move pages list them: the instant, and its local time and day."""
    return [
        {
            "start": s.start.isoformat(),
            "time": f"{s.start.astimezone(zone):%H:%M}",
            "day": day_label(s.start.astimezone(zone).date()),
        }
        for s in slots
    ]
