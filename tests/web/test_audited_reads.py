"""The owner's report and the finder's learning page are reads of the whole clinic's
records: each view leaves one audit event naming the clinic and who read it."""

from __future__ import annotations

import pytest

from tests.conftest import World
from tests.web.roles import cast_of
from triggerpoint.clinic.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "action"),
    [("/staff/report/", "report.viewed"), ("/staff/learning/", "learning.viewed")],
)
def test_an_owners_clinic_wide_page_is_audited(world: World, url: str, action: str) -> None:
    owner = cast_of(world).http("owner")
    assert not AuditEvent.objects.filter(action=action).exists()
    assert owner.get(url).status_code == 200
    event = AuditEvent.objects.get(action=action)
    assert (event.actor_id, event.record_type, event.record_id) == (
        world.owner.user.pk,
        "clinic",
        world.clinic.pk,
    )


@pytest.mark.parametrize("url", ["/staff/report/", "/staff/learning/"])
def test_a_refused_read_is_not_recorded_as_a_read(world: World, url: str) -> None:
    therapist = cast_of(world).http("therapist")
    assert therapist.get(url).status_code in (403, 404)
    assert not AuditEvent.objects.filter(action__in=["report.viewed", "learning.viewed"]).exists()
