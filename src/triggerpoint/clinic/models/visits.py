"""What happens in the treatment room: the visit, its guided session log, and the
findings per trigger point examined."""

from __future__ import annotations

import secrets
from uuid import uuid4

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from triggerpoint.clinic.models.appointments import Appointment
from triggerpoint.clinic.models.clients import Client
from triggerpoint.clinic.models.staff import Staff

# No 0/O or 1/I/L: the client types the code on a phone while lying on a table.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class Visit(models.Model):
    """One treatment visit; the guided session runs inside it."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)

    appointment = models.OneToOneField(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="visit"
    )
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="visits")
    therapist = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="visits")
    planned_points = models.JSONField(
        default=list, help_text="Sided trigger point ids in the order they will be treated."
    )
    join_code = models.CharField(max_length=12, default=new_join_code)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = (
            # A code opens only one live session at a time.
            models.UniqueConstraint(
                fields=["join_code"], condition=Q(ended_at__isnull=True), name="visit_live_code"
            ),
        )

    def __str__(self) -> str:
        return f"Visit #{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.ended_at is None


class SessionEvent(models.Model):
    """One protocol event, stored the moment it happens so a closed browser loses nothing.

    `data` is the event as `triggerpoint.protocol` serialises it; replaying the rows in
    `seq` order rebuilds the session exactly.
    """

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=30)
    at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        ordering = ("visit_id", "seq")
        constraints = (models.UniqueConstraint(fields=["visit", "seq"], name="event_seq_once"),)

    def __str__(self) -> str:
        return f"{self.kind} #{self.seq}"


class Finding(models.Model):
    """What the therapist found at one trigger point during a visit."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="findings")
    trigger_point = models.CharField(max_length=100)
    taut_band = models.BooleanField(default=False)
    spot_tenderness = models.BooleanField(default=False)
    recognised = models.BooleanField(
        default=False, help_text="The client recognised the pressure-evoked pain as their own."
    )
    referral_regions = models.JSONField(default=list, blank=True)
    local_twitch = models.BooleanField(default=False)
    # Three algometer trials in kg/cm2; the mean is stored in both units for export.
    ppt_trials = models.JSONField(default=list, blank=True)
    ppt_kg_cm2 = models.FloatField(null=True, blank=True)
    ppt_kpa = models.FloatField(null=True, blank=True)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("visit_id", "pk")
        constraints = (
            models.UniqueConstraint(fields=["visit", "trigger_point"], name="finding_once"),
        )

    def __str__(self) -> str:
        return f"Finding at {self.trigger_point}"


class MeasureTiming(models.TextChoices):
    BEFORE = "before", "Before treatment"
    AFTER = "after", "After treatment"
    BETWEEN = "between", "Between visits (diary)"


class Measurement(models.Model):
    """One outcome value (pain NRS, PGIC, PPT, range of motion, NDI) at one moment.

    `measure` is an id from `triggerpoint.outcomes.measures`, which knows its unit,
    range and what counts as a meaningful change.
    """

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="measurements")
    visit = models.ForeignKey(
        Visit, on_delete=models.CASCADE, null=True, blank=True, related_name="measurements"
    )
    measure = models.CharField(max_length=60)
    value = models.FloatField()
    timing = models.CharField(
        max_length=10, choices=MeasureTiming.choices, default=MeasureTiming.BEFORE
    )
    site = models.CharField(
        max_length=100, blank=True, help_text="Region or trigger point, e.g. for PPT."
    )
    detail = models.JSONField(default=dict, blank=True, help_text="e.g. NDI item answers.")
    measured_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("client_id", "measured_at", "pk")
        indexes = (models.Index(fields=["client", "measure", "measured_at"]),)

    def __str__(self) -> str:
        return f"{self.measure} = {self.value:g}"


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class Note(models.Model):
    """The SOAP note of a visit. Once signed it is locked; changes are amendments."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="note")
    subjective = models.TextField(blank=True)
    objective = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    plan = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Note for visit #{self.visit_id}"

    @property
    def is_locked(self) -> bool:
        return self.status == NoteStatus.SIGNED


class NoteAmendment(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="amendments")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("note_id", "at", "pk")

    def __str__(self) -> str:
        return f"Amendment #{self.pk}"


class HomePlan(models.Model):
    """Stretches and aftercare given to a client, usually at the end of a visit."""

    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="home_plans")
    visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="home_plans"
    )
    advice = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"Home plan #{self.pk}"


class HomePlanItem(models.Model):
    plan = models.ForeignKey(HomePlan, on_delete=models.CASCADE, related_name="items")
    stretch = models.CharField(max_length=100, help_text="A stretch id from the atlas.")
    muscle = models.CharField(max_length=100, blank=True)
    hold_seconds = models.PositiveSmallIntegerField(validators=[MaxValueValidator(600)])
    repetitions = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    frequency = models.CharField(max_length=100)

    class Meta:
        ordering = ("plan_id", "pk")

    def __str__(self) -> str:
        return self.stretch


class PriorCount(models.Model):
    """A clinic's own record of how often a trigger point was confirmed when examined.

    Beta-Bernoulli counts the finder adds to the atlas prior; resetting deletes the rows.
    """

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.CASCADE, related_name="prior_counts"
    )
    trigger_point = models.CharField(max_length=100)
    examined = models.PositiveIntegerField(default=0)
    confirmed = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["clinic", "trigger_point"], name="prior_once"),
            models.CheckConstraint(
                condition=Q(confirmed__lte=models.F("examined")), name="prior_confirmed_le_examined"
            ),
        )

    def __str__(self) -> str:
        return f"{self.trigger_point}: {self.confirmed}/{self.examined}"
