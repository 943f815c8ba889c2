"""`triggerpoint booking add | move | cancel`: the front desk's door on the command line.

The same rules as every other door (clinic.booking.policy), as staff apply them: the
notice is waived only with --override-notice, never the slot grid or an overlap. A
refusal is one line on stderr and exit code 2.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer
from rich.console import Console

from triggerpoint.commands.errors import CliError

app = typer.Typer(help="Book, move and cancel appointments by the clinic's rules.")
console = Console()

OverrideNotice = Annotated[
    bool, typer.Option("--override-notice", help="Staff waive the minimum notice.")
]


def _setup() -> None:
    from triggerpoint.commands.clinic import _django

    _django()


def _when(raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        raise CliError(f"--start {raw!r} is not a time such as 2026-06-01T10:00+01:00") from None
    if moment.tzinfo is None:
        raise CliError("--start needs a UTC offset, e.g. 2026-06-01T10:00+01:00")
    return moment


def _rules(override_notice: bool) -> Any:
    from triggerpoint.clinic.booking.policy import Door, Rules

    return Rules(Door.CLI, override_notice=override_notice)


def _refused(error: Exception) -> CliError:
    return CliError(f"not booked: {error}")


def _appointment(appointment_id: int) -> Any:
    from triggerpoint.clinic.models import Appointment

    found = (
        Appointment.objects.select_related("service__clinic", "therapist", "client")
        .filter(pk=appointment_id)
        .first()
    )
    if found is None:
        raise CliError(f"no appointment with id {appointment_id}")
    return found


@app.command()
def add(
    service: Annotated[int, typer.Option(help="Service id.")],
    therapist: Annotated[int, typer.Option(help="Therapist (staff) id.")],
    start: Annotated[str, typer.Option(help="Start with its offset, 2026-06-01T10:00+01:00.")],
    client: Annotated[int | None, typer.Option(help="An existing client's id.")] = None,
    name: Annotated[str, typer.Option(help="A new client's name.")] = "",
    email: Annotated[str, typer.Option(help="A new client's email.")] = "",
    phone: Annotated[str, typer.Option(help="A new client's phone (optional).")] = "",
    weeks: Annotated[int, typer.Option(min=1, max=52, help="Book weekly, all or none.")] = 1,
    override_notice: OverrideNotice = False,
) -> None:
    """Book one appointment, or a weekly series all-or-nothing."""
    _setup()
    from triggerpoint.clinic.booking.appointments import Guest, book, book_series
    from triggerpoint.clinic.errors import BookingError, SeriesConflictError
    from triggerpoint.clinic.models import Client, Service, Staff

    chosen = Service.objects.select_related("clinic").filter(pk=service, active=True).first()
    if chosen is None:
        raise CliError(f"no active service with id {service}")
    who = Staff.objects.filter(pk=therapist, clinic_id=chosen.clinic_id).first()
    if who is None:
        raise CliError(f"no therapist with id {therapist} at the service's clinic")
    person: Client | Guest
    if client is not None:
        found = Client.objects.filter(pk=client, clinic_id=chosen.clinic_id).first()
        if found is None:
            raise CliError(f"no client with id {client} at the service's clinic")
        person = found
    else:
        person = Guest(name, email, phone, consent=True)
    when, rules = _when(start), _rules(override_notice)
    try:
        if weeks > 1:
            if not isinstance(person, Client):
                raise CliError("a weekly series is for an existing client (--client)")
            series = book_series(
                service=chosen,
                therapist=who,
                first_start=when,
                weeks=weeks,
                client=person,
                rules=rules,
            )
            console.print(f"booked series {series.pk}: {weeks} weekly appointments")
            return
        booked = book(service=chosen, therapist=who, start=when, client=person, rules=rules)
    except SeriesConflictError as error:
        raise CliError(str(error)) from None
    except BookingError as error:
        raise _refused(error) from None
    console.print(f"booked appointment {booked.appointment.pk}")


@app.command()
def move(
    appointment: Annotated[int, typer.Argument(help="Appointment id.")],
    start: Annotated[str, typer.Option(help="New start with its offset.")],
    therapist: Annotated[int | None, typer.Option(help="Move to this therapist.")] = None,
    override_notice: OverrideNotice = False,
) -> None:
    """Move an appointment to another free time (and optionally another therapist)."""
    _setup()
    from triggerpoint.clinic.booking.appointments import reschedule
    from triggerpoint.clinic.errors import BookingError
    from triggerpoint.clinic.models import Staff

    found = _appointment(appointment)
    who = None
    if therapist is not None:
        who = Staff.objects.filter(pk=therapist, clinic_id=found.service.clinic_id).first()
        if who is None:
            raise CliError(f"no therapist with id {therapist} at the appointment's clinic")
    try:
        reschedule(found, _when(start), therapist=who, rules=_rules(override_notice))
    except BookingError as error:
        raise CliError(f"not moved: {error}") from None
    console.print(f"moved appointment {appointment}")


@app.command()
def cancel(
    appointment: Annotated[int, typer.Argument(help="Appointment id.")],
    reason: Annotated[str, typer.Option(help="Why, for the record.")] = "",
    override_notice: OverrideNotice = False,
) -> None:
    """Cancel an appointment and free its time."""
    _setup()
    from triggerpoint.clinic.booking.appointments import cancel as cancel_booking
    from triggerpoint.clinic.errors import BookingError

    found = _appointment(appointment)
    try:
        cancel_booking(found, reason=reason, rules=_rules(override_notice))
    except BookingError as error:
        raise CliError(f"not cancelled: {error}") from None
    console.print(f"cancelled appointment {appointment}")
