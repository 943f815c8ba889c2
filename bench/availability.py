"""Availability for one day: 1 therapist and 100 therapists, on large booking tables.

SQLite with ~100,000 appointments and PostgreSQL with ~1,000,000 (skipped with a message
when no server answers). Each engine runs in a child process with its own database
(`triggerpoint_bench` on PostgreSQL, a temporary file on SQLite), created and dropped
here; the test database is never touched. The baseline in the same run is the naive
approach: one query per candidate start for the therapist and one for the rooms.
Target: p99 under 20 ms for one therapist-day.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DB = "triggerpoint_bench"
# (clinics, weeks each way): 100 therapists per clinic, about 22 bookings per therapist-week.
SIZES = {"sqlite": (1, 23), "postgresql": (10, 23)}
REPEATS_ONE, REPEATS_MANY, REPEATS_NAIVE_ONE, REPEATS_NAIVE_MANY = 300, 30, 20, 1


def main() -> None:
    rows = []
    for engine in ("sqlite", "postgresql"):
        result = _run_engine(engine)
        if result is None:
            continue
        rows.extend(result)
    if rows:
        _print(rows)


def _run_engine(engine: str) -> list[dict[str, Any]] | None:
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="tp-bench-") as var:
        env["TRIGGERPOINT_VAR_DIR"] = var
        env["DJANGO_SETTINGS_MODULE"] = "triggerpoint.site.settings"
        env.pop("DATABASE_URL", None)
        if engine == "postgresql":
            url = _create_postgres()
            if url is None:
                print("PostgreSQL not reachable: skipped the 1,000,000-appointment run")
                return None
            env["DATABASE_URL"] = url
        try:
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "bench.availability", engine],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        finally:
            if engine == "postgresql":
                _drop_postgres()
        if done.returncode != 0:
            print(f"{engine}: the benchmark failed:\n{done.stderr[-2000:]}")
            return None
        print(f"{engine}: done in {time.perf_counter() - started:.0f} s", flush=True)
        return list(json.loads(done.stdout.strip().splitlines()[-1]))


def _admin() -> Any:
    import psycopg

    return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3)


def _create_postgres() -> str | None:
    try:
        with _admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
    except Exception as error:
        print(f"({type(error).__name__}: {str(error).strip()[:120]})")
        return None
    return ADMIN_URL.rsplit("/", 1)[0] + f"/{BENCH_DB}"


def _drop_postgres() -> None:
    with _admin() as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def _print(rows: list[dict[str, Any]]) -> None:
    header = f"{'engine':11} {'appointments':>12} {'case':15} {'median ms':>10} {'p99 ms':>8}"
    header += f" {'naive median ms':>16} {'speed-up':>9}"
    print(header)
    for row in rows:
        print(
            f"{row['engine']:11} {row['appointments']:>12,} {row['case']:15} "
            f"{row['median']:>10.2f} {row['p99']:>8.2f} {row['naive']:>16.2f} "
            f"{row['naive'] / row['median']:>8.1f}x"
        )
    print("target: p99 < 20 ms for one therapist-day")


# ---- the child process -------------------------------------------------------------


def _worker(engine: str) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from triggerpoint.clinic import demo

    call_command("migrate", verbosity=0)
    clinics, weeks = SIZES[engine]
    now = datetime(2026, 6, 3, 12, tzinfo=UTC)
    summary = demo.create(
        clinics=clinics, therapists=100, clients=2000, weeks=weeks, now=now, seed=11
    )
    _analyze(engine)
    print(f"{engine}: {summary.appointments:,} appointments", file=sys.stderr)
    print(json.dumps(_measure(engine, summary.appointments, now)))


def _analyze(engine: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _timed(fn: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def _measure(engine: str, appointments: int, now: datetime) -> list[dict[str, Any]]:
    from triggerpoint.clinic.availability import available_slots
    from triggerpoint.clinic.models import Clinic, Service, Staff

    clinic = Clinic.objects.order_by("pk").first()
    assert clinic is not None
    service = Service.objects.get(clinic=clinic, duration_minutes=60)
    team = list(Staff.objects.filter(clinic=clinic, takes_bookings=True).order_by("pk"))
    # A Wednesday a week ahead: every working pattern works on Wednesdays.
    day = now.date() + timedelta(days=7)
    earlier = now - timedelta(days=1)
    turn = iter(range(10**9))

    def one() -> object:
        return available_slots(service, day, therapist=team[next(turn) % len(team)], now=earlier)

    def many() -> object:
        return available_slots(service, day, now=earlier)

    def naive_one() -> object:
        return naive_slots(service, day, [team[next(turn) % len(team)]], earlier)

    def naive_many() -> object:
        return naive_slots(service, day, team, earlier)

    assert [s.start for s in available_slots(service, day, therapist=team[0], now=earlier)] == [
        s.start for s in naive_slots(service, day, [team[0]], earlier)
    ], "the naive baseline must find the same slots"
    one_times = _timed(one, REPEATS_ONE)
    many_times = _timed(many, REPEATS_MANY)
    naive_one_times = _timed(naive_one, REPEATS_NAIVE_ONE)
    naive_many_times = _timed(naive_many, REPEATS_NAIVE_MANY)
    return [
        {
            "engine": engine,
            "appointments": appointments,
            "case": "1 therapist",
            "median": statistics.median(one_times),
            "p99": _p99(one_times),
            "naive": statistics.median(naive_one_times),
        },
        {
            "engine": engine,
            "appointments": appointments,
            "case": f"{len(team)} therapists",
            "median": statistics.median(many_times),
            "p99": _p99(many_times),
            "naive": statistics.median(naive_many_times),
        },
    ]


def naive_slots(service: Any, day: date, team: list[Any], now: datetime) -> list[Any]:
    """The obvious implementation: ask the database about every candidate start.

    Its queries use the same indexes and the same 16-hour bound as the real one; what it
    lacks is loading a day's bookings once and checking the candidates in memory.
    """
    from triggerpoint.clinic.availability import LONGEST_BLOCK, local_windows, span, working_hours
    from triggerpoint.clinic.models import ACTIVE, Appointment, Room, TimeOff

    zone = service.clinic.zone
    step = timedelta(minutes=service.clinic.slot_interval_minutes)
    hours = working_hours([t.pk for t in team], day.weekday())
    rooms = Room.objects.filter(clinic=service.clinic, kind=service.room_kind, active=True)
    found = []
    for therapist in team:
        for window_start, window_end in local_windows(hours.get(therapist.pk, []), day, zone):
            start = window_start
            while start + service.duration <= window_end:
                times = span(service, start)
                lo, hi = times.blocked_start, times.blocked_end
                near = Appointment.objects.filter(
                    ACTIVE, blocked_start__gte=lo - LONGEST_BLOCK, blocked_start__lt=hi
                ).filter(blocked_end__gt=lo)
                busy = (
                    near.filter(therapist=therapist).exists()
                    or TimeOff.objects.filter(staff=therapist, start__lt=hi, end__gt=lo).exists()
                )
                taken = near.filter(room__in=rooms).values("room_id")
                if start >= now and not busy and rooms.exclude(pk__in=taken).exists():
                    found.append(times)
                start += step
    return found


if __name__ == "__main__":
    _worker(sys.argv[1])
