"""The audit trail: who did what to which record, and when. Never personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for guests and for the system itself.",
    )
    action = models.CharField(max_length=50)
    record_type = models.CharField(max_length=50)
    record_id = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-at",)
        indexes = (models.Index(fields=["record_type", "record_id"]),)

    def __str__(self) -> str:
        return f"{self.action} {self.record_type} #{self.record_id}"
