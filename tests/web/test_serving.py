"""`triggerpoint serve` as a real process on a free port: slow clients cannot starve it.

Issue 17: with gunicorn's sync workers, two connections sending one header line every few
seconds made an ordinary request wait 31 s. Here more slow connections than workers are
open while ordinary requests must still be answered within a second; a request that takes
longer than REQUEST_READ_TIMEOUT to arrive is dropped; and the production server sends
compressed pages and brotli static files.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import brotli
import pytest

READ_TIMEOUT = 3  # seconds, short so the drop is seen within the test
# Light pages: their time is the server's queueing, not rendering, on a busy 2-core box.
PAGES = ("/healthz", "/", "/muscles/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def get(self, path: str, headers: dict[str, str] | None = None, timeout: float = 10):
        """Status, headers (names in lower case: HTTP does not care) and body."""
        request = urllib.request.Request(self.url + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return int(response.status), _named(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return int(error.code), _named(error.headers), error.read()


def _named(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _answers(server: Server) -> bool:
    try:
        return server.get("/healthz", timeout=2)[0] == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> dict[str, str]:
    """The environment of a production server, with a demo clinic in its own directory."""
    var = tmp_path_factory.mktemp("serve")
    env = {
        **os.environ,
        "TRIGGERPOINT_VAR_DIR": str(var),
        "TRIGGERPOINT_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "REQUEST_READ_TIMEOUT": str(READ_TIMEOUT),
        # Production refuses to start when emails would not arrive; this server sends none.
        "ALLOW_CONSOLE_EMAIL": "true",
        "SITE_URL": "https://clinic.example.org",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DEBUG", None)
    demo = [CLI, "demo", "--therapists", "1", "--clients", "1", "--weeks", "0"]
    subprocess.run(demo, env=env, check=True, capture_output=True, timeout=300)
    return env


CLI = str(Path(sys.executable).with_name("triggerpoint"))


@contextmanager
def serving(env: dict[str, str], workers: int) -> Iterator[tuple[Server, int]]:
    """`triggerpoint serve` on a free port, once it answers: the server and its pid."""
    found = Server("127.0.0.1", free_port())
    serve = [CLI, "serve", "--port", str(found.port), "--workers", str(workers)]
    process = subprocess.Popen(serve, env=env, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300  # the first collectstatic compresses 9 MB
        while not _answers(found):
            assert process.poll() is None, "serve exited"
            assert time.monotonic() < deadline, "serve did not start"
            time.sleep(0.3)
        yield found, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def server(prepared: dict[str, str]) -> Iterator[Server]:
    """One worker, so one stuck worker would be the whole site."""
    with serving(prepared, workers=1) as (found, _pid):
        yield found


def slow_client(server: Server) -> socket.socket:
    """A connection that has sent a request line and one header, and sends no more yet."""
    sock = socket.create_connection((server.host, server.port), timeout=5)
    sock.sendall(b"GET /find/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return sock


def test_slow_clients_do_not_hold_up_an_ordinary_request(server):
    # Each page once first: a fresh worker's first render is not what is measured here.
    for path in PAGES:
        assert server.get(path)[0] == 200
    slow = [slow_client(server) for _ in range(6)]  # six times the workers
    try:
        for _round in range(2):
            time.sleep(1)
            for sock in slow:  # one header line every second: still "sending"
                sock.sendall(b"X-Dawdle: 1\r\n")
            for path in PAGES:
                started = time.monotonic()
                status, _headers, _body = server.get(path, timeout=5)
                took = time.monotonic() - started
                assert status == 200
                assert took < 1.0, f"{path} took {took:.2f} s behind slow clients"
    finally:
        for sock in slow:
            sock.close()


def test_a_request_slower_than_the_read_timeout_is_dropped(server):
    sock = slow_client(server)
    try:
        started = time.monotonic()
        sock.settimeout(READ_TIMEOUT + 5)
        # Keep dawdling; the server closes the connection (an empty read) at the deadline.
        received = b""
        while True:
            try:
                sock.sendall(b"X-Dawdle: 1\r\n")
            except OSError:
                break
            sock.settimeout(1)
            try:
                chunk = sock.recv(1024)
            except TimeoutError:
                assert time.monotonic() - started < READ_TIMEOUT + 5, "never dropped"
                continue
            received += chunk
            if not chunk:
                break
        took = time.monotonic() - started
        assert READ_TIMEOUT - 0.5 < took < READ_TIMEOUT + 3
        assert b"200 OK" not in received
    finally:
        sock.close()


def test_a_request_that_arrives_in_time_is_answered_on_a_kept_alive_connection(server):
    sock = socket.create_connection((server.host, server.port), timeout=5)
    try:
        for _ in range(2):
            sock.sendall(b"GET /healthz HTTP/1.1\r\n")
            time.sleep(0.5)  # slow, but well within the read timeout
            sock.sendall(b"Host: 127.0.0.1\r\n\r\n")
            answer = b""
            while not answer.endswith(b'"ok"}'):
                chunk = sock.recv(4096)
                assert chunk, answer
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 200"), answer[:80]
    finally:
        sock.close()


def test_headers_still_incomplete_past_the_limit_are_refused(server):
    # A client cannot make the server hold more than 16 KiB of unfinished headers.
    sock = slow_client(server)
    try:
        sock.settimeout(READ_TIMEOUT - 1)
        try:
            for n in range(40):  # 40 x 1 KiB header lines, never the blank line
                sock.sendall(f"X-Big-{n}: {'x' * 1000}\r\n".encode())
        except OSError:
            pass  # closed on us while sending: refused
        answer = sock.recv(1024)
        assert answer.startswith(b"HTTP/1.1 400"), answer[:80]
    finally:
        sock.close()


def _transfer(server: Server, path: str, encoding: str) -> tuple[int, bytes, str]:
    status, headers, body = server.get(path, headers={"Accept-Encoding": encoding})
    assert status == 200, path
    return len(body), body, headers.get("content-encoding", "")


def _decode(body: bytes, coding: str) -> bytes:
    if coding == "br":
        return bytes(brotli.decompress(body))
    if coding == "gzip":
        return gzip.decompress(body)
    return body


def test_find_transfers_under_60_kb_compressed_with_its_drawing_styles_and_scripts(server):
    size, body, coding = _transfer(server, "/find/", "br, gzip")
    assert coding in ("br", "gzip")
    page = _decode(body, coding).decode()
    assert "<html" in page
    assets = re.findall(r'(?:src|href)="(/(?:static|find)/[^"]+)"', page)
    assert any("bodymap.svg" in a for a in assets), assets
    total = size
    for asset in sorted(set(assets)):
        asset_size, _body, asset_coding = _transfer(server, asset.replace("&amp;", "&"), "br, gzip")
        assert asset_coding in ("br", "gzip"), asset
        total += asset_size
    assert total < 60_000, f"/find/ with its assets is {total} bytes compressed"


def test_static_files_come_as_brotli_when_asked(server):
    _size, body, _coding = _transfer(server, "/find/", "identity")
    css = re.search(r'href="(/static/[^"]+\.css)"', body.decode())
    assert css is not None
    size, compressed, coding = _transfer(server, css.group(1), "br")
    plain_size, plain, _ = _transfer(server, css.group(1), "identity")
    assert coding == "br"
    assert _decode(compressed, "br") == plain
    assert size < plain_size


def _workers(master: int) -> list[int]:
    return [
        int(pid)
        for task in Path(f"/proc/{master}/task").glob("*/children")
        for pid in task.read_text().split()
    ]


def _accepted(port: int, pids: list[int]) -> dict[int, int]:
    """How many established connections to `port` each process holds (Linux /proc)."""
    owner = {}
    for pid in pids:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            with contextlib.suppress(OSError):
                target = str(fd.readlink())
                if target.startswith("socket:["):
                    owner[target[8:-1]] = pid
    held = dict.fromkeys(pids, 0)
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port = int(fields[1].rsplit(":", 1)[1], 16)
            if local_port == port and fields[3] == "01" and fields[9] in owner:  # ESTABLISHED
                held[owner[fields[9]]] += 1
    return held


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
def test_two_workers_share_a_burst_of_kept_alive_connections(prepared: dict[str, str]):
    """Each worker listens on a socket of its own (SO_REUSEPORT), so the kernel spreads
    the connections. On one shared socket the first worker to wake took the whole burst:
    a load client's 8 kept-alive connections were all served by one of two workers."""
    with serving(prepared, workers=2) as (found, master):
        connections = [
            http.client.HTTPConnection(found.host, found.port, timeout=5) for _ in range(24)
        ]  # all 24 on one of 2 sockets: 1 in 8 million
        try:
            for connection in connections:
                connection.connect()
            for connection in connections:
                connection.request("GET", "/healthz")
            for connection in connections:
                response = connection.getresponse()
                assert response.status == 200
                response.read()  # kept alive: the connection stays with its worker
            workers = _workers(master)
            held = _accepted(found.port, workers)
            assert len(workers) == 2 and sum(held.values()) == 24, held
            assert all(held.values()), f"one worker holds every connection: {held}"
        finally:
            for connection in connections:
                connection.close()
