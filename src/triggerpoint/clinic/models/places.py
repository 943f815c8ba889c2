"""Clinics and their rooms."""

from __future__ import annotations

from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def validate_time_zone(name: str) -> None:
    if name not in available_timezones():
        raise ValidationError(f"{name!r} is not an IANA time zone such as Europe/London")


MAX_LEAD_HOURS = 24 * 14


def parse_lead_hours(text: str) -> list[int]:
    """'48,2' -> [48, 2]: distinct whole hours between 1 and two weeks, longest first."""
    try:
        hours = {int(part) for part in text.split(",") if part.strip()}
    except ValueError:
        raise ValidationError("reminder lead times are whole hours, e.g. 48,2") from None
    if any(not 1 <= h <= MAX_LEAD_HOURS for h in hours):
        raise ValidationError(f"each reminder lead time is 1 to {MAX_LEAD_HOURS} hours")
    return sorted(hours, reverse=True)


def validate_lead_hours(text: str) -> None:
    parse_lead_hours(text)


class Clinic(models.Model):
    name = models.CharField(max_length=200)
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    address = models.TextField(blank=True)
    phone = models.CharField(max_length=40, blank=True, help_text="Shown in every page's footer.")
    email = models.EmailField(blank=True, help_text="Shown in every page's footer.")
    waitlist_hold_minutes = models.PositiveSmallIntegerField(
        default=120, help_text="How long a waitlist offer holds a freed time for the client."
    )
    cancellation_notice_hours = models.PositiveSmallIntegerField(
        default=24, help_text="Clients cancel or move a booking online at least this long ahead."
    )
    booking_horizon_days = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text="Online bookings open this many days ahead.",
    )
    booking_notice_minutes = models.PositiveIntegerField(
        default=120,
        validators=[MaxValueValidator(60 * 24 * 14)],
        help_text="Online bookings start at least this many minutes from now.",
    )
    slot_interval_minutes = models.PositiveSmallIntegerField(
        default=15, help_text="Bookable start times fall on this grid from the start of hours."
    )
    reminder_lead_hours = models.CharField(
        max_length=60,
        default="48,2",
        validators=[validate_lead_hours],
        help_text="Hours before a visit that reminders go out, comma-separated (e.g. 48,2).",
    )
    hosts = models.CharField(
        max_length=500,
        blank=True,
        help_text="Host names of this clinic's own site, separated by spaces or commas "
        "(e.g. book.north.example). A host no clinic names shows the first clinic.",
    )

    def __str__(self) -> str:
        return self.name

    def host_names(self) -> set[str]:
        return {name.lower().rstrip(".") for name in self.hosts.replace(",", " ").split()}

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def reminder_leads(self) -> list[int]:
        """The reminder lead times in hours, longest first (a bad value means none)."""
        try:
            return parse_lead_hours(self.reminder_lead_hours)
        except ValidationError:
            return []


class OpeningHours(models.Model):
    """When the clinic's door and phone are open on one weekday (local wall-clock time).

    Separate from each therapist's working hours, which decide the bookable slots.
    """

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        choices=[
            (0, "Monday"),
            (1, "Tuesday"),
            (2, "Wednesday"),
            (3, "Thursday"),
            (4, "Friday"),
            (5, "Saturday"),
            (6, "Sunday"),
        ]
    )
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        verbose_name_plural = "opening hours"
        ordering = ("clinic_id", "weekday", "opens")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="opening_closes_after_opens"
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class RoomKind(models.TextChoices):
    TREATMENT = "treatment", "Treatment room"
    SPA = "spa", "Spa suite"
    STUDIO = "studio", "Exercise studio"


class Room(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=20, choices=RoomKind.choices, default=RoomKind.TREATMENT)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("clinic_id", "id")

    def __str__(self) -> str:
        return self.name
