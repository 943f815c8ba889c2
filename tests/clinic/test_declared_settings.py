"""The environment settings are declared once: every one read is declared, every one
declared is in the README's table, and a bad value is one line naming the setting."""

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


def test_the_readme_table_is_the_declared_settings():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("<!-- settings table -->\n", 1)[1].split("\n<!-- end settings table -->")[
        0
    ]
    assert table == declared.markdown_table(), "run `triggerpoint settings --markdown`"
    for setting in declared.SETTINGS:
        assert setting.help, f"{setting.name} has no help"


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
