"""The migration that adds record UUIDs gives every existing row its own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("clinic", "0008_home_plan_checks")]
AFTER = [("clinic", "0009_record_uuids")]


@pytest.mark.django_db(transaction=True)
def test_existing_rows_each_get_a_distinct_uuid():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    clinic = old.get_model("clinic", "Clinic").objects.create(name="Old")
    client_model = old.get_model("clinic", "Client")
    for n in range(3):
        client_model.objects.create(clinic=clinic, name=f"C{n}", email=f"c{n}@example.com")
    measurement = old.get_model("clinic", "Measurement")
    first = client_model.objects.first()
    for n in range(2):
        measurement.objects.create(
            client=first, measure="pain-now", value=n, measured_at=datetime(2026, 1, 1, tzinfo=UTC)
        )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    uuids = list(new.get_model("clinic", "Client").objects.values_list("uuid", flat=True))
    assert len(uuids) == 3 and None not in uuids and len(set(uuids)) == 3
    values = list(new.get_model("clinic", "Measurement").objects.values_list("uuid", flat=True))
    assert len(set(values)) == 2 and None not in values
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
