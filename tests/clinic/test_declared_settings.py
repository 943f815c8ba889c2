"""The environment settings are declared once: every one read is declared, the table of
docs/operations.md is the declaration (as `make settings-table` writes it), and a bad
value is one line naming the setting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from triggerpoint.cli import main
from triggerpoint.site import declared

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_PY = ROOT / "src" / "triggerpoint" / "site" / "settings.py"


def test_every_setting_read_in_settings_py_is_declared():
    read = set(re.findall(r'env(?:secret)?\("([A-Z_]+)"', SETTINGS_PY.read_text()))
    assert read, "the pattern found nothing"
    assert sorted(read - set(declared.BY_NAME)) == []
    assert sorted(set(declared.BY_NAME) - read) == [], "declared but never read"


OPERATIONS = ROOT / "docs" / "operations.md"


def test_the_operations_guide_table_is_the_declared_settings():
    guide = OPERATIONS.read_text(encoding="utf-8")
    assert declared.with_table(guide) == guide, "run `make settings-table`"
    table = guide.split(declared.TABLE_START, 1)[1].split(declared.TABLE_END, 1)[0]
    names = re.findall(r"^\| `([A-Z_]+)` \|", table, flags=re.MULTILINE)
    assert names == [s.name for s in declared.SETTINGS]
    for setting in declared.SETTINGS:
        assert setting.help, f"{setting.name} has no help"


def test_the_command_writes_the_table_into_a_stale_guide(tmp_path, capsys):
    stale = OPERATIONS.read_text(encoding="utf-8").replace("| `FINDER_RATE` |", "| `OLD` |")
    guide = tmp_path / "operations.md"
    guide.write_text(stale, encoding="utf-8")
    assert main(["settings", "--into", str(guide)]) == 0
    assert guide.read_text(encoding="utf-8") == OPERATIONS.read_text(encoding="utf-8")
    assert "settings table written" in capsys.readouterr().out
    assert main(["settings", "--into", str(guide)]) == 0
    assert "already current" in capsys.readouterr().out


def test_a_file_without_the_markers_is_refused_in_one_line(tmp_path, capsys):
    plain = tmp_path / "notes.txt"
    plain.write_text("# Notes\n", encoding="utf-8")
    assert main(["settings", "--into", str(plain)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "has no settings table markers" in err[0]
    assert plain.read_text(encoding="utf-8") == "# Notes\n"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOOKING_RATE", "lots"),
        ("TRUSTED_PROXIES", "two"),
        ("SECURE_HSTS_PRELOAD", "maybe"),
        ("TRIGGERPOINT_ENV", "staging"),
        ("SESSION_MAX_HOURS", "-1"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_a_bad_value_stops_the_start_with_one_line_naming_it(tmp_path, name, value):
    env = {**os.environ, name: value, "TRIGGERPOINT_VAR_DIR": str(tmp_path)}
    cli = str(Path(sys.executable).with_name("triggerpoint"))
    done = subprocess.run(
        [cli, "manage", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {name} "), done.stderr


def test_the_listing_names_every_setting_and_hides_the_secret(monkeypatch, capsys):
    monkeypatch.setenv("SECRET_KEY", "do-not-print-me")
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    assert "do-not-print-me" not in out
    for setting in declared.SETTINGS:
        assert setting.name in out
