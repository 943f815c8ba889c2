"""The booking flow's details form and the slot it is about.

The details step names its slot in the address (GET) or in hidden fields (POST);
`read_chosen` turns either back into a bookable service, therapist and start, or None
when they name nothing this site's clinic offers. The form checks a guest's details with
the one validator every door uses (`clinic.booking.policy`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict

from triggerpoint.clinic.booking.policy import phone_error, validate_guest
from triggerpoint.clinic.errors import GuestDetailsError
from triggerpoint.clinic.models import Service, Staff
from triggerpoint.clinic.people.sites import site_clinic
from triggerpoint.web.slots import bookable_services, bookable_therapists

ANY = "any"  # the "whoever is free first" choice of therapist, as the addresses spell it


class DetailsForm(forms.Form):
    name = forms.CharField(
        max_length=200, label="Your name", widget=forms.TextInput({"autocomplete": "name"})
    )
    email = forms.EmailField(
        max_length=254, label="Email", widget=forms.EmailInput({"autocomplete": "email"})
    )
    phone = forms.CharField(
        max_length=40,
        required=False,
        label="Phone (optional)",
        help_text="In case we need to move your visit.",
        widget=forms.TextInput({"type": "tel", "autocomplete": "tel"}),
    )
    consent = forms.BooleanField(
        label=(
            "I agree that the clinic keeps these details and my pain drawing to arrange "
            "and give my treatment."
        ),
        error_messages={"required": "We can only book you in with your agreement."},
    )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError("Please tell us your name.")
        return name

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if (why := phone_error(phone)) is not None:
            raise ValidationError(why.capitalize() + ".")
        return phone

    def clean(self) -> dict[str, Any]:
        """The one guest validator every door uses (clinic.booking.policy)."""
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            details = validate_guest(data["name"], data["email"], data["phone"])
        except GuestDetailsError as refused:
            for field, why in refused.errors.items():
                self.add_error(field if field in self.fields else None, why.capitalize() + ".")
            return data
        data.update(name=details.name, email=details.email, phone=details.phone)
        return data


@dataclass(frozen=True)
class ChosenSlot:
    """The slot a details form is about, read from its address or hidden fields."""

    service: Service
    therapist: Staff
    who: str
    start: datetime
    key: str

    def hidden(self) -> dict[str, str]:
        return {
            "service": str(self.service.pk),
            "therapist": str(self.therapist.pk),
            "who": self.who,
            "start": self.start.isoformat(),
            "key": self.key,
        }


def read_chosen(request: HttpRequest, data: QueryDict, key: str) -> ChosenSlot | None:
    """The chosen slot, or None when the data is missing or names nothing bookable."""
    service_id, therapist_id = data.get("service", ""), data.get("therapist", "")
    who = data.get("who", ANY)
    if not (service_id.isdecimal() and therapist_id.isdecimal()):
        return None
    try:
        start = datetime.fromisoformat(data.get("start", ""))
    except ValueError:
        return None
    if start.tzinfo is None:
        return None
    service = bookable_services(site_clinic(request)).filter(pk=int(service_id)).first()
    if service is None:
        return None
    therapist = bookable_therapists(service).filter(pk=int(therapist_id)).first()
    if therapist is None or (who != ANY and who != str(therapist.pk)):
        return None
    return ChosenSlot(service, therapist, who, start.astimezone(service.clinic.zone), key)
