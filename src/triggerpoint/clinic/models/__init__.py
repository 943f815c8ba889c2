"""The clinic's records, one small module per kind of thing."""

from triggerpoint.clinic.models.appointments import (
    ACTIVE,
    Appointment,
    RecurringSeries,
    SentReminder,
    Status,
)
from triggerpoint.clinic.models.audit import AuditEvent
from triggerpoint.clinic.models.clients import Client
from triggerpoint.clinic.models.drawings import DrawingSource, PainDrawing
from triggerpoint.clinic.models.health_intake import IntakeAnswers, Questionnaire
from triggerpoint.clinic.models.learning import PriorReset
from triggerpoint.clinic.models.places import Clinic, OpeningHours, Room
from triggerpoint.clinic.models.privacy import DeletionRequest
from triggerpoint.clinic.models.selfcare import HomePlanCheck, SelfTreatment
from triggerpoint.clinic.models.services import Service
from triggerpoint.clinic.models.staff import Role, Staff, TimeOff, WorkingHours
from triggerpoint.clinic.models.visits import (
    Finding,
    HomePlan,
    HomePlanItem,
    Measurement,
    MeasureTiming,
    Note,
    NoteAmendment,
    NoteStatus,
    PriorCount,
    SessionEvent,
    Visit,
)
from triggerpoint.clinic.models.waitlist import (
    EntryStatus,
    OfferStatus,
    WaitlistEntry,
    WaitlistOffer,
)

__all__ = [
    "ACTIVE",
    "Appointment",
    "AuditEvent",
    "Client",
    "Clinic",
    "DeletionRequest",
    "DrawingSource",
    "EntryStatus",
    "Finding",
    "HomePlan",
    "HomePlanCheck",
    "HomePlanItem",
    "IntakeAnswers",
    "MeasureTiming",
    "Measurement",
    "Note",
    "NoteAmendment",
    "NoteStatus",
    "OfferStatus",
    "OpeningHours",
    "PainDrawing",
    "PriorCount",
    "PriorReset",
    "Questionnaire",
    "RecurringSeries",
    "Role",
    "Room",
    "SelfTreatment",
    "SentReminder",
    "Service",
    "SessionEvent",
    "Staff",
    "Status",
    "TimeOff",
    "Visit",
    "WaitlistEntry",
    "WaitlistOffer",
    "WorkingHours",
]
