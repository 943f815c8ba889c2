"""The people who receive treatment; a login is optional (guests book by email)."""

from __future__ import annotations

from uuid import uuid4

from django.conf import settings
from django.db import models

from triggerpoint.clinic.models.places import Clinic


class Client(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="clients")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    consent_given_at = models.DateTimeField(
        null=True, blank=True, help_text="When the client agreed to the storage of their data."
    )
    date_of_birth = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("clinic_id", "name")
        indexes = (models.Index(fields=["clinic", "email"]),)

    def __str__(self) -> str:
        # Admin pages show names; logs only ever show `Client #id` (see audit).
        return self.name
