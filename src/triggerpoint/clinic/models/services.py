"""What a clinic offers: duration, buffers, price and the kind of room it needs."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from triggerpoint.clinic.models.places import Clinic, RoomKind


class Service(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # A booking never spans more than a day; availability queries rely on that bound.
    duration_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(5), MaxValueValidator(12 * 60)]
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(120)]
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(120)]
    )
    price = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0.00"))
    room_kind = models.CharField(
        max_length=20, choices=RoomKind.choices, default=RoomKind.TREATMENT
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ("clinic_id", "name")

    def __str__(self) -> str:
        return self.name

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def buffer_before(self) -> timedelta:
        return timedelta(minutes=self.buffer_before_minutes)

    @property
    def buffer_after(self) -> timedelta:
        return timedelta(minutes=self.buffer_after_minutes)
