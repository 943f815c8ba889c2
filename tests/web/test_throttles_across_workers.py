"""The limits hold across worker processes: two gunicorn servers share one database (and
so its cache table), or one Redis when REDIS_URL is set and a Redis answers here.

Each server is its own process with its own memory, so a count that lived in a worker's
memory would let every second attempt through; these tests alternate between the two.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REDIS = "redis://127.0.0.1:6379/0"
DEMO_PASSWORD = "triggerpoint-demo"


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str

    def browser(self) -> urllib.request.OpenerDirector:
        jar = http.cookiejar.CookieJar()
        return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirects())


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def status(opener, url: str, data: dict | None = None, headers: dict | None = None) -> int:
    body = None if data is None else urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with opener.open(request, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except urllib.error.URLError:  # not listening (yet)
        return 0


def sign_in(server: Server, path: str, password: str) -> int:
    """GET the form for its CSRF token, then POST the owner's username and `password`."""
    opener = server.browser()
    with opener.open(server.url + path, timeout=30) as page:
        form = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None, form[:500]
    data = {
        "csrfmiddlewaretoken": token.group(1),
        "username": "owner@example.com",
        "password": password,
    }
    return status(opener, server.url + path, data, {"Referer": server.url + path})


@pytest.fixture(scope="module", params=["database", "redis"])
def servers(request, tmp_path_factory) -> Iterator[list[Server]]:
    if request.param == "redis" and not redis_answers():
        pytest.skip("no Redis answers at 127.0.0.1:6379")
    var = tmp_path_factory.mktemp("workers")
    env = {
        **os.environ,
        "TRIGGERPOINT_VAR_DIR": str(var),
        "TRIGGERPOINT_ENV": "development",
        "DEBUG": "true",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOGIN_FAILURE_LIMIT": "15",
        "BOOKING_RATE": "3/h",
        "JOIN_CODE_RATE": "4/10m",
    }
    env.pop("DATABASE_URL", None)
    if request.param == "redis":
        env["REDIS_URL"] = REDIS
        env["CACHE_KEY_PREFIX"] = f"test-{secrets.token_hex(6)}"  # nothing left from a run
    cli = str(Path(sys.executable).with_name("triggerpoint"))
    demo = [cli, "demo", "--therapists", "1", "--clients", "1", "--weeks", "0"]
    subprocess.run(demo, env=env, check=True, capture_output=True, timeout=300)
    processes, found = [], []
    for _ in range(2):
        port = free_port()
        args = [sys.executable, "-m", "gunicorn", "triggerpoint.site.wsgi:application"]
        args += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"]
        processes.append(subprocess.Popen(args, env=env))
        found.append(Server(f"http://127.0.0.1:{port}"))
    try:
        for server in found:
            deadline = time.monotonic() + 60
            while status(server.browser(), server.url + "/accounts/login/") != 200:
                assert time.monotonic() < deadline, f"{server.url} did not start"
                time.sleep(0.3)
        yield found
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def test_fifteen_wrong_passwords_on_any_form_lock_the_account_on_every_worker(servers):
    forms = ("/accounts/login/", "/admin/login/")
    seen = [sign_in(servers[n % 2], forms[n // 2 % 2], "wrong guess") for n in range(15)]
    # Fourteen failures show the form again; the fifteenth, on either worker, locks.
    assert seen[:14] == [200] * 14
    assert seen[14] == 429
    for server in servers:
        for path in forms:
            assert sign_in(server, path, DEMO_PASSWORD) == 429, (server.url, path)


def test_the_booking_limit_counts_both_workers_requests(servers):
    url = "/api/v1/bookings"
    headers = {"Content-Type": "application/json"}
    seen = []
    for n in range(5):
        server = servers[n % 2]
        request = urllib.request.Request(server.url + url, data=b"{}", headers=headers)
        try:
            with server.browser().open(request, timeout=30) as response:
                seen.append(int(response.status))
        except urllib.error.HTTPError as error:
            seen.append(int(error.code))
    assert seen[:3] == [422] * 3  # counted, then refused for the empty body
    assert seen[3:] == [429, 429]


def test_wrong_join_codes_count_on_both_workers(servers):
    seen = [
        status(servers[n % 2].browser(), f"{servers[n % 2].url}/join/WRONG{n}/") for n in range(6)
    ]
    assert seen == [404, 404, 404, 404, 429, 429]
