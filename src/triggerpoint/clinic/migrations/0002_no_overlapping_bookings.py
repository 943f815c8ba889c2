"""The database itself refuses overlapping active bookings per therapist and per room.

PostgreSQL: exclusion constraints over tstzrange (btree_gist lets `=` on the id share the
GiST index). SQLite: triggers that abort an insert or update overlapping an active booking.
Other engines get nothing here and rely on the booking engine's check.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

ACTIVE = "status <> 'cancelled'"

POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    *(
        f"ALTER TABLE clinic_appointment ADD CONSTRAINT appt_{col}_no_overlap "
        f"EXCLUDE USING gist ({col}_id WITH =, "
        f"tstzrange(blocked_start, blocked_end, '[)') WITH &&) WHERE ({ACTIVE})"
        for col in ("therapist", "room")
    ),
]
POSTGRES_DOWN = [
    f"ALTER TABLE clinic_appointment DROP CONSTRAINT appt_{col}_no_overlap"
    for col in ("therapist", "room")
]


def _clash(new: str, exclude_self: bool) -> str:
    self_clause = f" AND a.id <> {new}.id" if exclude_self else ""
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM clinic_appointment a WHERE a.{col}_id = {new}.{col}_id"
        f" AND a.{ACTIVE} AND a.blocked_start < {new}.blocked_end"
        f" AND a.blocked_end > {new}.blocked_start{self_clause})"
        for col in ("therapist", "room")
    )


SQLITE_UP = [
    "CREATE TRIGGER appt_no_overlap_insert BEFORE INSERT ON clinic_appointment "
    f"WHEN NEW.{ACTIVE} AND ({_clash('NEW', False)}) "
    "BEGIN SELECT RAISE(ABORT, 'appointment overlaps an active booking'); END",
    "CREATE TRIGGER appt_no_overlap_update BEFORE UPDATE ON clinic_appointment "
    f"WHEN NEW.{ACTIVE} AND ({_clash('NEW', True)}) "
    "BEGIN SELECT RAISE(ABORT, 'appointment overlaps an active booking'); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS appt_no_overlap_insert",
    "DROP TRIGGER IF EXISTS appt_no_overlap_update",
]


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    statements = {"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def backwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    statements = {"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("clinic", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
