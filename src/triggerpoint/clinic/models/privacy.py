"""A client's request to have their personal data erased, from asking to done.

The row itself holds no personal data: once the client is erased it keeps only the
dates, so staff can show the request was honoured and when.
"""

from __future__ import annotations

from django.db import models

from triggerpoint.clinic.models.clients import Client
from triggerpoint.clinic.models.places import Clinic


class DeletionRequest(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="deletion_requests")
    client = models.ForeignKey(
        Client,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deletion_requests",
        help_text="Empty once the client's record is gone.",
    )
    requested_at = models.DateTimeField()
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at", "-pk")

    def __str__(self) -> str:
        return f"Deletion request #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.erased_at is None
