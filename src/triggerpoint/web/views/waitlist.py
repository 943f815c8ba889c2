"""Join the waitlist for a service when no time suits; answer an offer from its email link.

The offer link is the only key to an offer (signed, one offer), like a confirmation's
cancel link; accepting books through clinic/booking/appointments.py and lands on the usual
confirmation page.
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from triggerpoint.clinic.booking import waitlist
from triggerpoint.clinic.errors import BookingError
from triggerpoint.clinic.models import OfferStatus
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.people.contact import hold_label
from triggerpoint.web.booked_here import remember
from triggerpoint.web.slots import bookable_services, bookable_therapists, day_label, today

DEFAULT_DAYS = 14
ANY = "any"  # as in the booking pages' addresses: whoever is free


class JoinForm(forms.Form):
    earliest = forms.DateField(
        label="From",
        widget=forms.DateInput({"type": "date"}),
        help_text="The first day you could come.",
    )
    latest = forms.DateField(
        label="Until",
        widget=forms.DateInput({"type": "date"}),
        help_text="The last day you could come.",
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, last = data.get("earliest"), data.get("latest")
        if isinstance(first, date) and isinstance(last, date) and last < first:
            raise ValidationError("The last day is before the first.")
        return data


class GuestJoinForm(JoinForm):
    name = forms.CharField(
        max_length=200, label="Your name", widget=forms.TextInput({"autocomplete": "name"})
    )
    email = forms.EmailField(
        max_length=254,
        label="Email",
        help_text="We email you when a time frees up.",
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label="I agree that the clinic keeps my name and email to offer me a time.",
        error_messages={"required": "We can only keep you on the waitlist with your agreement."},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest, service_id: int, who: str) -> HttpResponse:
    service = get_object_or_404(bookable_services(), pk=service_id)
    therapist = None
    if who != ANY:
        if not who.isdecimal():
            raise Http404("No such therapist.")
        therapist = get_object_or_404(bookable_therapists(service), pk=int(who))
    client = policy.client_of(request.user)
    if client is not None and client.clinic_id != service.clinic_id:
        client = None
    form_class = JoinForm if client is not None else GuestJoinForm
    first = today(service.clinic, timezone.now())
    status, error = 200, ""
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            wanted = waitlist.Wanted(service, therapist, data["earliest"], data["latest"])
            try:
                entry = waitlist.join(
                    wanted, client=client, name=data.get("name", ""), email=data.get("email", "")
                )
            except BookingError as refused:
                error, status = f"{str(refused)[:1].upper()}{str(refused)[1:]}.", 400
            else:
                context = {
                    "nav": "book",
                    "service": service,
                    "therapist": therapist,
                    "entry": entry,
                    "earliest": day_label(entry.earliest),
                    "latest": day_label(entry.latest),
                    "hold": hold_label(service.clinic),
                }
                return render(request, "web/waitlist/joined.html", context, status=201)
        else:
            status = 400
    else:
        form = form_class(
            initial={"earliest": first, "latest": first + timedelta(days=DEFAULT_DAYS - 1)}
        )
    context = {
        "nav": "book",
        "service": service,
        "therapist": therapist,
        "who": who,
        "form": form,
        "client": client,
        "error": error,
        "hold": hold_label(service.clinic),
    }
    return render(request, "web/waitlist/join.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
def offer(request: HttpRequest, token: str) -> HttpResponse:
    """The offer email's link: the held time, with Book it and Let it go."""
    found = waitlist.offer_of_token(token)
    if found is None:
        raise Http404("This link is not valid. Please use the link from your email.")
    now = timezone.now()
    status, error = 200, ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "accept":
            try:
                appointment = waitlist.accept(found, actor=request.user, now=now)
            except BookingError as refused:
                error, status = f"{str(refused)[:1].upper()}{str(refused)[1:]}.", 409
            else:
                remember(request, appointment.pk)
                return redirect("web:book-confirmed", appointment_id=appointment.pk)
        elif action == "decline":
            waitlist.decline(found, actor=request.user, now=now)
            return redirect("web:waitlist-offer", token=token)
        else:
            error, status = "Please choose Book it or Let it go.", 400
        found.refresh_from_db()
    clinic = found.entry.service.clinic
    local = found.start.astimezone(clinic.zone)
    is_open = found.status == OfferStatus.OFFERED and found.expires_at > now
    if found.status == OfferStatus.OFFERED and not is_open and status == 200:
        status = 410
    context = {
        "nav": "book",
        "offer": found,
        "service": found.entry.service,
        "clinic": clinic,
        "when": day_label(local.date()),
        "time": f"{local:%H:%M}",
        "until": found.expires_at.astimezone(clinic.zone),
        "is_open": is_open,
        "error": error,
    }
    return render(request, "web/waitlist/offer.html", context, status=status)
