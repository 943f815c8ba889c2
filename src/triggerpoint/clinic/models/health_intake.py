"""The health questionnaire a client fills in before the first visit, and their answers.

Questions are data: each clinic edits its own, and every edit is a new version, so signed
answers always name the exact wording the client agreed to.
"""

from __future__ import annotations

from django.db import models

from triggerpoint.clinic.models.appointments import Appointment
from triggerpoint.clinic.models.clients import Client
from triggerpoint.clinic.models.places import Clinic


class Questionnaire(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="questionnaires")
    version = models.PositiveIntegerField()
    # A list of {"id", "kind": "yesno"|"text", "text", "flag"?}: `flag` is the warning the
    # therapist sees when a yes/no question is answered yes (clinic/treatment/health_intake.py).
    questions = models.JSONField()
    consent_text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("clinic_id", "-version")
        constraints = (
            models.UniqueConstraint(
                fields=["clinic", "version"], name="questionnaire_version_per_clinic"
            ),
        )

    def __str__(self) -> str:
        return f"Questionnaire v{self.version}"


class IntakeAnswers(models.Model):
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intake_answers")
    appointment = models.ForeignKey(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="intake"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="answers"
    )
    answers = models.JSONField()  # {question id: True/False or text}
    signed_name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "intake answers"
        ordering = ("client_id", "-signed_at")

    def __str__(self) -> str:
        return f"Intake answers #{self.pk}"
