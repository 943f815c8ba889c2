"""When a clinic last reset what the finder learned from its findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from triggerpoint.clinic.models.places import Clinic


class PriorReset(models.Model):
    """Findings recorded before the latest reset no longer count towards the priors."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="prior_resets")
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ("-at", "-pk")

    def __str__(self) -> str:
        return f"Reset of {self.clinic_id} at {self.at:%Y-%m-%d %H:%M}"
