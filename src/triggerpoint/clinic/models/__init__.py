"""The clinic's records, one small module per kind of thing."""

from triggerpoint.clinic.models.appointments import ACTIVE, Appointment, RecurringSeries, Status
from triggerpoint.clinic.models.audit import AuditEvent
from triggerpoint.clinic.models.clients import Client
from triggerpoint.clinic.models.drawings import DrawingSource, PainDrawing
from triggerpoint.clinic.models.places import Clinic, Room
from triggerpoint.clinic.models.services import Service
from triggerpoint.clinic.models.staff import Role, Staff, TimeOff, WorkingHours

__all__ = [
    "ACTIVE",
    "Appointment",
    "AuditEvent",
    "Client",
    "Clinic",
    "DrawingSource",
    "PainDrawing",
    "RecurringSeries",
    "Role",
    "Room",
    "Service",
    "Staff",
    "Status",
    "TimeOff",
    "WorkingHours",
]
