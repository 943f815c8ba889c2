"""When each clinic's public record last changed, for the Last-Modified of its site's pages.

A clinic's public pages show its name, contact, opening hours, services and therapists
(clinic/people/sites.py, clinic/people/contact.py). None of those rows keeps a modification time, so
every save or delete of one stamps its clinic in the shared cache once its transaction
has committed, with the next whole second (HTTP dates are whole seconds): every stamp is
later than the commit it follows, which web/freshness.py relies on. `everything_changed()`
stamps every clinic at once (a restored database). A stamp the cache does not hold (a
cleared Redis, a first start) is taken to be now, later than any real change: the worst
case is a page sent in full.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from triggerpoint.clinic.models import Clinic, OpeningHours, Service, Staff

EVERY_CLINIC = "site-changed:all"
WEEK = 7 * 24 * 3600  # a stamp nobody reads for a week is taken as "now" again


def _key(clinic_id: int | None) -> str:
    return f"site-changed:{clinic_id}"


def _stamp(key: str) -> None:
    cache.set(key, int(time.time()) + 1, WEEK)


def clinic_changed(clinic_id: int | None) -> None:
    """The clinic's public record changed in the current transaction (or just now)."""
    if clinic_id is not None:
        transaction.on_commit(lambda: _stamp(_key(clinic_id)))


def everything_changed() -> None:
    _stamp(EVERY_CLINIC)


def last_change(clinic_id: int | None) -> int:
    """Seconds since the epoch of the clinic's last public change (or of any clinic's)."""
    key = _key(clinic_id)
    found = cache.get_many([key, EVERY_CLINIC])
    if key not in found:
        cache.add(key, int(time.time()) + 1, WEEK)  # the first of two workers wins
        found[key] = cache.get(key, int(time.time()) + 1)
    return max(value for value in found.values() if isinstance(value, int))


def _changed(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    clinic_changed(instance.pk if isinstance(instance, Clinic) else instance.clinic_id)


for _model in (Clinic, Service, OpeningHours, Staff):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"site-changed-{_model.__name__}")
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"site-deleted-{_model.__name__}")
