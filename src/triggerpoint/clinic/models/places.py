"""Clinics and their rooms."""

from __future__ import annotations

from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


def validate_time_zone(name: str) -> None:
    if name not in available_timezones():
        raise ValidationError(f"{name!r} is not an IANA time zone such as Europe/London")


class Clinic(models.Model):
    name = models.CharField(max_length=200)
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    address = models.TextField(blank=True)
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

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


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
