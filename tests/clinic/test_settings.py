"""Settings come from the environment and refuse unsafe production configurations."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# What a real deployment sets: a secret, an SMTP server and its public address.
PRODUCTION = {
    "TRIGGERPOINT_ENV": "production",
    "SECRET_KEY": "x" * 50,
    "EMAIL_HOST": "smtp.example.org",
    "SITE_URL": "https://clinic.example.org",
}


def load_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "EMAIL_BACKEND", "EMAIL_HOST", "SITE_URL"}
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
    result = load_settings(tmp_path, **PRODUCTION)
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


def test_production_uses_smtp_when_a_server_is_named(tmp_path: Path) -> None:
    code = (
        "import triggerpoint.site.settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.SITE_URL)"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "SITE_URL"))}
    env = clean | {"TRIGGERPOINT_VAR_DIR": str(tmp_path)} | PRODUCTION | {"EMAIL_USE_TLS": "on"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "587",
        "True",
        "https://clinic.example.org",
    ], done.stderr


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"EMAIL_HOST": ""}, "EMAIL_BACKEND is console in production"),
        ({"EMAIL_BACKEND": "locmem"}, "EMAIL_BACKEND is locmem in production"),
        ({"SITE_URL": "http://127.0.0.1:8000"}, "SITE_URL is http://127.0.0.1:8000 in production"),
        ({"SITE_URL": "https://localhost"}, "SITE_URL is https://localhost in production"),
        ({"SITE_URL": "http://[::1]:8000"}, "SITE_URL is http://[::1]:8000 in production"),
        ({"SITE_URL": "clinic.example.org"}, "SITE_URL must be an http(s) address"),
        ({"EMAIL_USE_TLS": "on", "EMAIL_USE_SSL": "on"}, "cannot both be on"),
        ({"EMAIL_BACKEND": "not a path"}, "EMAIL_BACKEND must be smtp, console"),
    ],
)
def test_production_refuses_email_that_goes_nowhere(
    tmp_path: Path, change: dict[str, str], says: str
) -> None:
    result = load_settings(tmp_path, **(PRODUCTION | change))
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert says in last, result.stderr


@pytest.mark.parametrize(
    "allowed",
    [
        {"EMAIL_HOST": "", "ALLOW_CONSOLE_EMAIL": "true"},
        {"SITE_URL": "http://127.0.0.1:8000", "ALLOW_LOOPBACK_SITE_URL": "true"},
    ],
)
def test_production_starts_when_told_explicitly(tmp_path: Path, allowed: dict[str, str]) -> None:
    result = load_settings(tmp_path, **(PRODUCTION | allowed))
    assert result.returncode == 0, result.stderr


def test_development_keeps_the_console_backend(tmp_path: Path) -> None:
    code = "import triggerpoint.site.settings as s; print(s.EMAIL_BACKEND)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=clean | {"TRIGGERPOINT_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.strip() == "django.core.mail.backends.console.EmailBackend", done.stderr
