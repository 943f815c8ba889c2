"""Settings come from the environment and refuse unsafe production configurations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def load_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    clean |= {"TRIGGERPOINT_VAR_DIR": str(tmp_path)} | env
    code = (
        "import triggerpoint.site.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False
    )


def test_development_starts_with_the_default_secret_on_sqlite(tmp_path: Path) -> None:
    result = load_settings(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]


@pytest.mark.parametrize("env", [{"TRIGGERPOINT_ENV": "production"}, {"DEBUG": "false"}])
def test_production_refuses_the_default_secret(tmp_path: Path, env: dict[str, str]) -> None:
    result = load_settings(tmp_path, **env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_starts_with_a_real_secret(tmp_path: Path) -> None:
    result = load_settings(tmp_path, TRIGGERPOINT_ENV="production", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False"


def test_a_mistyped_boolean_stops_the_start(tmp_path: Path) -> None:
    result = load_settings(tmp_path, DEBUG="maybe")
    assert "DEBUG must be true or false" in result.stderr


def test_database_url_selects_postgresql(tmp_path: Path) -> None:
    result = load_settings(tmp_path, DATABASE_URL="postgres://u@db.example:5432/clinic")
    assert result.stdout.split()[1] == "django.db.backends.postgresql"


def test_argon2_hashes_passwords_first() -> None:
    from django.conf import settings

    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
