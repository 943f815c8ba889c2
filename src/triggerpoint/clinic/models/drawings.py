"""Pain drawings: where a client marked pain on the body map, and how strong it was."""

from __future__ import annotations

from typing import Any, cast
from uuid import uuid4

from django.db import models

from triggerpoint.clinic.models.appointments import Appointment
from triggerpoint.clinic.models.clients import Client
from triggerpoint.clinic.treatment.intake import Mark, clean_marks, heat_values, validate_marks


class DrawingSource(models.TextChoices):
    INTAKE = "intake", "Intake (before a visit)"
    DIARY = "diary", "Pain diary"
    SESSION = "session", "During a session"


class PainDrawing(models.Model):
    """One drawing, kept as drawn: a changed drawing is a new row, so history stays."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="drawings")
    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drawings",
    )
    marks = models.JSONField(default=list, validators=[validate_marks])
    source = models.CharField(
        max_length=20, choices=DrawingSource.choices, default=DrawingSource.INTAKE
    )
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        indexes = (models.Index(fields=["client", "created_at"]),)

    def __str__(self) -> str:
        return f"Pain drawing #{self.pk}"

    @classmethod
    def for_visit(cls, appointment: Appointment, marks: Any) -> PainDrawing:
        """Store the intake drawing of a visit; the marks are checked first."""
        return cls.objects.create(
            client_id=appointment.client_id,
            appointment=appointment,
            marks=clean_marks(marks),
            source=DrawingSource.INTAKE,
        )

    @property
    def mark_list(self) -> list[Mark]:
        return cast(list[Mark], self.marks)

    def heat_values(self) -> dict[str, float]:
        return heat_values(self.mark_list)
