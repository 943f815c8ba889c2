"""`make bench-http`: the real server under load, per endpoint, as a ratio to /healthz.

Starts `triggerpoint serve` (2 workers, production settings, a fresh SQLite database in a
temporary directory) on a free port with demo data (one clinic, 100 therapists, so the
booking date page has real work), and loads it from a separate process (bench/_load.py,
a bounded asyncio client). Per endpoint: req/s, p50 and p99 at a fixed number of
connections, and req/s as a ratio to /healthz measured in the same run (the
run stops when /healthz does not answer 200). Then the live-session scenario: SESSIONS
visits, each with the therapist's and the phone's event streams open and the phone
reporting pain every few seconds (bench/_live.py). Every target prints MET or MISSED:
each endpoint answers without an error, /find/ transfers under 60 KB compressed, and the
p99 of the phone's POST and of change-to-delivery on both streams stays under 250 ms
(issue 17). Requests carry
X-Forwarded-Proto: https as the reverse proxy of docs/operations.md would (so
production's HTTPS redirect does not answer them) and Accept-Encoding as a browser's do;
FINDER_RATE is lifted, as every request comes from one address.

Environment: BENCH_SECONDS (per endpoint, default 8), BENCH_CONCURRENCY (default 8),
BENCH_SESSIONS (default 200), BENCH_QUICK=1 (3 s per endpoint), BENCH_ONLY=live (only the
live-session scenario, after the reference), BENCH_KEEP_LOG=path (keep the server's log).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

QUICK = os.environ.get("BENCH_QUICK") == "1"
SECONDS = float(os.environ.get("BENCH_SECONDS", "3" if QUICK else "8"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
SESSIONS = int(os.environ.get("BENCH_SESSIONS", "200"))
POLL_TARGET_MS = 250.0
REPORT_SECONDS = 3.0  # how often each session's phone reports pain in the live scenario
PROXY = {"X-Forwarded-Proto": "https", "Accept-Encoding": "br, gzip"}
REFERENCE = "/healthz"
ONLY = os.environ.get("BENCH_ONLY", "")  # "live": only the live-session scenario
FIND_PAGE_LIMIT = 60_000  # bytes of /find/ as brotli (issue 17, "done when")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="tp-bench-http-") as var:
        env = _server_env(var)
        print("preparing demo data and live sessions ...", flush=True)
        setup = subprocess.run(
            [sys.executable, "-m", "bench._http", "setup", str(SESSIONS)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if setup.returncode != 0:
            print(f"setup failed:\n{setup.stderr[-3000:]}")
            sys.exit(1)
        world = json.loads(setup.stdout.strip().splitlines()[-1])
        port = _free_port()
        # The server's log to a file: a pipe nobody reads fills up and stalls the server.
        log_path = Path(var) / "server.log"
        with log_path.open("w") as log:
            server = subprocess.Popen(
                [_cli(), "serve", "--port", str(port), "--workers", "2"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log,
                text=True,
            )
            try:
                _wait(port, server, log_path)
                _run(port, world)
            finally:
                server.terminate()
                try:
                    server.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    server.kill()
        _tell_log(log_path)
        if os.environ.get("BENCH_KEEP_LOG"):
            shutil.copy(log_path, os.environ["BENCH_KEEP_LOG"])


def _tell_log(path: Path) -> None:
    """The server's warnings and errors of the run, if it had any, counted and shown."""
    worrying = [
        line
        for line in path.read_text(errors="replace").splitlines()
        if any(word in line for word in ("ERROR", "WARNING", "Traceback", "CRITICAL"))
    ]
    if worrying:
        print(f"server log: {len(worrying)} warnings or errors; the last ones:")
        for line in worrying[-10:]:
            print(f"  {line[:200]}")


def _cli() -> str:
    """The `triggerpoint` command of this interpreter's environment."""
    return str(Path(sys.executable).parent / "triggerpoint")


def _server_env(var: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.update(
        TRIGGERPOINT_VAR_DIR=var,
        DJANGO_SETTINGS_MODULE="triggerpoint.site.settings",
        SECRET_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DEBUG="false",
        # One load client is one address: the limiter would answer most drawings 429.
        FINDER_RATE="1000000/m",
    )
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, int]:
    """The status and the size of the body as sent (compressed when the server did)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=PROXY)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return int(response.status), len(response.read())
    except urllib.error.HTTPError as error:
        return int(error.code), len(error.read())


def _wait(port: int, server: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited: {log.read_text()[-2000:]}")
        try:
            _get(port, REFERENCE)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("the server did not answer within 120 s")


def _load(spec: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "bench._load"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout))


def _req(path: str, **extra: Any) -> dict[str, Any]:
    headers = {**PROXY, **extra.pop("headers", {})}
    return {"path": path, "headers": headers, **extra}


def target(name: str, met: bool, measured: str) -> bool:
    print(f"target {name}: {'MET' if met else 'MISSED'} ({measured})")
    return met


def _run(port: int, world: dict[str, Any]) -> None:
    status, _ = _get(port, REFERENCE)
    if status != 200:
        raise SystemExit(f"{REFERENCE} answers {status}: no reference to measure against")
    finder_body = json.dumps({"marks": [{"region": r, "intensity": 6} for r in world["regions"]]})
    endpoints = [
        (f"{REFERENCE} (reference)", [_req(REFERENCE)]),
        ("static file", [_req(world["static"])]),
        ("/", [_req("/")]),
        ("/find/", [_req("/find/")]),
        ("/muscles/", [_req("/muscles/")]),
        (f"/book/{world['service']}/any/", [_req(f"/book/{world['service']}/any/")]),
        ("GET /api/v1/services", [_req("/api/v1/services")]),
        (
            "POST /api/v1/find",
            [
                _req(
                    "/api/v1/find",
                    method="POST",
                    body=finder_body,
                    headers={"Content-Type": "application/json"},
                )
            ],
        ),
        (
            "therapist poll",
            [
                _req(
                    f"/staff/visits/{v['id']}/session/state/",
                    headers={"Cookie": world["staff_cookie"]},
                )
                for v in world["visits"]
            ],
        ),
        (
            "phone poll",
            [
                _req(f"/join/{v['code']}/state/", headers={"Cookie": v["cookie"]})
                for v in world["visits"]
            ],
        ),
    ]
    print(
        f"closed loop: {CONCURRENCY} connections, {SECONDS:g} s per endpoint, "
        f"server: triggerpoint serve --workers 2 on 127.0.0.1:{port}",
        flush=True,
    )
    if ONLY == "live":
        endpoints = endpoints[:1]
    rows = []
    for name, requests in endpoints:
        for req in requests[:1]:  # warm each worker's caches and imports
            for _ in range(4):
                _get_or_post(port, req)
        result = _load(
            {
                "mode": "closed",
                "host": "127.0.0.1",
                "port": port,
                "concurrency": CONCURRENCY,
                "seconds": SECONDS,
                "requests": requests,
            }
        )
        rows.append((name, result))
    base = rows[0][1]["rps"]
    print(f"ratio: the endpoint's req/s over {REFERENCE}'s ({base:.1f} req/s) in this run")
    print(f"{'endpoint':34} {'req/s':>8} {'ratio':>7} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    for name, r in rows:
        print(
            f"{name:34} {r['rps']:>8.1f} {r['rps'] / base:>7.3f} {r['p50']:>8.1f} {r['p99']:>8.1f}"
            f"  {r['statuses']}"
        )
    for name, r in rows:
        errors = sum(n for code, n in r["statuses"].items() if not code.startswith("2"))
        target(f"{name} answers without an error", errors == 0, f"{errors} of {r['requests']}")
    status, size = _get(port, "/find/")
    target(
        f"/find/ transfers under {FIND_PAGE_LIMIT // 1000} KB compressed (brotli)",
        status == 200 and size < FIND_PAGE_LIMIT,
        f"{size / 1000:.1f} KB, status {status}",
    )
    _live_sessions(port, world)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average: {load} on {os.cpu_count()} cores")


def _live_sessions(port: int, world: dict[str, Any]) -> None:
    """Every session with a therapist's stream and a phone's stream open (server-sent
    events), the phone reporting pain every REPORT_SECONDS (bench/_live.py)."""
    spec = {
        "host": "127.0.0.1",
        "port": port,
        "proxy": PROXY,
        "visits": world["visits"],
        "staff_cookie": world["staff_cookie"],
        "csrf": secrets.token_hex(16),
        "report_every": REPORT_SECONDS,
        "seconds": max(SECONDS, 15.0),
    }
    client = subprocess.Popen(
        [sys.executable, "-m", "bench._live"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert client.stdin is not None and client.stdout is not None
    client.stdin.write(json.dumps(spec))
    client.stdin.close()
    # The server's CPU while the phones report, without opening the streams and pressing.
    lines = iter(client.stdout.readline, "")
    cpu_before = _server_cpu() if next(lines, "").strip() == "reporting" else 0.0
    cpu = _server_cpu() - cpu_before if next(lines, "").strip() == "reported" else 0.0
    out = client.stdout.read()
    if client.wait() or not out.strip():
        stderr = client.stderr.read() if client.stderr else ""
        raise SystemExit(f"the live-session client failed:\n{stderr[-3000:]}")
    r = json.loads(out)
    sessions = len(world["visits"])
    print(
        f"live sessions: {sessions} sessions x (therapist + phone) streams = {r['streams']} "
        f"open (all open in {r['open_seconds']:.1f} s, statuses {r['stream_statuses']}, "
        f"{r['stream_errors']} broke); the therapist pressed (statuses {r['press_statuses']}); "
        f"the phone reports every {REPORT_SECONDS:g} s: "
        f"{r['posts']} POSTs ({r['post_rps']:.0f}/s), statuses {r['post_statuses']}"
    )
    print(f"{'live session':34} {'count':>8} {'p50 ms':>8} {'p99 ms':>8}")
    rows = [
        ("POST report (phone)", r["posts"], r["post_p50"], r["post_p99"], 0),
        (
            "change -> therapist stream",
            r["therapist_delivered"],
            r["therapist_p50"],
            r["therapist_p99"],
            r["therapist_missing"],
        ),
        (
            "change -> phone stream",
            r["phone_delivered"],
            r["phone_p50"],
            r["phone_p99"],
            r["phone_missing"],
        ),
    ]
    for name, count, p50, p99, missing in rows:
        lost = f", {missing} never delivered" if missing else ""
        print(f"{name:34} {count:>8} {p50:>8.1f} {p99:>8.1f}{lost}")
    if cpu > 0 and r["posts"]:
        # What the server spent while the phones reported, whatever else shares the
        # machine: the POSTs, their deliveries to both streams, heartbeats, the ticks.
        per_post = cpu / r["posts"] * 1000
        print(
            f"server CPU while the phones reported: {cpu:.1f} s = {per_post:.1f} ms per POST "
            f"(streams included); 2 cores would carry {2000 / per_post / (1 / REPORT_SECONDS):.0f} "
            f"sessions reporting every {REPORT_SECONDS:g} s at full use"
        )
    healthy = set(r["stream_statuses"]) == {"200"} and set(r["post_statuses"]) == {"200"}
    healthy = healthy and set(r["press_statuses"]) == {"200"}
    asked = "issue 17" if sessions >= 200 else "issue 17 asks 200 sessions: BENCH_SESSIONS"
    for name, _, _, p99, missing in rows:
        target(
            f"{sessions} concurrent sessions on 2 workers, {name} p99 < {POLL_TARGET_MS:g} ms "
            f"({asked}; delivery counted from sending the POST)",
            p99 < POLL_TARGET_MS and not missing and healthy,
            f"{p99:.1f} ms, {missing} lost, streams {r['stream_statuses']}, "
            f"POSTs {r['post_statuses']}",
        )


def _server_cpu() -> float:
    """CPU seconds used so far by the server this process started and its workers (Linux
    /proc; 0 elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def children(pid: int) -> list[int]:
        found: list[int] = []
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            found += [int(c) for c in task.read_text().split()]
        return found

    def used(pid: int) -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime

    try:
        servers = children(os.getpid())
        pids = servers + [w for server in servers for w in children(server)]
        return sum(used(pid) for pid in pids)
    except OSError:
        return 0.0


def _get_or_post(port: int, req: dict[str, Any]) -> None:
    data = req["body"].encode() if req.get("body") else None
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{req['path']}", data=data, headers=req["headers"]
    )
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=30).read()


# ---- setup, in a child process with Django -------------------------------------------


def _setup(sessions: int) -> None:
    import django

    django.setup()
    from datetime import timedelta

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from triggerpoint.atlas import load_atlas
    from triggerpoint.clinic.demo import seed as demo
    from triggerpoint.clinic.models import Appointment, Service, Staff, Status
    from triggerpoint.clinic.treatment import sessions as live
    from triggerpoint.web.session_access import JOINED

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    now = timezone.now()
    demo.create(clinics=1, therapists=100, clients=400, weeks=2, now=now, seed=17)
    therapist = Staff.objects.filter(takes_bookings=True).order_by("pk").first()
    assert therapist is not None
    backend = settings.AUTHENTICATION_BACKENDS[1]

    def cookie(data: dict[str, Any]) -> str:
        store = SessionStore()
        for key, value in data.items():
            store[key] = value
        store.create()
        store.save()
        return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"

    staff_cookie = cookie(
        {
            SESSION_KEY: str(therapist.user.pk),
            BACKEND_SESSION_KEY: backend,
            HASH_SESSION_KEY: therapist.user.get_session_auth_hash(),
        }
    )
    appointments = Appointment.objects.filter(
        therapist__clinic_id=therapist.clinic_id,
        status=Status.BOOKED,
        start__gte=now - timedelta(days=3),
    ).order_by("start")[:sessions]
    visits = []
    atlas = load_atlas()
    point = next(iter(atlas.trigger_points))
    for slot in appointments:
        visit = live.start_visit(slot, therapist.user, planned=[point])
        visits.append(
            {"id": visit.pk, "code": visit.join_code, "cookie": cookie({JOINED: [visit.join_code]})}
        )
    service = Service.objects.filter(clinic_id=therapist.clinic_id, duration_minutes=60).first()
    assert service is not None
    regions = sorted(atlas.trigger_points[point].essential)[:4] or ["temple_r"]
    root = Path(settings.STATIC_ROOT)
    files = sorted(p for p in root.rglob("*.css") if p.stat().st_size < 20_000)
    static = "/static/" + files[0].relative_to(root).as_posix()
    print(
        json.dumps(
            {
                "service": service.pk,
                "staff_cookie": staff_cookie,
                "visits": visits,
                "regions": regions,
                "static": static,
            }
        )
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["setup"]:
        _setup(int(sys.argv[2]))
    else:
        main()
