"""Appointments and weekly recurring series.

`start`/`end` are the service time the client sees; `blocked_start`/`blocked_end` add the
service's buffers and are what must never overlap for one therapist or one room.
"""

from __future__ import annotations

from uuid import uuid4

from django.db import models
from django.db.models import F, Q

from triggerpoint.clinic.models.clients import Client
from triggerpoint.clinic.models.places import Room
from triggerpoint.clinic.models.services import Service
from triggerpoint.clinic.models.staff import Staff


class Status(models.TextChoices):
    BOOKED = "booked", "Booked"
    COMPLETED = "completed", "Completed"
    NO_SHOW = "no_show", "No-show"
    CANCELLED = "cancelled", "Cancelled"
    # A waitlist offer keeps the time for one client until they accept or the hold lapses
    # (clinic/booking/waitlist.py); it blocks the time like a booking, so the overlap constraints
    # and the availability code need no second rule.
    HELD = "held", "Held for a waitlist offer"


# Every status but cancelled holds its time; the database constraints use the same rule.
ACTIVE = ~Q(status=Status.CANCELLED)


class RecurringSeries(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="series")
    therapist = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="series")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="series")
    first_start = models.DateTimeField()
    weeks = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "recurring series"

    def __str__(self) -> str:
        return f"Series #{self.pk} ({self.weeks} weeks)"


class Appointment(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="appointments")
    therapist = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="appointments")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="appointments")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="appointments")
    series = models.ForeignKey(
        RecurringSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    start = models.DateTimeField()
    end = models.DateTimeField()
    blocked_start = models.DateTimeField()
    blocked_end = models.DateTimeField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.BOOKED)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    cancellation_reason = models.CharField(max_length=500, blank=True)
    ics_sequence = models.PositiveIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # The front desk marks arrival; the status stays booked until completed or no-show.
    arrived_at = models.DateTimeField(null=True, blank=True)
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("start",)
        # Availability reads a therapist's or a room's bookings near a range, with these
        # five columns only (clinic/booking/busy.py): holding them all lets PostgreSQL and
        # SQLite answer from the index without visiting the table (migration 0014).
        indexes = (
            models.Index(
                fields=["therapist", "blocked_start", "blocked_end", "room", "status"],
                name="appt_therapist_busy",
            ),
            models.Index(
                fields=["room", "blocked_start", "blocked_end", "therapist", "status"],
                name="appt_room_busy",
            ),
            models.Index(fields=["status", "start"], name="appt_status_start"),
        )
        constraints = (
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appt_end_after_start"),
            models.CheckConstraint(
                condition=Q(blocked_start__lte=F("start")) & Q(blocked_end__gte=F("end")),
                name="appt_blocked_covers_service",
            ),
        )

    def __str__(self) -> str:
        return f"Appointment #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status != Status.CANCELLED

    @property
    def uid(self) -> str:
        """The iCalendar UID: stable for the life of the booking, across reschedules."""
        # The record's UUID: unique across installations and kept by export and import.
        return f"{self.uuid}@triggerpoint"


class SentReminder(models.Model):
    """One row per reminder sent: the unique pair makes a second, racing `remind` run
    fail to claim it, so each reminder goes out once whatever runs at the same moment."""

    appointment = models.ForeignKey(
        Appointment, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    lead_hours = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["appointment", "lead_hours"], name="one_reminder_per_lead"
            ),
        )

    def __str__(self) -> str:
        return f"Reminder {self.lead_hours} h for appointment #{self.appointment_id}"
