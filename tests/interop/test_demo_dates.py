"""The demo's records are dated inside their visit, whenever the demo is made: findings,
plans and notes read as they happened, and so do their FHIR Observations."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from triggerpoint.clinic.demo import seed as demo
from triggerpoint.clinic.models import Client, Finding, HomePlan, Note, Visit
from triggerpoint.interop.fhir import client_bundle_json

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)


@pytest.fixture
def visits() -> list[Visit]:
    demo.create(clients=8, weeks=3, now=NOW)
    made = list(Visit.objects.all())
    assert len(made) >= 4
    return made


def test_findings_and_plans_are_stamped_inside_their_visit(visits: list[Visit]):
    for visit in visits:
        assert visit.started_at and visit.ended_at and visit.ended_at < NOW
        for finding in Finding.objects.filter(visit=visit):
            assert visit.started_at <= finding.recorded_at <= visit.ended_at
        for plan in HomePlan.objects.filter(visit=visit):
            assert visit.started_at <= plan.created_at <= visit.ended_at
        note = Note.objects.get(visit=visit)
        assert note.signed_at is not None
        assert (
            visit.ended_at
            <= note.updated_at
            == note.signed_at
            <= visit.ended_at + timedelta(hours=1)
        )


def test_every_observation_of_a_visit_falls_inside_its_encounter(visits: list[Visit]):
    for client in Client.objects.filter(visits__isnull=False).distinct():
        bundle = json.loads(client_bundle_json(client, now=NOW))
        periods = {
            e["fullUrl"]: e["resource"]["period"]
            for e in bundle["entry"]
            if e["resource"]["resourceType"] == "Encounter"
        }
        for entry in bundle["entry"]:
            resource = entry["resource"]
            if resource["resourceType"] != "Observation" or "encounter" not in resource:
                continue
            period = periods[resource["encounter"]["reference"]]
            at = datetime.fromisoformat(resource["effectiveDateTime"])
            start, end = (datetime.fromisoformat(period[k]) for k in ("start", "end"))
            assert start <= at <= end, (client.email, resource["code"].get("text"))
