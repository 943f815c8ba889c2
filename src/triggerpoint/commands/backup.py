"""`triggerpoint backup [-o FILE]` and `triggerpoint restore FILE`: the whole database.

SQLite is copied with its online backup API (consistent while the app keeps serving, unlike
copying the file, which can catch a half-written page or miss the WAL). PostgreSQL uses
pg_dump's custom format and pg_restore, which must be on the PATH.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from triggerpoint.commands.errors import CliError

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


def _database() -> dict[str, Any]:
    from triggerpoint.commands.clinic import _django

    _django()
    from django.conf import settings

    return dict(settings.DATABASES["default"])


def _pg_url(database: dict[str, Any]) -> str:
    user = database.get("USER") or ""
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgresql://{user}{password}@{host}{port}/{database['NAME']}"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise CliError(f"{name} is not installed; install PostgreSQL's client tools")
    return found


def _run(args: list[str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise CliError(f"{Path(args[0]).name}: {reason}")


def backup(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: dated name).")
    ] = None,
) -> None:
    """Write a consistent copy of the whole database to a file."""
    database = _database()
    sqlite = database["ENGINE"].endswith("sqlite3")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = output or Path(f"triggerpoint-{stamp}.{'sqlite3' if sqlite else 'pgdump'}")
    if str(target) == "" or target.is_dir():
        raise CliError(f"{target or 'the output'} is a directory, not a file")
    try:
        if sqlite:
            with sqlite3.connect(database["NAME"]) as source, sqlite3.connect(target) as copy:
                source.backup(copy)
        else:
            _run([_tool("pg_dump"), "--format=custom", f"--file={target}", _pg_url(database)])
    except (OSError, sqlite3.Error) as error:
        raise CliError(f"cannot write {target}: {error}") from None
    print(f"backup written to {target}")


def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `triggerpoint backup`.")],
    yes: Annotated[
        bool, typer.Option("--yes", help="Replace the current database without asking.")
    ] = False,
) -> None:
    """Replace the whole database with a backup."""
    try:
        head = file.read_bytes()[:16] if file.is_file() else b""
    except OSError as error:
        raise CliError(f"cannot read {file}: {error}") from None
    database = _database()
    sqlite = database["ENGINE"].endswith("sqlite3")
    if not head.startswith(SQLITE_MAGIC if sqlite else PG_MAGIC):
        kind = "SQLite" if sqlite else "pg_dump custom-format"
        raise CliError(f"{file} is not a {kind} backup")
    if not yes and not typer.confirm(f"Replace the database with {file}?"):
        raise CliError("nothing restored")
    try:
        if sqlite:
            with sqlite3.connect(file) as source, sqlite3.connect(database["NAME"]) as live:
                source.backup(live)
        else:
            args = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner"]
            _run([*args, f"--dbname={_pg_url(database)}", str(file)])
    except (OSError, sqlite3.Error) as error:
        raise CliError(f"cannot restore {file}: {error}") from None
    print(f"database restored from {file}")
    _every_page_changed()


def _every_page_changed() -> None:
    """Pages browsers keep were dated by the data just replaced: date every clinic's
    pages now (web/freshness.py), or they could answer 304 for records gone."""
    from triggerpoint.clinic.people import site_changes

    try:
        site_changes.everything_changed()
    except Exception as error:  # the database's cache table or Redis does not answer
        name = type(error).__name__
        print(f"note: pages not re-dated ({name}): browsers may keep pages from before it")
