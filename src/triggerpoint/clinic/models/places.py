"""Clinics and their rooms."""

from __future__ import annotations

from zoneinfo import ZoneInfo, available_timezones

from django.core.exceptions import ValidationError
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
    cancellation_notice_hours = models.PositiveSmallIntegerField(default=24)
    slot_interval_minutes = models.PositiveSmallIntegerField(
        default=15, help_text="Bookable start times fall on this grid from the start of hours."
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
