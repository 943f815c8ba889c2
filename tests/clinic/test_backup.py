"""`triggerpoint backup` and `restore` round-trip every table, on SQLite and on
PostgreSQL (a database of this test's own, when a server answers). The cache table gets
one row more: the restore dates every clinic's pages anew (web/freshness.py)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

CLI = str(Path(sys.executable).with_name("triggerpoint"))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "security_backup_test"


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [CLI, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


def sqlite_tables(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: sorted(map(tuple, db.execute(f'SELECT * FROM "{n}"')), key=repr) for n in names}


CACHE_TABLE = "triggerpoint_cache"


def restored(tables: dict[str, list[tuple]], before: dict[str, list[tuple]]) -> bool:
    """Every table as it was, and the cache's stamp that re-dates every page."""
    stamped = any("site-changed:all" in str(row[0]) for row in tables[CACHE_TABLE])
    records = {name: rows for name, rows in tables.items() if name != CACHE_TABLE}
    return stamped and records == {n: r for n, r in before.items() if n != CACHE_TABLE}


def pg_tables(url: str) -> dict[str, list[tuple]]:
    import psycopg

    with psycopg.connect(url) as db:
        names = [
            r[0]
            for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {n: sorted(db.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}


def environment(tmp_path: Path, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return {**env, "TRIGGERPOINT_VAR_DIR": str(tmp_path), **more}


def demo(env: dict[str, str]) -> None:
    done = run(env, "demo", "--therapists", "2", "--clients", "3", "--weeks", "1")
    assert done.returncode == 0, done.stderr


def test_sqlite_round_trip_restores_every_table(tmp_path: Path):
    env = environment(tmp_path)
    demo(env)
    live = tmp_path / "triggerpoint.sqlite3"
    before = sqlite_tables(live)
    assert sum(len(rows) for rows in before.values()) > 100
    target = tmp_path / "copy.sqlite3"
    assert run(env, "backup", "-o", str(target)).returncode == 0
    assert sqlite_tables(target) == before
    with sqlite3.connect(live) as db:
        db.execute("DELETE FROM clinic_auditevent")
        db.execute("UPDATE clinic_client SET name = 'Changed'")
    assert sqlite_tables(live) != before
    done = run(env, "restore", str(target), "--yes")
    assert done.returncode == 0, done.stderr
    assert restored(sqlite_tables(live), before)


def test_a_file_that_is_no_backup_is_refused_in_one_line(tmp_path: Path):
    env = environment(tmp_path)
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    for args in (["restore", str(bogus), "--yes"], ["restore", str(tmp_path / "missing")]):
        done = run(env, *args)
        assert done.returncode == 2
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    done = run(env, "backup", "-o", str(tmp_path))
    assert (done.returncode, "directory" in done.stderr) == (2, True)


def postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except Exception:
        return False
    return True


@pytest.mark.skipif(not postgres_answers(), reason="no PostgreSQL at 127.0.0.1:5432")
def test_postgres_round_trip_restores_every_table(tmp_path: Path):
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
        admin.execute(f'CREATE DATABASE "{PG_NAME}"')
    url = f"{PG_SERVER}/{PG_NAME}"
    try:
        env = environment(tmp_path, DATABASE_URL=url)
        demo(env)
        before = pg_tables(url)
        target = tmp_path / "copy.pgdump"
        done = run(env, "backup", "-o", str(target))
        assert done.returncode == 0, done.stderr
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("DELETE FROM clinic_auditevent")
            db.execute("UPDATE clinic_client SET name = 'Changed'")
        assert pg_tables(url) != before
        done = run(env, "restore", str(target), "--yes")
        assert done.returncode == 0, done.stderr
        assert restored(pg_tables(url), before)
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}" WITH (FORCE)')
