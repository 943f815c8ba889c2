"""Request and response shapes of the booking API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema
from pydantic import Field, field_validator

from triggerpoint.clinic.booking import policy as booking_policy
from triggerpoint.clinic.booking.policy import PHONE_MAX, PHONE_PATTERN

# A plain subset of what Django's validate_email accepts: dot-atoms and an ASCII domain.
EMAIL = (
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


class Message(Schema):
    message: str
    errors: dict[str, str] = Field(default_factory=dict, description="Field -> reason.")


class FieldErrors(Schema):
    message: str
    errors: dict[str, str]


class ServiceOut(Schema):
    id: int
    clinic: int
    name: str
    description: str
    duration_minutes: int
    price: Decimal
    room_kind: str


class TherapistOut(Schema):
    id: int
    clinic: int
    name: str


class SlotOut(Schema):
    start: datetime
    end: datetime
    therapist: int
    therapist_name: str


class BookingIn(Schema):
    service: int
    therapist: int
    start: datetime
    # The patterns tell API clients (and schemathesis) what the validators below accept.
    name: str = Field(min_length=1, max_length=200, pattern=r"\S")
    email: str = Field(max_length=254, pattern=EMAIL)
    phone: str = Field(
        default="",
        max_length=PHONE_MAX,
        pattern=PHONE_PATTERN,
        description="Optional; at least 5 digits when given.",
    )
    consent: bool = Field(
        description="The client agrees that the clinic stores these details; must be true.",
        json_schema_extra={"enum": [True]},
    )

    @field_validator("start")
    @classmethod
    def has_offset(cls, value: datetime) -> datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("give the time with its UTC offset, e.g. 2026-06-01T10:00:00+01:00")
        return value

    # The one guest validator of every door (clinic.booking.policy).
    @field_validator("email")
    @classmethod
    def is_email(cls, value: str) -> str:
        if (why := booking_policy.email_error(value)) is not None:
            raise ValueError(why)
        return value

    @field_validator("name")
    @classmethod
    def not_blank(cls, value: str) -> str:
        if (why := booking_policy.name_error(value)) is not None:
            raise ValueError(why)
        return value

    @field_validator("phone")
    @classmethod
    def is_phone(cls, value: str) -> str:
        if (why := booking_policy.phone_error(value)) is not None:
            raise ValueError(why)
        return value

    @field_validator("consent")
    @classmethod
    def given(cls, value: bool) -> bool:
        if not value:
            raise ValueError("the clinic can only book you in with your consent")
        return value


class BookingOut(Schema):
    id: int
    service: int
    therapist: int
    start: datetime
    end: datetime
    status: str
    cancel_token: str
    calendar_url: str


class CancelIn(Schema):
    token: str = Field(min_length=1, max_length=500)
    reason: str = Field(default="", max_length=500)
