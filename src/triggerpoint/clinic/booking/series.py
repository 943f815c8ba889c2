"""Weekly series: the same local time every week for up to 52 weeks, all or nothing.

Every week passes the booking rules of `clinic.booking.policy` for the door named by
`rules`, in one transaction with the client's row locked; one week that fails books none
of them, and the error names every date that did not pass.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from triggerpoint.clinic.booking.placement import Placement, place_booking
from triggerpoint.clinic.booking.policy import ONLINE, Rules, check_booking
from triggerpoint.clinic.booking.rows import insert_placed, lock_client, lost_race
from triggerpoint.clinic.errors import NotBookableError, SeriesConflictError, SlotTakenError
from triggerpoint.clinic.messaging import emails
from triggerpoint.clinic.models import Client, RecurringSeries, Service, Staff
from triggerpoint.clinic.privacy.audit import Actor, record


def book_series(
    *,
    service: Service,
    therapist: Staff,
    first_start: datetime,
    weeks: int,
    client: Client,
    actor: Actor = None,
    now: datetime | None = None,
    rules: Rules = ONLINE,
) -> RecurringSeries:
    """Book the same local time every week for `weeks` weeks: all of them, or none.

    Occurrences keep their local wall-clock time across daylight-saving changes. Each
    week must pass every booking rule; the error names every date that did not.
    """
    if not 1 <= weeks <= 52:
        raise NotBookableError("a series runs for 1 to 52 weeks")
    now = now or timezone.now()
    zone = service.clinic.zone
    local = first_start.astimezone(zone)
    starts = [
        datetime.combine(local.date() + timedelta(weeks=k), local.time(), tzinfo=zone)
        for k in range(weeks)
    ]
    if client.clinic_id != service.clinic_id:
        raise NotBookableError("the client is registered with another clinic")
    try:
        with transaction.atomic():
            lock_client(client)
            places: list[Placement] = []
            conflicts = []
            for start in starts:
                try:
                    check_booking(
                        service=service,
                        therapist_id=therapist.pk,
                        start=start,
                        client=client,
                        now=now,
                        rules=rules,
                    )
                    places.append(place_booking(service, therapist, start, now))
                except (NotBookableError, SlotTakenError):
                    conflicts.append(start.astimezone(zone).date())
            if conflicts:
                raise SeriesConflictError(conflicts)
            series = RecurringSeries.objects.create(
                client=client,
                therapist=therapist,
                service=service,
                first_start=starts[0],
                weeks=weeks,
            )
            booked_ids = []
            for place in places:
                appointment = insert_placed(client, therapist, service, place, None, series)
                record(actor, "appointment.booked", appointment)
                booked_ids.append(appointment.pk)
            record(actor, "series.booked", series)
            transaction.on_commit(partial(emails.series_booked, booked_ids), robust=True)
            return series
    except (IntegrityError, OperationalError) as error:
        if not lost_race(error):
            raise
        raise SlotTakenError("part of the series was just taken; nothing was booked") from None
