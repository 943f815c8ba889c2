"""Booking a session, page by page, with or without JavaScript.

Service -> therapist (or whoever is free first) -> date -> time -> details -> confirmation.
Every step before the last is a GET page whose choices live in the address, so Back and
reload behave; only the details form POSTs, then redirects (POST/redirect/GET). The form
carries an idempotency key so a double submit books once. The browser that booked may
reopen its confirmation; anyone else needs the signed link from it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from triggerpoint.clinic.booking.appointments import Guest, book, cancel
from triggerpoint.clinic.booking.availability import Slot
from triggerpoint.clinic.booking.policy import phone_error, validate_guest
from triggerpoint.clinic.errors import (
    BookingError,
    GuestDetailsError,
    IdempotencyKeyReusedError,
    NotBookableError,
    SlotTakenError,
)
from triggerpoint.clinic.messaging.calendar_files import CONTENT_TYPE as ICS_CONTENT_TYPE
from triggerpoint.clinic.messaging.calendar_files import download_ics
from triggerpoint.clinic.messaging.links import absolute_url
from triggerpoint.clinic.models import Appointment, Client, PainDrawing, Service, Staff
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.people.sites import site_clinic
from triggerpoint.clinic.privacy import tokens
from triggerpoint.clinic.treatment.health_intake import intake_token, latest_answers
from triggerpoint.clinic.treatment.intake import parse_drawing
from triggerpoint.web.booked_here import SESSION_BOOKED
from triggerpoint.web.slots import (
    bookable_days,
    bookable_services,
    bookable_therapists,
    day_label,
    free_days,
    free_slots,
    nearest_slots,
    zone_label,
)

ANY = "any"
SESSION_DRAWING = "booking.drawing"
SESSION_DETAILS = "booking.details"
KEY_PREFIX = "web-"


@dataclass(frozen=True)
class Choice:
    """A free time as the pages show it: local to the clinic, with a link to book it."""

    start: datetime
    therapist_id: int
    therapist_name: str
    time: str
    day: str
    url: str


@dataclass(frozen=True)
class Day:
    day: date
    label: str
    free: int
    url: str


def _service(request: HttpRequest, service_id: int) -> Service:
    """A service of this site's clinic: another clinic's is not found here."""
    return get_object_or_404(bookable_services(site_clinic(request)), pk=service_id)


def _therapist(service: Service, who: str) -> Staff | None:
    """`any` means whoever is free first; otherwise a therapist of the service's clinic."""
    if who == ANY:
        return None
    if not who.isdecimal():
        raise Http404("No such therapist.")
    return get_object_or_404(bookable_therapists(service), pk=int(who))


def details_url(service: Service, who: str, slot: Slot) -> str:
    query = QueryDict(mutable=True)
    query.update(
        {
            "service": str(service.pk),
            "who": who,
            "therapist": str(slot.therapist_id),
            "start": slot.start.isoformat(),
        }
    )
    return f"{reverse('web:book-details')}?{query.urlencode()}"


def choices(service: Service, who: str, slots: list[Slot]) -> list[Choice]:
    zone = service.clinic.zone
    shown = []
    for slot in slots:
        local = slot.start.astimezone(zone)
        shown.append(
            Choice(
                start=local,
                therapist_id=slot.therapist_id,
                therapist_name=slot.therapist_name,
                time=f"{local:%H:%M}",
                day=day_label(local.date()),
                url=details_url(service, who, slot),
            )
        )
    return shown


def _drawing_size(request: HttpRequest) -> int:
    return len(request.session.get(SESSION_DRAWING) or [])


def _context(request: HttpRequest, **extra: object) -> dict[str, object]:
    return {"nav": "book", "drawing_size": _drawing_size(request), **extra}


@require_safe
def services(request: HttpRequest) -> HttpResponse:
    offered = list(bookable_services(site_clinic(request)))
    clinics = {service.clinic_id for service in offered}
    return render(
        request,
        "web/booking/service.html",
        _context(request, services=offered, show_clinic=len(clinics) > 1),
    )


@require_safe
def therapists(request: HttpRequest, service_id: int) -> HttpResponse:
    service = _service(request, service_id)
    return render(
        request,
        "web/booking/therapist.html",
        _context(request, service=service, therapists=bookable_therapists(service), any=ANY),
    )


@require_safe
def dates(request: HttpRequest, service_id: int, who: str) -> HttpResponse:
    service = _service(request, service_id)
    therapist = _therapist(service, who)
    now = timezone.now()
    days = []
    # Every day's count from one pass over the horizon, not one availability per day.
    for day, count in free_days(service, therapist, now).items():
        url = reverse("web:book-slot", args=[service.pk, who, day.isoformat()])
        days.append(Day(day, day_label(day), count, url))
    context = _context(request, service=service, therapist=therapist, who=who, days=days)
    return render(request, "web/booking/date.html", context)


@require_safe
def slots(request: HttpRequest, service_id: int, who: str, day: str) -> HttpResponse:
    service = _service(request, service_id)
    therapist = _therapist(service, who)
    now = timezone.now()
    try:
        chosen = date.fromisoformat(day)
    except ValueError:
        raise Http404("No such date.") from None
    if chosen not in bookable_days(service.clinic, now):
        raise Http404("Bookings open a set number of days ahead.")
    # A signed-in client is not offered times that meet one of their own bookings.
    mine = _signed_in_client(request, service)
    free = choices(service, who, free_slots(service, chosen, therapist, now, client=mine))
    midday = datetime.combine(chosen, time(12), tzinfo=service.clinic.zone)
    context = _context(
        request,
        service=service,
        therapist=therapist,
        who=who,
        day=day_label(chosen),
        slots=free,
        zone=zone_label(service.clinic, midday),
        dates_url=reverse("web:book-date", args=[service.pk, who]),
    )
    return render(request, "web/booking/slot.html", context)


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
class Request:
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


def _read_request(request: HttpRequest, data: QueryDict, key: str) -> Request | None:
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
    return Request(service, therapist, who, start.astimezone(service.clinic.zone), key)


def _signed_in_client(request: HttpRequest, service: Service) -> Client | None:
    """A signed-in client of the service's clinic books without retyping their details."""
    client = policy.client_of(request.user)
    return client if client is not None and client.clinic_id == service.clinic_id else None


def _render_details(
    request: HttpRequest,
    chosen: Request,
    form: DetailsForm | None,
    client: Client | None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    context = _context(
        request,
        chosen=chosen,
        form=form,
        client=client,
        error=error,
        when=day_label(chosen.start.date()),
        time=f"{chosen.start:%H:%M}",
        zone=zone_label(chosen.service.clinic, chosen.start),
        back_url=reverse(
            "web:book-slot", args=[chosen.service.pk, chosen.who, chosen.start.date().isoformat()]
        ),
    )
    return render(request, "web/booking/details.html", context, status=status)


def _start_again(request: HttpRequest) -> HttpResponseRedirect:
    messages.info(request, "That choice is not available any more. Please choose again.")
    return redirect("web:book")


@require_http_methods(["GET", "HEAD", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    """The last step: who is coming (skipped for a signed-in client), then book."""
    if request.method == "POST":
        return _submit_details(request)
    chosen = _read_request(request, request.GET, uuid.uuid4().hex)
    if chosen is None:
        return _start_again(request)
    client = _signed_in_client(request, chosen.service)
    kept = request.session.get(SESSION_DETAILS)
    form = None if client else DetailsForm(initial=kept if isinstance(kept, dict) else None)
    return _render_details(request, chosen, form, client)


def _submit_details(request: HttpRequest) -> HttpResponse:
    key = request.POST.get("key", "")
    if len(key) != 32 or not all(c in "0123456789abcdef" for c in key):
        key = uuid.uuid4().hex
    chosen = _read_request(request, request.POST, key)
    if chosen is None:
        return _start_again(request)
    client = _signed_in_client(request, chosen.service)
    form = None
    if client is None:
        form = DetailsForm(request.POST)
        if not form.is_valid():
            return _render_details(request, chosen, form, None, status=400)
        data = form.cleaned_data
        who: Client | Guest = Guest(data["name"], data["email"], data["phone"], consent=True)
    else:
        who = client
    try:
        booked = book(
            service=chosen.service,
            therapist=chosen.therapist,
            start=chosen.start,
            client=who,
            idempotency_key=KEY_PREFIX + chosen.key,
            actor=request.user,
        )
    except IdempotencyKeyReusedError:
        fresh = Request(
            chosen.service, chosen.therapist, chosen.who, chosen.start, uuid.uuid4().hex
        )
        error = "Something went wrong with this form. Please check it and send it again."
        return _render_details(request, fresh, form, client, error=error, status=409)
    except (SlotTakenError, NotBookableError) as error:
        if form is not None:
            request.session[SESSION_DETAILS] = {
                "name": form.cleaned_data["name"],
                "email": form.cleaned_data["email"],
                "phone": form.cleaned_data["phone"],
            }
        return _taken(request, chosen, error)
    if booked.created:
        marks = request.session.pop(SESSION_DRAWING, None)
        if marks:
            PainDrawing.for_visit(booked.appointment, marks)
    request.session.pop(SESSION_DETAILS, None)
    remembered = [
        pk for pk in request.session.get(SESSION_BOOKED, []) if pk != booked.appointment.pk
    ]
    request.session[SESSION_BOOKED] = [*remembered[-19:], booked.appointment.pk]
    return redirect("web:book-confirmed", appointment_id=booked.appointment.pk)


def _taken(request: HttpRequest, chosen: Request, error: BookingError) -> HttpResponse:
    therapist = None if chosen.who == ANY else chosen.therapist
    now = timezone.now()
    nearest = nearest_slots(chosen.service, therapist, chosen.start, now)
    context = _context(
        request,
        chosen=chosen,
        taken=isinstance(error, SlotTakenError),
        reason=str(error),
        when=day_label(chosen.start.date()),
        time=f"{chosen.start:%H:%M}",
        slots=choices(chosen.service, chosen.who, nearest),
        zone=zone_label(chosen.service.clinic, chosen.start),
        dates_url=reverse("web:book-date", args=[chosen.service.pk, chosen.who]),
    )
    return render(request, "web/booking/taken.html", context, status=409)


def _appointment(appointment_id: int) -> Appointment:
    related = Appointment.objects.select_related("service__clinic", "therapist", "client")
    return get_object_or_404(related, pk=appointment_id)


@require_safe
def confirmed(request: HttpRequest, appointment_id: int) -> HttpResponse:
    appointment = _appointment(appointment_id)
    if not policy.can_see_booking(
        request.user, appointment, request.session.get(SESSION_BOOKED, [])
    ):
        raise Http404("No such booking.")
    clinic = appointment.service.clinic
    local = appointment.start.astimezone(clinic.zone)
    token = tokens.cancel_token(appointment.pk)
    context = _context(
        request,
        appointment=appointment,
        clinic=clinic,
        when=day_label(local.date()),
        time=f"{local:%H:%M}",
        ends=f"{appointment.end.astimezone(clinic.zone):%H:%M}",
        zone=zone_label(clinic, local),
        ics_url=reverse("web:book-calendar", args=[tokens.calendar_token(appointment.pk)]),
        move_url=reverse("web:book-move", args=[token]),
        cancel_url=absolute_url("web:book-cancel", token),
        has_drawing=appointment.drawings.exists(),
        intake_url=(
            None
            if latest_answers(appointment.client)
            else reverse("web:intake", args=[intake_token(appointment)])
        ),
        signed_in=policy.client_of(request.user) is not None,
    )
    return render(request, "web/booking/confirmed.html", context)


def _linked(token: str) -> Appointment:
    appointment_id = policy.booking_of_link(token)
    if appointment_id is None:
        raise Http404("This link is not valid. Please use the link from your confirmation.")
    return _appointment(appointment_id)


@require_safe
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The plain download (METHOD:PUBLISH), opened by the calendar token only."""
    appointment_id = policy.booking_of_calendar_link(token)
    if appointment_id is None:
        raise Http404("This link is not valid. Please use the link from your confirmation.")
    appointment = _appointment(appointment_id)
    response = HttpResponse(download_ics(appointment), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="appointment-{appointment.pk}.ics"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def cancel_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the confirmation: one page to confirm, one POST to cancel."""
    appointment = _linked(token)
    clinic = appointment.service.clinic
    now = timezone.now()
    error = ""
    status = 200
    if request.method == "POST":
        if not appointment.is_active:
            status = 410
        else:
            try:
                cancel(appointment, actor=request.user, enforce_notice=True, now=now)
            except BookingError as refused:
                error, status = str(refused), 409
            else:
                messages.success(request, "Your booking is cancelled.")
                return redirect("web:book-cancel", token=token)
        appointment.refresh_from_db()
    local = appointment.start.astimezone(clinic.zone)
    context = _context(
        request,
        appointment=appointment,
        clinic=clinic,
        when=day_label(local.date()),
        time=f"{local:%H:%M}",
        zone=zone_label(clinic, local),
        may_cancel=policy.notice_allows_change(appointment, now),
        move_url=reverse("web:book-move", args=[token]),
        error=error,
    )
    return render(request, "web/booking/cancel.html", context, status=status)


@require_POST
def keep_drawing(request: HttpRequest) -> HttpResponse:
    """The body map page's 'Book a session': keep the drawing until the booking is made."""
    try:
        marks = parse_drawing(request.POST.get("drawing") or '{"marks": []}')
    except ValidationError as error:
        messages.error(request, f"Your drawing could not be kept: {error.messages[0]}.")
        return redirect("web:find")
    if marks:
        request.session[SESSION_DRAWING] = marks
    else:
        request.session.pop(SESSION_DRAWING, None)
    return redirect("web:book")
