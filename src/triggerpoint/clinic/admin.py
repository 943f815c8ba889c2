"""Owners correct their own clinic's records here; therapists and clients use the app.

Every model below is limited to the owner's clinic and audited (clinic/admin_scope.py).
Appointments change only through the booking engine: a move, a cancellation or a mark of
attendance the booking rules refuse is a form error, never a broken record or a 500.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import Group, User
from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from triggerpoint.clinic.admin_scope import ClinicAdmin, ClinicInline
from triggerpoint.clinic.booking import appointments as booking
from triggerpoint.clinic.booking.placement import place_booking
from triggerpoint.clinic.booking.policy import Door, Rules, attendance_error, check_booking
from triggerpoint.clinic.errors import BookingError
from triggerpoint.clinic.models import (
    Appointment,
    AuditEvent,
    Client,
    Clinic,
    OpeningHours,
    Questionnaire,
    RecurringSeries,
    Room,
    Service,
    Staff,
    Status,
    TimeOff,
    WaitlistEntry,
    WorkingHours,
)
from triggerpoint.clinic.treatment import health_intake

# Accounts (passwords, flags, groups) are not the owners' to edit, and no account's flags
# open the admin (see site/admin_site.py).
for model in (User, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


# One labelled date-and-time input (the browser's own picker) instead of Django's split
# date and time boxes, which leave the two inputs without a label of their own.
ONE_DATETIME_INPUT: dict[type[models.Field[Any, Any]], dict[str, Any]] = {
    models.DateTimeField: {
        "form_class": forms.DateTimeField,
        "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    }
}
# Stacked rows give each inline field its own <label>; the tabular rows label their inputs
# only by a column heading, which screen readers do not announce as the field's name.
STACKED = "admin/edit_inline/stacked.html"


class RoomInline(ClinicInline):
    model = Room
    template = STACKED


class OpeningHoursInline(ClinicInline):
    """When the door and the phone are open, per weekday (shown in every page's footer)."""

    model = OpeningHours
    template = STACKED
    may_delete = True


@admin.register(Clinic)
class ClinicRecordAdmin(ClinicAdmin):
    list_display = ("name", "time_zone", "cancellation_notice_hours")
    inlines = (RoomInline, OpeningHoursInline)


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ("clinic", "questions", "consent_text")
        help_texts: ClassVar[dict[str, str]] = {
            "questions": (
                'A JSON list of {"id", "kind": "yesno" or "text", "text", "flag"}; a yes to '
                "a yes/no question with a flag shows that flag to the therapist."
            )
        }

    def clean_questions(self) -> Any:
        return health_intake.validate_questions(self.cleaned_data["questions"])


@admin.register(Questionnaire)
class QuestionnaireAdmin(ClinicAdmin):
    """Saving makes the next version: signed answers keep the wording they answered."""

    may_add = True
    form = QuestionnaireForm
    list_display = ("__str__", "clinic", "created_at")

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        last = Questionnaire.objects.filter(clinic_id=obj.clinic_id).order_by("-version").first()
        obj.pk = None
        obj._state.adding = True
        obj.version = last.version + 1 if last else 1
        super().save_model(request, obj, form, change=False)


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ClinicAdmin):
    may_change = False
    list_display = ("__str__", "service", "therapist", "earliest", "latest", "status")
    list_filter = ("status",)


@admin.register(Room)
class RoomAdmin(ClinicAdmin):
    may_add = True
    list_display = ("name", "kind", "active")
    list_filter = ("kind", "active")


@admin.register(Service)
class ServiceAdmin(ClinicAdmin):
    may_add = True
    list_display = ("name", "duration_minutes", "price", "room_kind", "active")
    list_filter = ("room_kind", "active")


class WorkingHoursInline(ClinicInline):
    model = WorkingHours
    template = STACKED


class TimeOffInline(ClinicInline):
    model = TimeOff
    template = STACKED
    formfield_overrides = ONE_DATETIME_INPUT


@admin.register(Staff)
class StaffAdmin(ClinicAdmin):
    list_display = ("display_name", "role", "takes_bookings")
    list_filter = ("role",)
    readonly_fields = ("user",)
    inlines = (WorkingHoursInline, TimeOffInline)


@admin.register(Client)
class ClientAdmin(ClinicAdmin):
    may_add = True
    formfield_overrides = ONE_DATETIME_INPUT
    list_display = ("name", "email", "consent_given_at")
    search_fields = ("name", "email")
    readonly_fields = ("user",)


# The owner corrects records: the notice is theirs to waive, never the grid, the horizon
# or an overlap.
ADMIN = Rules(Door.ADMIN, override_notice=True)


class AppointmentForm(forms.ModelForm):
    """A move, a cancellation or attendance, checked by the booking rules before saving."""

    class Meta:
        model = Appointment
        fields = ("therapist", "start", "status", "cancellation_reason")

    def clean(self) -> dict[str, Any] | None:
        data = super().clean()
        if self.errors or data is None:
            return data
        stored = self.instance  # the form's fields reach it only after clean()
        therapist, start, status = data["therapist"], data["start"], data["status"]
        moved = therapist != stored.therapist or start != stored.start
        now = timezone.now()
        if stored.status == Status.CANCELLED and (moved or status != Status.CANCELLED):
            raise forms.ValidationError(
                "A cancelled appointment stays cancelled; book a new one instead."
            )
        if moved:
            if stored.status != Status.BOOKED or status != Status.BOOKED:
                raise forms.ValidationError("Only a booked appointment can be moved.")
            try:
                # The policy first: it refuses a start past the horizon (2099, 9999-12-31)
                # before any date arithmetic could overflow.
                check_booking(
                    service=stored.service,
                    therapist_id=therapist.pk,
                    start=start,
                    client=stored.client,
                    now=now,
                    rules=ADMIN,
                    exclude_appointment=stored.pk,
                )
                place_booking(stored.service, therapist, start, now, exclude_appointment=stored.pk)
            except BookingError as refused:
                raise forms.ValidationError(
                    f"The booking rules refuse this move: {refused}."
                ) from None
        if status == Status.CANCELLED and stored.status not in (Status.BOOKED, Status.CANCELLED):
            raise forms.ValidationError("Only a booked appointment can be cancelled.")
        if status in (Status.COMPLETED, Status.NO_SHOW) and status != stored.status:
            why = attendance_error(stored, status, now)
            if why is not None:
                raise forms.ValidationError(why[0].upper() + why[1:] + ".")
        return data


@admin.register(Appointment)
class AppointmentAdmin(ClinicAdmin):
    form = AppointmentForm
    formfield_overrides = ONE_DATETIME_INPUT
    list_display = ("start", "therapist", "room", "service", "status")
    list_filter = ("status", "therapist")
    date_hierarchy = "start"
    readonly_fields = (
        "client",
        "service",
        "room",
        "series",
        "end",
        "blocked_start",
        "blocked_end",
        "ics_sequence",
        "idempotency_key",
        "reminder_sent_at",
    )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        stored = Appointment.objects.get(pk=obj.pk)
        data = form.cleaned_data
        try:
            if data["therapist"] != stored.therapist or data["start"] != stored.start:
                booking.reschedule(
                    stored,
                    data["start"],
                    therapist=data["therapist"],
                    actor=request.user,
                    rules=ADMIN,
                )
            if data["status"] == Status.CANCELLED:
                booking.cancel(
                    stored, reason=data["cancellation_reason"], actor=request.user, rules=ADMIN
                )
            elif data["status"] != stored.status:
                booking.mark_attendance(stored, data["status"], actor=request.user)
        except BookingError as refused:
            # Taken by another booking between the form's check and the save.
            self.message_user(request, f"Not saved: {refused}.", messages.ERROR)


@admin.register(RecurringSeries)
class RecurringSeriesAdmin(ClinicAdmin):
    may_change = False
    list_display = ("__str__", "therapist", "service", "first_start", "weeks")


@admin.register(AuditEvent)
class AuditEventAdmin(ClinicAdmin):
    may_change = False
    list_display = ("at", "actor", "action", "record_type", "record_id")
    list_filter = ("action", "record_type")
