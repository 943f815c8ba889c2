"""A guest claims their bookings with an account: which record an address claims, and
linking the new login to it.

The emailed link proves the address is theirs, so the login is linked to the oldest
record booked with that address that no login holds yet (Client.user is one-to-one).
A guest's later bookings made while signed out are records of their own (see
clinic.booking.appointments): the front desk sees them beside the claimed one.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from triggerpoint.clinic.models import Client
from triggerpoint.clinic.privacy.audit import record


class AlreadyClaimedError(Exception):
    """Another login took the record first (a second tab, a second link)."""


def unclaimed_record(email: str) -> Client | None:
    return Client.objects.filter(email__iexact=email, user__isnull=True).order_by("pk").first()


def is_claimed(email: str) -> bool:
    return Client.objects.filter(email__iexact=email, user__isnull=False).exists()


def link_login(client: Client, user: AbstractBaseUser) -> Client:
    """Link `user` to `client` if no login holds it yet; audited as client.claimed.

    Call inside the transaction that saved the user, so a refusal undoes the new login.
    """
    # Re-read under the transaction: a second tab may have claimed it meanwhile.
    linked = Client.objects.filter(pk=client.pk, user__isnull=True).update(user=user)
    if not linked:
        raise AlreadyClaimedError("this record was claimed already")
    client.refresh_from_db(fields=["user"])
    record(user, "client.claimed", client)
    return client
