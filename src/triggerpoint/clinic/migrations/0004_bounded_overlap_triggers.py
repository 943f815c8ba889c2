"""Bound the SQLite overlap triggers' index scan to the longest possible booking.

Without a lower bound on `blocked_start` each insert scanned all earlier bookings of its
therapist and room. No booking blocks more than 16 hours (services last at most 12 hours
plus two buffers of at most 2 hours; the booking engine enforces it), so only bookings
starting within 16 hours before the new one can overlap it.
"""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

ACTIVE = "status <> 'cancelled'"


def _clash(exclude_self: bool) -> str:
    self_clause = " AND a.id <> NEW.id" if exclude_self else ""
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM clinic_appointment a WHERE a.{col}_id = NEW.{col}_id"
        " AND a.blocked_start >= datetime(NEW.blocked_start, '-16 hours')"
        f" AND a.blocked_start < NEW.blocked_end AND a.blocked_end > NEW.blocked_start"
        f" AND a.{ACTIVE}{self_clause})"
        for col in ("therapist", "room")
    )


def _triggers(bounded: bool) -> list[str]:
    if not bounded:
        from importlib import import_module

        previous = import_module("triggerpoint.clinic.migrations.0002_no_overlapping_bookings")
        return list(previous.SQLITE_UP)
    return [
        "CREATE TRIGGER appt_no_overlap_insert BEFORE INSERT ON clinic_appointment "
        f"WHEN NEW.{ACTIVE} AND ({_clash(False)}) "
        "BEGIN SELECT RAISE(ABORT, 'appointment overlaps an active booking'); END",
        "CREATE TRIGGER appt_no_overlap_update BEFORE UPDATE ON clinic_appointment "
        f"WHEN NEW.{ACTIVE} AND ({_clash(True)}) "
        "BEGIN SELECT RAISE(ABORT, 'appointment overlaps an active booking'); END",
    ]


def _replace(schema_editor: BaseDatabaseSchemaEditor, bounded: bool) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS appt_no_overlap_insert")
    schema_editor.execute("DROP TRIGGER IF EXISTS appt_no_overlap_update")
    for sql in _triggers(bounded):
        schema_editor.execute(sql)


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _replace(schema_editor, bounded=True)


def backwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _replace(schema_editor, bounded=False)


class Migration(migrations.Migration):
    dependencies = [("clinic", "0003_pain_drawings")]
    operations = [migrations.RunPython(forwards, backwards)]
