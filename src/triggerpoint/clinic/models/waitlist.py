"""The waitlist: who wants a time that is not free, and the offers made when one frees up.

An offer holds the time with an appointment row in the `held` status (so the database's
overlap constraints keep everyone else off it) until the client accepts, declines or the
hold lapses; see clinic/booking/waitlist.py.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from triggerpoint.clinic.models.appointments import Appointment
from triggerpoint.clinic.models.clients import Client
from triggerpoint.clinic.models.places import Clinic
from triggerpoint.clinic.models.services import Service
from triggerpoint.clinic.models.staff import Staff


class EntryStatus(models.TextChoices):
    WAITING = "waiting", "Waiting"
    OFFERED = "offered", "Offered a time"
    BOOKED = "booked", "Booked"
    CLOSED = "closed", "Closed"  # left the list, or its dates passed


class WaitlistEntry(models.Model):
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="waitlist")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="waitlist")
    therapist = models.ForeignKey(
        Staff,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="waitlist",
        help_text="Empty: any therapist.",
    )
    # A signed-in client joins as themselves; a guest leaves a name and an email, and
    # becomes a client record only when a time is offered to that address.
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, null=True, blank=True, related_name="waitlist"
    )
    guest_name = models.CharField(max_length=200, blank=True)
    guest_email = models.EmailField(blank=True)
    earliest = models.DateField()
    latest = models.DateField()
    status = models.CharField(
        max_length=10, choices=EntryStatus.choices, default=EntryStatus.WAITING
    )
    # First in line is the oldest `queued_at`; an entry that lets an offer lapse or
    # declines one goes to the back.
    queued_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "waitlist entries"
        ordering = ("queued_at", "pk")
        indexes = (models.Index(fields=["clinic", "status", "queued_at"], name="waitlist_line"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(latest__gte=F("earliest")), name="waitlist_latest_after_earliest"
            ),
            models.CheckConstraint(
                condition=Q(client__isnull=False) | ~Q(guest_email=""),
                name="waitlist_client_or_guest_email",
            ),
        )

    def __str__(self) -> str:
        return f"Waitlist entry #{self.pk}"

    @property
    def email(self) -> str:
        return self.client.email if self.client is not None else self.guest_email

    @property
    def name(self) -> str:
        return self.client.name if self.client is not None else self.guest_name


class OfferStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Lapsed"


class WaitlistOffer(models.Model):
    entry = models.ForeignKey(WaitlistEntry, on_delete=models.CASCADE, related_name="offers")
    # The held appointment while the offer is open; deleted when it closes.
    hold = models.OneToOneField(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="offer"
    )
    booking = models.ForeignKey(
        Appointment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    therapist = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=OfferStatus.choices, default=OfferStatus.OFFERED
    )
    offered_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("offered_at", "pk")
        indexes = (models.Index(fields=["status", "expires_at"], name="waitlist_offer_due"),)
        constraints = (
            # One open offer per entry, whatever races: the database says so.
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(status="offered"),
                name="waitlist_one_open_offer",
            ),
        )

    def __str__(self) -> str:
        return f"Waitlist offer #{self.pk}"
