"""Every environment setting, declared once: name, type, default, help and a check.

site/settings.py reads each through `read()`, `triggerpoint settings` lists them, the
table in docs/operations.md is `markdown_table()` (written there by `make settings-table`),
and a test fails when a setting is read but not declared or when that table and this
declaration disagree. A bad value stops the start with one line that names the setting.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
RATE = re.compile(r"[1-9][0-9]*/[0-9]*[smhd]")


def as_text(raw: str) -> str:
    return raw


def as_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("must be true or false")


def as_int(raw: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError("must be a whole number") from None
    if value < 0:
        raise ValueError("must not be negative")
    return value


def as_rate(raw: str) -> str:
    value = raw.strip()
    if not RATE.fullmatch(value):
        raise ValueError("must be a rate such as 20/h or 10/10m (count/period, period s m h d)")
    return value


EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
}
UNSENT_BACKENDS = frozenset(
    {
        EMAIL_BACKENDS["console"],
        EMAIL_BACKENDS["locmem"],
        "django.core.mail.backends.dummy.EmailBackend",
    }
)


def as_email_backend(raw: str) -> str:
    """A short name (smtp, console, locmem, file) or a dotted path; empty decides later."""
    value = raw.strip()
    if value in EMAIL_BACKENDS:
        return EMAIL_BACKENDS[value]
    if value and not re.fullmatch(r"[A-Za-z_][\w.]*\.[A-Za-z_]\w*", value):
        raise ValueError("must be smtp, console, locmem, file or a dotted path to a backend")
    return value


def as_list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def one_of(*choices: str) -> Callable[[str], str]:
    def check(raw: str) -> str:
        if raw not in choices:
            raise ValueError(f"must be {', '.join(choices[:-1])} or {choices[-1]}")
        return raw

    return check


@dataclass(frozen=True)
class Setting:
    name: str
    kind: str  # shown in the listing: text, bool, int, rate, list, secret, choice
    default: str  # as it would be written in the environment; "" is empty
    help: str
    parse: Callable[[str], Any] = as_text
    shown_default: str | None = None  # when the default depends on other settings


def _s(name: str, kind: str, default: str, help: str, **more: Any) -> Setting:
    parse = {"bool": as_bool, "int": as_int, "rate": as_rate, "list": as_list}.get(kind, as_text)
    return Setting(name, kind, default, help, more.pop("parse", parse), **more)


SETTINGS: tuple[Setting, ...] = (
    _s(
        "TRIGGERPOINT_ENV",
        "choice",
        "development",
        "development, production or test.",
        parse=one_of("development", "production", "test"),
    ),
    _s(
        "DEBUG",
        "bool",
        "",
        "Django's debug pages; never in production.",
        shown_default="on unless TRIGGERPOINT_ENV=production; `serve` sets it off unless --dev",
    ),
    _s(
        "SECRET_KEY",
        "secret",
        "",
        "Signs sessions, links and tokens; required in production.",
        shown_default="a development-only value",
    ),
    _s(
        "TRIGGERPOINT_VAR_DIR",
        "text",
        "",
        "Where the SQLite database and static files live.",
        shown_default="./var",
    ),
    _s("DATABASE_URL", "text", "", "PostgreSQL, e.g. postgres://user@host/db; SQLite if empty."),
    _s("SQLITE_BUSY_TIMEOUT", "int", "20", "Seconds a SQLite writer waits for the lock."),
    _s(
        "REQUEST_READ_TIMEOUT",
        "int",
        "15",
        "Seconds a client may take to send a whole request to `serve` (0: no limit).",
    ),
    _s(
        "SERVE_THREADS",
        "int",
        "8",
        "Threads per `serve` worker process that run the (synchronous) views.",
    ),
    _s(
        "SQLITE_TEST_NAME",
        "text",
        "",
        "The SQLite test database's file.",
        shown_default="$TRIGGERPOINT_VAR_DIR/test.sqlite3",
    ),
    _s(
        "ALLOWED_HOSTS",
        "list",
        "",
        "Host names the site answers, comma-separated.",
        shown_default="localhost,127.0.0.1,testserver outside production",
    ),
    _s("CSRF_TRUSTED_ORIGINS", "list", "", "Extra origins allowed to post forms."),
    _s(
        "SITE_URL",
        "text",
        "http://127.0.0.1:8000",
        "The public address every emailed link starts with, e.g. https://clinic.example.org; "
        "production refuses a loopback one.",
    ),
    _s(
        "ALLOW_LOOPBACK_SITE_URL",
        "bool",
        "false",
        "Production: start although SITE_URL is localhost or 127.0.0.1 (links will not work "
        "for clients).",
    ),
    _s(
        "REDIS_URL",
        "text",
        "",
        "Redis for the shared cache (rate limits, sign-in lockout); "
        "the database's cache table if empty.",
    ),
    _s("CACHE_KEY_PREFIX", "text", "triggerpoint", "Keeps several apps apart in one Redis."),
    _s(
        "EMAIL_BACKEND",
        "text",
        "",
        "Django email backend; smtp, console, locmem or a dotted path.",
        parse=as_email_backend,
        shown_default="smtp when EMAIL_HOST is set, else console (printed to the log)",
    ),
    _s("EMAIL_HOST", "text", "", "SMTP server, e.g. smtp.example.org."),
    _s("EMAIL_PORT", "int", "587", "SMTP port: 587 with EMAIL_USE_TLS, 465 with EMAIL_USE_SSL."),
    _s("EMAIL_HOST_USER", "text", "", "SMTP user name; empty for none."),
    _s("EMAIL_HOST_PASSWORD", "secret", "", "SMTP password."),
    _s("EMAIL_USE_TLS", "bool", "false", "SMTP STARTTLS (usually port 587)."),
    _s("EMAIL_USE_SSL", "bool", "false", "SMTP over TLS from the start (usually port 465)."),
    _s("EMAIL_TIMEOUT", "int", "30", "Seconds to wait for the SMTP server."),
    _s(
        "DEFAULT_FROM_EMAIL",
        "text",
        "clinic@example.com",
        "Sender (and calendar ORGANIZER) of the app's emails: an address, or a name and one.",
    ),
    _s(
        "ALLOW_CONSOLE_EMAIL",
        "bool",
        "false",
        "Production: start with the console or locmem backend (emails are not delivered).",
    ),
    _s("SESSION_IDLE_MINUTES_STAFF", "int", "30", "Staff are signed out after this idle time."),
    _s("SESSION_IDLE_MINUTES_CLIENT", "int", "720", "Clients are signed out after this idle time."),
    _s("SESSION_MAX_HOURS", "int", "12", "Every session ends this long after signing in."),
    _s("SECURE_SSL_REDIRECT", "bool", "true", "Production: redirect HTTP to HTTPS."),
    _s("SECURE_HSTS_SECONDS", "int", "31536000", "Production: HSTS max-age (a year)."),
    _s("SECURE_HSTS_INCLUDE_SUBDOMAINS", "bool", "true", "Production: HSTS for subdomains."),
    _s("SECURE_HSTS_PRELOAD", "bool", "false", "Ask to join the browsers' HSTS preload list."),
    _s("TRUSTED_PROXIES", "int", "0", "How many proxies in front add X-Forwarded-For."),
    _s("BOOKING_RATE", "rate", "20/h", "Guest bookings per client address."),
    _s("PASSWORD_RESET_RATE", "rate", "10/h", "Password-reset forms per client address."),
    _s("RESET_EMAIL_RATE", "rate", "3/h", "Password-reset emails per email address."),
    _s("CLAIM_EMAIL_RATE", "rate", "3/h", "Claim-your-bookings emails per email address."),
    _s("JOIN_CODE_RATE", "rate", "10/10m", "Wrong session join codes per client address."),
    _s("FINDER_RATE", "rate", "120/m", "Drawings sent to the finder API per client address."),
    _s("LOGIN_FAILURE_LIMIT", "int", "5", "Failed sign-ins that lock a username from an address."),
    _s("LOGIN_LOCKOUT_MINUTES", "int", "15", "How long such a lock lasts."),
    _s(
        "LOG_LEVEL",
        "choice",
        "INFO",
        "DEBUG, INFO, WARNING or ERROR.",
        parse=one_of("DEBUG", "INFO", "WARNING", "ERROR"),
    ),
)
BY_NAME = {setting.name: setting for setting in SETTINGS}


def read(name: str, default: str | None = None) -> Any:
    """The setting's value from the environment (or its default), parsed and checked."""
    setting = BY_NAME.get(name)
    if setting is None:
        raise ImproperlyConfigured(f"{name} is read but not declared in site/declared.py")
    raw = os.environ.get(name)
    if raw is None:
        raw = setting.default if default is None else default
    try:
        return setting.parse(raw)
    except ValueError as error:
        shown = "(hidden)" if setting.kind == "secret" else repr(raw)
        raise ImproperlyConfigured(f"{name} {error}, got {shown}") from None


def markdown_table() -> str:
    rows = ["| Setting | Type | Default | What it does |", "| --- | --- | --- | --- |"]
    for s in SETTINGS:
        default = s.shown_default or (f"`{s.default}`" if s.default else "empty")
        rows.append(f"| `{s.name}` | {s.kind} | {default} | {s.help} |")
    return "\n".join(rows)


TABLE_START = "<!-- settings table: `make settings-table` writes it from site/declared.py -->\n"
TABLE_END = "\n<!-- end settings table -->"


def with_table(document: str) -> str:
    """`document` with the text between its table markers replaced by `markdown_table()`.

    Raises ValueError when the markers are missing or out of order."""
    start = document.find(TABLE_START)
    end = document.find(TABLE_END, start + 1)
    if start < 0 or end < 0:
        raise ValueError("has no settings table markers (see site/declared.py TABLE_START)")
    return document[: start + len(TABLE_START)] + markdown_table() + document[end:]
