"""site/dispatch.py under a real uvicorn: which handler serves what, and bodies.

The synchronous views run in a small thread pool; a request's body is read on the event
loop before a thread is taken, so clients sending their bodies slowly cannot occupy the
pool, and a body over the limit is refused without reaching a view.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.web.asgi_server import running
from triggerpoint.site import dispatch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def one_thread() -> Iterator[int]:
    """The app with ONE view thread, on a free port."""
    with running(dispatch.application_for(threads=1)) as port:
        yield port


def _ask(port: int, raw: bytes, timeout: float = 5.0) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        answer = b""
        while b"\r\n\r\n" not in answer:
            part = sock.recv(65536)
            if not part:
                break
            answer += part
        return answer


def test_only_the_event_streams_go_to_the_async_handler():
    assert dispatch.is_async_view("/staff/visits/12/session/stream/")
    assert dispatch.is_async_view("/join/ABC123/stream/")
    assert not dispatch.is_async_view("/join/ABC123/events/")
    assert not dispatch.is_async_view("/staff/visits/12/session/state/")
    assert not dispatch.is_async_view("/find/")
    assert not dispatch.is_async_view("/no/such/page/")


def test_slow_bodies_do_not_take_the_only_view_thread(one_thread):
    port = one_thread
    slow = []
    for _ in range(3):  # three clients that promise a body and send a byte of it
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(
            b"POST /api/v1/find HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"
        )
        slow.append(sock)
    try:
        time.sleep(0.3)
        began = time.monotonic()
        answer = _ask(port, b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert answer.startswith(b"HTTP/1.1 200"), answer[:80]
        assert time.monotonic() - began < 1.0
    finally:
        for sock in slow:
            sock.close()


def test_a_body_over_the_limit_is_refused_with_413(one_thread, monkeypatch):
    monkeypatch.setattr(dispatch, "BODY_LIMIT", 1000)
    body = b"x" * 2000
    head = (
        b"POST /api/v1/find HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    answer = _ask(one_thread, head + body)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:80]


def test_a_whole_body_reaches_the_view(one_thread):
    body = b'{"marks": [{"region": "temple-r", "intensity": 6}]}'
    head = (
        b"POST /api/v1/find HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
    )
    with socket.create_connection(("127.0.0.1", one_thread), timeout=5) as sock:
        sock.sendall(head)
        for n in range(0, len(body), 7):  # in pieces, as a slow network delivers it
            sock.sendall(body[n : n + 7])
            time.sleep(0.01)
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
