"""Staff manage clinics, people, rooms, services and bookings here.

Changes to appointments go through the booking engine's rules in forms elsewhere; the
admin shows them and lets owners correct records.
"""

from __future__ import annotations

from django.contrib import admin

from triggerpoint.clinic.models import (
    Appointment,
    AuditEvent,
    Client,
    Clinic,
    RecurringSeries,
    Room,
    Service,
    Staff,
    TimeOff,
    WorkingHours,
)


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    list_display = ("name", "time_zone", "cancellation_notice_hours")
    inlines = (RoomInline,)


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ("name", "clinic", "kind", "active")
    list_filter = ("clinic", "kind", "active")


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "clinic", "duration_minutes", "price", "room_kind", "active")
    list_filter = ("clinic", "room_kind", "active")


class WorkingHoursInline(admin.TabularInline):
    model = WorkingHours
    extra = 0


class TimeOffInline(admin.TabularInline):
    model = TimeOff
    extra = 0


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("display_name", "clinic", "role", "takes_bookings")
    list_filter = ("clinic", "role")
    inlines = (WorkingHoursInline, TimeOffInline)


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("name", "clinic", "email", "consent_given_at")
    list_filter = ("clinic",)
    search_fields = ("name", "email")


@admin.register(Appointment)
class AppointmentAdmin(admin.ModelAdmin):
    list_display = ("start", "therapist", "room", "service", "status")
    list_filter = ("status", "therapist__clinic", "therapist")
    date_hierarchy = "start"
    raw_id_fields = ("client", "series")
    readonly_fields = ("blocked_start", "blocked_end", "ics_sequence", "idempotency_key")


@admin.register(RecurringSeries)
class RecurringSeriesAdmin(admin.ModelAdmin):
    list_display = ("__str__", "therapist", "service", "first_start", "weeks")
    raw_id_fields = ("client",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "record_type", "record_id")
    list_filter = ("action", "record_type")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
