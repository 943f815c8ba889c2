"""Booking a session, page by page, with or without JavaScript.

Service -> therapist (or whoever is free first) -> date -> time -> details -> confirmation.
Every step before the last is a GET page whose choices live in the address, so Back and
reload behave; only the details form (`web/booking_form.py`) POSTs, then redirects
(POST/redirect/GET). The form carries an idempotency key so a double submit books once.
The confirmation and the pages its links open are `booked.py`'s.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from triggerpoint.clinic.booking.appointments import Guest, book
from triggerpoint.clinic.booking.availability import Slot
from triggerpoint.clinic.errors import (
    BookingError,
    IdempotencyKeyReusedError,
    NotBookableError,
    SlotTakenError,
)
from triggerpoint.clinic.models import Client, PainDrawing, Service, Staff
from triggerpoint.clinic.people import access as policy
from triggerpoint.clinic.people.sites import site_clinic
from triggerpoint.clinic.treatment.intake import parse_drawing
from triggerpoint.web.booked_here import remember
from triggerpoint.web.booking_form import ANY, ChosenSlot, DetailsForm, read_chosen
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


def _signed_in_client(request: HttpRequest, service: Service) -> Client | None:
    """A signed-in client of the service's clinic books without retyping their details."""
    client = policy.client_of(request.user)
    return client if client is not None and client.clinic_id == service.clinic_id else None


def _render_details(
    request: HttpRequest,
    chosen: ChosenSlot,
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
    chosen = read_chosen(request, request.GET, uuid.uuid4().hex)
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
    chosen = read_chosen(request, request.POST, key)
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
        fresh = ChosenSlot(
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
    remember(request, booked.appointment.pk)
    return redirect("web:book-confirmed", appointment_id=booked.appointment.pk)


def _taken(request: HttpRequest, chosen: ChosenSlot, error: BookingError) -> HttpResponse:
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
