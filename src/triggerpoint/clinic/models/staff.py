"""Staff of a clinic (owners and therapists), their weekly hours and their time off."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from triggerpoint.clinic.models.places import Clinic


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    THERAPIST = "therapist", "Therapist"


class Staff(models.Model):
    """A person working at a clinic; therapists take bookings, owners run the place."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.THERAPIST)
    display_name = models.CharField(max_length=200)
    takes_bookings = models.BooleanField(default=True)
    # Part of the signed calendar-feed link: a new value (a reset) voids the old link.
    feed_key = models.CharField(max_length=32, blank=True, default="", editable=False)

    class Meta:
        verbose_name_plural = "staff"
        ordering = ("clinic_id", "display_name")

    def __str__(self) -> str:
        return self.display_name


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class WorkingHours(models.Model):
    """One stretch of work on a weekday, in the clinic's local wall-clock time."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        verbose_name_plural = "working hours"
        ordering = ("staff_id", "weekday", "start")
        constraints = (
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="hours_end_after_start"),
        )

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class TimeOff(models.Model):
    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="time_off")
    start = models.DateTimeField()
    end = models.DateTimeField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "time off"
        ordering = ("staff_id", "start")
        constraints = (
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="time_off_end_after_start"
            ),
        )

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} to {self.end:%Y-%m-%d %H:%M}"
