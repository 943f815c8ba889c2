"""The booking rules, written once and applied by every door (web pages, API, portal,
front desk, command line, admin).

`clinic.booking.appointments` calls `check_booking` and `check_change` inside its
transactions, so no door can skip them; the doors call `offered_slots`, `bookable_days`
and `validate_guest` to show only what a booking may be. Availability
(`clinic.booking.availability`) decides what is free; this module decides what may be
asked for:

- the slot grid: a start falls on the clinic's `slot_interval_minutes` counted from the
  start of the working stretch it lies in, to the whole minute (no 09:07:13.123);
- the horizon: online bookings open `booking_horizon_days` ahead (default 90); the front
  desk may book further, up to a year and a week (a year of weekly visits), never 2099;
- the notice: online bookings start `booking_notice_minutes` from now at the earliest
  (default 2 hours); clients cancel or move online only `cancellation_notice_hours`
  ahead (default 24). Staff may override either notice, never the grid or an overlap;
- a client never holds two active bookings whose times overlap, with any therapist;
- buffers and rooms are the availability's (`place_booking` blocks the buffers);
- guest details: one validator (name, email, optional phone, consent) for every form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from triggerpoint.clinic.booking.availability import Slot, available_slots_range, free_counts
from triggerpoint.clinic.booking.intervals import local_windows
from triggerpoint.clinic.booking.placement import span, working_hours
from triggerpoint.clinic.errors import GuestDetailsError, NotBookableError, TooLateToCancelError
from triggerpoint.clinic.models import ACTIVE, Appointment, Client, Clinic, Service, Staff, Status
from triggerpoint.clinic.people.contact import call_the_clinic

# The front desk books a weekly series a year ahead; nothing books further.
STAFF_HORIZON_DAYS = 366 + 7

# A phone number is optional; when given it holds at least five digits and only the
# characters people write between them. The API's schema publishes the same pattern.
PHONE_PATTERN = r"^$|^(?:[ +().\-]*[0-9]){5}[0-9 +().\-]*$"
PHONE_MAX = 40
NAME_MAX = 200
EMAIL_MAX = 254
_PHONE = re.compile(PHONE_PATTERN)


class Door(StrEnum):
    """Where a request comes from. Clients' doors apply the online rules; staff's doors
    apply the same ones unless a person overrides the notice for one booking."""

    WEB = "web"
    API = "api"
    PORTAL = "portal"
    FRONT_DESK = "front-desk"
    CLI = "cli"
    ADMIN = "admin"

    @property
    def staff(self) -> bool:
        return self in (Door.FRONT_DESK, Door.CLI, Door.ADMIN)


@dataclass(frozen=True)
class Rules:
    """How one request is judged: the door, and whether staff waived the notice."""

    door: Door = Door.WEB
    override_notice: bool = False

    def __post_init__(self) -> None:
        if self.override_notice and not self.door.staff:
            raise ValueError("only staff may override the notice")


ONLINE = Rules(Door.WEB)


# Horizon and notice.


def today(clinic: Clinic, now: datetime) -> date:
    return now.astimezone(clinic.zone).date()


def horizon_days(clinic: Clinic, rules: Rules) -> int:
    return STAFF_HORIZON_DAYS if rules.door.staff else clinic.booking_horizon_days


def last_bookable_day(clinic: Clinic, now: datetime, rules: Rules = ONLINE) -> date:
    """A horizon of 90 days is today and the 89 days after it."""
    return today(clinic, now) + timedelta(days=horizon_days(clinic, rules) - 1)


def bookable_days(clinic: Clinic, now: datetime, rules: Rules = ONLINE) -> list[date]:
    """The local dates a door offers, today first."""
    first = today(clinic, now)
    return [first + timedelta(days=n) for n in range(horizon_days(clinic, rules))]


def booking_notice(clinic: Clinic, rules: Rules = ONLINE) -> timedelta:
    if rules.override_notice:
        return timedelta()
    return timedelta(minutes=clinic.booking_notice_minutes)


def change_notice(clinic: Clinic, rules: Rules = ONLINE) -> timedelta:
    if rules.override_notice:
        return timedelta()
    return timedelta(hours=clinic.cancellation_notice_hours)


def _hours(notice: timedelta) -> str:
    minutes = int(notice.total_seconds() // 60)
    if minutes % 60:
        return f"{minutes} minutes'"
    hours = minutes // 60
    return "1 hour's" if hours == 1 else f"{hours} hours'"


def earliest_start(clinic: Clinic, now: datetime, rules: Rules = ONLINE) -> datetime:
    """The first start this door may book at `now`: after the notice (none when waived)."""
    return now + booking_notice(clinic, rules)


def notice_allows_booking(clinic: Clinic, start: datetime, now: datetime, rules: Rules) -> bool:
    return start >= earliest_start(clinic, now, rules)


def notice_allows_change(appointment: Appointment, now: datetime, rules: Rules = ONLINE) -> bool:
    """A booked appointment may be cancelled or moved this far ahead of its start."""
    notice = change_notice(appointment.service.clinic, rules)
    return appointment.status == Status.BOOKED and appointment.start - now >= notice


def check_change(appointment: Appointment, now: datetime, rules: Rules, verb: str) -> None:
    """Refuse a cancellation or a move inside the notice window (the notice rule, once)."""
    if appointment.status != Status.BOOKED:
        raise NotBookableError(f"only a booked appointment can be {verb}")
    if not notice_allows_change(appointment, now, rules):
        notice = _hours(change_notice(appointment.service.clinic, rules))
        raise TooLateToCancelError(
            f"bookings are {verb} online with at least {notice} notice; "
            f"please {call_the_clinic(appointment.service.clinic)}"
        )


# Attendance, as the front desk marks it.

ARRIVED, COMPLETED, NO_SHOW = "arrived", Status.COMPLETED.value, Status.NO_SHOW.value
ATTENDANCE = (ARRIVED, COMPLETED, NO_SHOW)


def attendance_error(appointment: Appointment, mark: str, now: datetime) -> str | None:
    """Why `mark` cannot be set now, or None. Arrival counts from the start of the
    appointment's local day; completed and no-show once it has begun."""
    if mark not in ATTENDANCE:
        return "mark arrived, completed or no-show"
    if appointment.status != Status.BOOKED:
        return "only a booked appointment is marked"
    zone = appointment.service.clinic.zone
    if mark == ARRIVED:
        if appointment.arrived_at is not None:
            return "the client is already marked as arrived"
        if now.astimezone(zone).date() < appointment.start.astimezone(zone).date():
            return "arrival is marked on the day of the appointment"
        return None
    if appointment.start > now:
        return "attendance is marked once the appointment has begun"
    if mark == NO_SHOW and appointment.arrived_at is not None:
        return "the client arrived, so this is not a no-show"
    return None


# The slot grid.


def on_grid(service: Service, therapist_id: int, start: datetime) -> bool:
    """True when `start` is one of the starts availability offers for that day's hours."""
    if start.second or start.microsecond:
        return False
    clinic = service.clinic
    zone = clinic.zone
    day = start.astimezone(zone).date()
    step = timedelta(minutes=clinic.slot_interval_minutes)
    hours = working_hours([therapist_id], day.weekday()).get(therapist_id, [])
    for window_start, window_end in local_windows(hours, day, zone):
        if window_start <= start < window_end:
            return (start - window_start) % step == timedelta()
    # Outside the hours: availability says why (place_booking), not the grid.
    return True


# One check for a new booking or a move.


def check_booking(
    *,
    service: Service,
    therapist_id: int,
    start: datetime,
    client: Client | None,
    now: datetime,
    rules: Rules,
    exclude_appointment: int | None = None,
) -> None:
    """Everything but the therapist's and the rooms' calendars (availability checks those)."""
    clinic = service.clinic
    if start < now:
        raise NotBookableError("that time has passed")
    if start.astimezone(clinic.zone).date() > last_bookable_day(clinic, now, rules):
        days = horizon_days(clinic, rules)
        raise NotBookableError(f"bookings open {days} days ahead; choose an earlier date")
    if not on_grid(service, therapist_id, start):
        minutes = clinic.slot_interval_minutes
        raise NotBookableError(
            f"start times fall every {minutes} minutes from the start of the therapist's "
            "hours; choose one of the free times offered"
        )
    if not notice_allows_booking(clinic, start, now, rules):
        notice = _hours(booking_notice(clinic, rules))
        raise NotBookableError(
            f"online bookings start at least {notice} notice from now; "
            f"please {call_the_clinic(clinic)}"
        )
    if client is not None and overlaps_own(client, service, start, exclude_appointment):
        raise NotBookableError("you already have a booking at that time")


def overlaps_own(
    client: Client, service: Service, start: datetime, exclude_appointment: int | None = None
) -> bool:
    """Whether the client holds another active booking whose time meets this one."""
    place = span(service, start)
    others = Appointment.objects.filter(
        ACTIVE, client=client, start__lt=place.end, end__gt=place.start
    )
    if exclude_appointment is not None:
        others = others.exclude(pk=exclude_appointment)
    return others.exists()


# What the doors offer.


def offered_slots(
    service: Service,
    day: date,
    therapist: Staff | None,
    now: datetime,
    rules: Rules = ONLINE,
    client: Client | None = None,
    exclude_appointment: int | None = None,
) -> list[Slot]:
    """Availability's free starts that the rules let this door book (horizon, notice, the
    client's own other bookings)."""
    found = offered_slots_range(
        service, day, day, therapist, now, rules, client, exclude_appointment
    )
    return found.get(day, [])


def offered_slots_range(
    service: Service,
    first: date,
    last: date,
    therapist: Staff | None,
    now: datetime,
    rules: Rules = ONLINE,
    client: Client | None = None,
    exclude_appointment: int | None = None,
) -> dict[date, list[Slot]]:
    """`offered_slots` for every local date from `first` to `last`, from one availability
    pass over the range; days with nothing offered are left out."""
    clinic = service.clinic
    first = max(first, today(clinic, now))
    last = min(last, last_bookable_day(clinic, now, rules))
    if first > last:
        return {}
    # Availability from the earliest start the notice allows, not every start from now.
    earliest = earliest_start(clinic, now, rules)
    offered = available_slots_range(service, first, last, therapist, earliest)
    if client is not None and offered:
        own = _own_bookings(client, offered, exclude_appointment)
        offered = {
            day: kept
            for day, slots in offered.items()
            if (kept := [s for s in slots if not any(a < s.end and s.start < b for a, b in own)])
        }
    return offered


def _own_bookings(
    client: Client, offered: dict[date, list[Slot]], exclude_appointment: int | None
) -> list[tuple[datetime, datetime]]:
    """The client's other active bookings over the offered times: a client never overlaps
    themselves, whichever therapist they see."""
    start = min(slots[0].start for slots in offered.values())
    end = max(slots[-1].end for slots in offered.values())
    others = Appointment.objects.filter(ACTIVE, client=client, start__lt=end, end__gt=start)
    if exclude_appointment is not None:
        others = others.exclude(pk=exclude_appointment)
    return list(others.values_list("start", "end"))


def offered_counts(
    service: Service, therapist: Staff | None, now: datetime, rules: Rules = ONLINE
) -> dict[date, int]:
    """How many distinct start times each bookable day offers (the booking date page), in
    one pass over the door's horizon. A start inside the notice is never offered, so the
    count starts from the earliest start the notice allows (what `offered_slots` keeps)."""
    clinic = service.clinic
    days = bookable_days(clinic, now, rules)
    earliest = earliest_start(clinic, now, rules)
    return free_counts(service, days[0], days[-1], therapist, earliest)


# Guest details: the same rules on every form.


@dataclass(frozen=True)
class GuestDetails:
    name: str
    email: str
    phone: str


def name_error(name: str) -> str | None:
    if not name.strip():
        return "enter a name"
    if len(name.strip()) > NAME_MAX:
        return f"a name holds at most {NAME_MAX} characters"
    return None


def email_error(email: str) -> str | None:
    email = email.strip()
    if len(email) > EMAIL_MAX:
        return f"an email address holds at most {EMAIL_MAX} characters"
    try:
        validate_email(email)
    except ValidationError:
        return "enter a valid email address"
    return None


def phone_error(phone: str) -> str | None:
    phone = phone.strip()
    if len(phone) > PHONE_MAX:
        return f"a phone number holds at most {PHONE_MAX} characters"
    if not _PHONE.match(phone):
        return "a phone number holds at least 5 digits, and spaces and + - ( ) . only"
    return None


def validate_guest(name: str, email: str, phone: str = "", consent: bool = True) -> GuestDetails:
    """The cleaned details, or GuestDetailsError naming each field that is wrong.

    The phone is optional: the clinic reaches guests by email (confirmations, reminders,
    links), and asks only for what it needs.
    """
    errors = {
        field: message
        for field, message in (
            ("name", name_error(name)),
            ("email", email_error(email)),
            ("phone", phone_error(phone)),
            ("consent", None if consent else "the clinic can only book you in with your consent"),
        )
        if message
    }
    if errors:
        raise GuestDetailsError(errors)
    return GuestDetails(" ".join(name.split()), email.strip().lower(), phone.strip())
