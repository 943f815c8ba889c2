"""A client's own guided self-treatments at home, saved from the self-care timer."""

from __future__ import annotations

from django.db import models

from triggerpoint.clinic.models.clients import Client


class SelfTreatment(models.Model):
    """One timed self-treatment of one trigger point; `record` is the protocol engine's
    session record (its event log replays to the holds shown)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="self_treatments")
    trigger_point = models.CharField(max_length=100)
    started_at = models.DateTimeField()
    cycles = models.PositiveSmallIntegerField()
    record = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-started_at", "-pk")
        indexes = (models.Index(fields=["client", "started_at"]),)


class HomePlanCheck(models.Model):
    """A client ticked a home-plan item as done on one day (the clinic's calendar day)."""

    item = models.ForeignKey("clinic.HomePlanItem", on_delete=models.CASCADE, related_name="checks")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-day",)
        constraints = (models.UniqueConstraint(fields=["item", "day"], name="one_check_a_day"),)
