"""Stable UUIDs on the records that leave the system (FHIR ids, import matching), and the
client's date of birth (practice-management exports carry it).

Added in three steps so existing rows each get their own value: a nullable column, a
fill with uuid4 per row, then the unique, non-null column the models declare.
"""

import uuid
from importlib import import_module
from typing import Any

from django.db import migrations, models

MODELS = ("client", "recurringseries", "appointment", "paindrawing", "visit", "finding",
          "measurement", "homeplan")


def fill(apps: Any, schema_editor: Any) -> None:
    for name in MODELS:
        model = apps.get_model("clinic", name)
        rows = list(model.objects.filter(uuid__isnull=True).only("pk"))
        for row in rows:
            row.uuid = uuid.uuid4()
        model.objects.bulk_update(rows, ["uuid"], batch_size=500)


def overlap_triggers(apps: Any, schema_editor: Any) -> None:
    """SQLite rebuilds a table to alter a column, which drops its triggers: put back the
    ones that refuse overlapping bookings (0004)."""
    bounded = import_module("triggerpoint.clinic.migrations.0004_bounded_overlap_triggers")
    bounded._replace(schema_editor, bounded=True)


class Migration(migrations.Migration):
    dependencies = [("clinic", "0008_home_plan_checks")]

    operations = [
        # Undoing this migration rebuilds the tables last: put the triggers back after it.
        migrations.RunPython(migrations.RunPython.noop, overlap_triggers),
        migrations.AddField(
            model_name="client", name="date_of_birth", field=models.DateField(null=True, blank=True)
        ),
        *(
            migrations.AddField(model_name=name, name="uuid", field=models.UUIDField(null=True))
            for name in MODELS
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        *(
            migrations.AlterField(
                model_name=name,
                name="uuid",
                field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
            )
            for name in MODELS
        ),
        migrations.RunPython(overlap_triggers, overlap_triggers),
    ]
