"""The learning loop in the clinic: counts follow the findings, priors follow the counts."""

from __future__ import annotations

import pytest

from tests.conftest import NOW, World
from tests.interop.records import OTHER, POINT, full_record
from triggerpoint.clinic.models import (
    AuditEvent,
    Client,
    Clinic,
    Finding,
    PainDrawing,
    PriorCount,
    Staff,
    Visit,
)
from triggerpoint.clinic.treatment import learning
from triggerpoint.finder.learning import Count
from triggerpoint.finder.network import atlas_network

pytestmark = pytest.mark.django_db


def visit_for(world: World, client: Client | None = None, therapist: Staff | None = None) -> Visit:
    return Visit.objects.create(
        client=client or world.client_a, therapist=therapist or world.alice, ended_at=NOW
    )


def examine(visit: Visit, point: str, recognised: bool) -> Finding:
    return Finding.objects.create(visit=visit, trigger_point=point, recognised=recognised)


def test_each_finding_counts_once_as_examined_and_once_more_if_recognised(world: World):
    examine(visit_for(world), POINT, True)
    examine(visit_for(world), POINT, False)
    examine(visit_for(world), OTHER, False)
    assert learning.counts(world.clinic.pk) == {POINT: Count(2, 1), OTHER: Count(1, 0)}


def test_saving_or_recounting_again_changes_nothing(world: World):
    finding = examine(visit_for(world), POINT, True)
    finding.save()
    finding.save()
    learning.recount(world.clinic.pk)
    learning.recount(world.clinic.pk, [POINT])
    assert learning.counts(world.clinic.pk) == {POINT: Count(1, 1)}
    assert PriorCount.objects.count() == 1


def test_an_edited_or_deleted_finding_is_recounted(world: World):
    finding = examine(visit_for(world), POINT, False)
    finding.recognised = True
    finding.save()
    assert learning.counts(world.clinic.pk) == {POINT: Count(1, 1)}
    finding.delete()
    assert learning.counts(world.clinic.pk) == {}


def test_counts_stay_within_their_own_clinic(world: World):
    other = Clinic.objects.create(name="Other")
    stranger = Client.objects.create(clinic=other, name="Zoe", email="zoe@example.org")
    examine(visit_for(world, stranger), POINT, True)
    assert learning.counts(world.clinic.pk) == {}
    assert learning.counts(other.pk) == {POINT: Count(1, 1)}


def test_a_reset_forgets_earlier_findings_keeps_them_on_file_and_is_audited(world: World):
    old = visit_for(world)
    examine(old, POINT, True)
    learning.reset(world.clinic, world.owner.user, now=old.created_at)
    assert learning.counts(world.clinic.pk) == {}
    assert Finding.objects.filter(visit=old).exists()
    learning.recount(world.clinic.pk)
    assert learning.counts(world.clinic.pk) == {}
    examine(visit_for(world), POINT, False)
    assert learning.counts(world.clinic.pk) == {POINT: Count(1, 0)}
    assert AuditEvent.objects.filter(
        action="priors.reset", record_type="clinic", record_id=world.clinic.pk
    ).exists()


def test_the_clinic_network_raises_the_prior_of_a_point_it_often_confirms(world: World):
    for _ in range(10):
        examine(visit_for(world), POINT, True)
    at = atlas_network().index()[POINT]
    assert learning.clinic_network(world.clinic.pk).prior[at] > atlas_network().prior[at]
    rows = learning.point_rows(world.clinic.pk)
    assert [(r.trigger_point, r.examined, r.confirmed) for r in rows] == [(POINT, 10, 10)]
    assert rows[0].clinic_prior > rows[0].atlas_prior


def test_calibration_recomputes_predictions_from_the_intake_drawing(world: World):
    record = full_record(world)  # one visit with an intake drawing and two findings
    bare = visit_for(world, world.client_b)  # no drawing: left out of the report
    examine(bare, POINT, True)
    report = learning.calibration_report(world.clinic.pk)
    assert (report.findings, report.visits, report.without_drawing) == (2, 1, 1)
    assert sum(b.examined for b in report.bins) == 2
    assert sum(b.confirmed for b in report.bins) == 1
    assert record.visit.findings.count() == 2


def test_a_visit_without_its_own_drawing_uses_the_latest_earlier_intake_drawing(world: World):
    marks = [{"region": "temple-r", "intensity": 6}]
    PainDrawing.objects.create(client=world.client_a, marks=marks)
    examine(visit_for(world), POINT, True)
    report = learning.calibration_report(world.clinic.pk)
    assert (report.findings, report.visits) == (1, 1)
