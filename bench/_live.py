"""The live-session load of `make bench-http` (bench/_http.py starts the server and this
client in its own process): every session has a therapist's event stream and a phone's
event stream open, the therapist presses (locate, then press: pressure on, the hold's
clocks running) and the client reports pain (a POST from the phone) every few seconds.

Measured: the POST's latency, and change-to-delivery on each stream: from sending the
POST until its event (the SSE `id:` line carries the session's seq) arrives on the stream.
That counts the POST's own time too, so it is an upper bound. Real HTTP/1.1 over asyncio
streams, bounded: one connection per stream and one per reporting phone.

Spec as JSON on stdin; on stdout a line "reporting" when the reports begin, a line
"reported" when the last has been sent, then the figures as JSON.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from typing import Any


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000


async def _head(
    host: str, port: int, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    reader, writer = await asyncio.open_connection(host, port)
    _send(writer, host, port, method, path, headers, body)
    return reader, writer


def _send(
    writer: asyncio.StreamWriter,
    host: str,
    port: int,
    method: str,
    path: str,
    headers: dict[str, str],
    body: bytes = b"",
) -> None:
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)


async def _response_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionResetError
    status = int(status_line.split()[1])
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers


class Stream:
    """One event stream: the instant each seq first arrived."""

    def __init__(self) -> None:
        self.arrived: dict[int, float] = {}
        self.status = 0
        self.error = ""
        self.ready = asyncio.Event()

    async def run(self, spec: dict[str, Any], path: str, headers: dict[str, str]) -> None:
        host, port = spec["host"], spec["port"]
        writer: asyncio.StreamWriter | None = None
        try:
            reader, writer = await _head(host, port, "GET", path, headers)
            self.status, head = await _response_head(reader)
            if self.status != 200:
                self.ready.set()
                writer.close()
                return
            chunked = "chunked" in head.get("transfer-encoding", "")
            buffer = b""
            while True:
                if chunked:
                    size = int((await reader.readline()).strip() or b"0", 16)
                    if size == 0:
                        break
                    data = (await reader.readexactly(size + 2))[:-2]
                else:
                    data = await reader.read(65536)
                    if not data:
                        break
                buffer += data
                while b"\n\n" in buffer:
                    event, buffer = buffer.split(b"\n\n", 1)
                    for line in event.split(b"\n"):
                        if line.startswith(b"id:"):
                            self.arrived.setdefault(int(line[3:]), time.perf_counter())
                            self.ready.set()
        except asyncio.CancelledError:  # the run is over: hang up, as a closed tab would
            if writer is not None:
                writer.close()
            raise
        except (ConnectionError, OSError, asyncio.IncompleteReadError, ValueError) as error:
            self.error = type(error).__name__
        self.ready.set()

    def delivered(self, seq: int) -> float | None:
        """When the first event at or after `seq` arrived."""
        times = [at for s, at in self.arrived.items() if s >= seq]
        return min(times) if times else None


def _json_post_headers(spec: dict[str, Any], cookie: str) -> dict[str, str]:
    """What a page's script sends with a JSON POST: its cookie, the CSRF token, Origin."""
    return {
        **spec["proxy"],
        "Cookie": f"{cookie}; csrftoken={spec['csrf']}",
        "X-CSRFToken": spec["csrf"],
        "Origin": f"https://{spec['host']}:{spec['port']}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }


async def _post_json(spec: dict[str, Any], path: str, cookie: str, body: dict[str, Any]) -> int:
    """One JSON POST on a connection of its own, as a signed-in page sends it: its status."""
    host, port = spec["host"], spec["port"]
    headers = {**_json_post_headers(spec, cookie), "Connection": "close"}
    reader, writer = await asyncio.open_connection(host, port)
    try:
        _send(writer, host, port, "POST", path, headers, json.dumps(body).encode())
        status, head = await _response_head(reader)
        await reader.readexactly(int(head.get("content-length", "0")))
        return status
    finally:
        writer.close()


async def _press_all(spec: dict[str, Any]) -> dict[str, int]:
    """The therapist locates the planned point and presses, in every session: the
    reports then come while pressure is on (and a hold's clocks run), as in a treatment."""
    statuses: dict[str, int] = {}
    gate = asyncio.Semaphore(8)

    async def press(visit: dict[str, Any]) -> None:
        path = f"/staff/visits/{visit['id']}/session/events/"
        async with gate:
            for kind in ("locate", "press"):
                status = await _post_json(spec, path, spec["staff_cookie"], {"kind": kind})
                statuses[str(status)] = statuses.get(str(status), 0) + 1

    await asyncio.gather(*(press(visit) for visit in spec["visits"]))
    return statuses


async def _reporter(
    spec: dict[str, Any], visit: dict[str, Any], posts: list[tuple[float, float, int, int]]
) -> None:
    """The phone reporting pain every `report_every` seconds on one kept-alive connection."""
    host, port = spec["host"], spec["port"]
    headers = _json_post_headers(spec, visit["cookie"])
    path = f"/join/{visit['code']}/events/"
    every = spec["report_every"]
    await asyncio.sleep(random.uniform(0, every))
    deadline = spec["deadline"]
    reader = writer = None
    while time.perf_counter() < deadline:
        body = json.dumps({"kind": "report", "intensity": random.randint(0, 10)}).encode()
        began = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            assert reader is not None
            _send(writer, host, port, "POST", path, headers, body)
            status, head = await _response_head(reader)
            answer = await reader.readexactly(int(head.get("content-length", "0")))
            seq = int(json.loads(answer).get("seq", -1)) if status == 200 else -1
        except (ConnectionError, OSError, asyncio.IncompleteReadError, ValueError):
            status, seq = 599, -1
            if writer is not None:
                writer.close()
            reader = writer = None
        posts.append((began, time.perf_counter() - began, status, seq))
        await asyncio.sleep(max(0.0, began + every - time.perf_counter()))
    if writer is not None:
        writer.close()


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    proxy = spec["proxy"]
    streams: list[tuple[int, Stream, Stream]] = []
    tasks = []
    opened = time.perf_counter()
    for n, visit in enumerate(spec["visits"]):
        therapist, phone = Stream(), Stream()
        staff = {**proxy, "Cookie": spec["staff_cookie"], "Accept": "text/event-stream"}
        mine = {**proxy, "Cookie": visit["cookie"], "Accept": "text/event-stream"}
        path = f"/staff/visits/{visit['id']}/session/stream/"
        tasks.append(asyncio.create_task(therapist.run(spec, path, staff)))
        tasks.append(asyncio.create_task(phone.run(spec, f"/join/{visit['code']}/stream/", mine)))
        streams.append((n, therapist, phone))
    everyone = [s.ready.wait() for _, t, p in streams for s in (t, p)]
    await asyncio.wait_for(asyncio.gather(*everyone), timeout=120)
    open_seconds = time.perf_counter() - opened
    pressed = await _press_all(spec)
    posts: list[list[tuple[float, float, int, int]]] = [[] for _ in spec["visits"]]
    spec["deadline"] = time.perf_counter() + spec["seconds"]
    print("reporting", flush=True)  # bench/_http.py reads the server's CPU from here on
    await asyncio.gather(
        *(_reporter(spec, visit, posts[n]) for n, visit in enumerate(spec["visits"]))
    )
    spec["reported"] = time.perf_counter()
    print("reported", flush=True)
    await asyncio.sleep(2.0)  # the last POSTs' events are still on their way
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    post_latency: list[float] = []
    statuses: dict[str, int] = {}
    delivery: dict[str, list[float]] = {"therapist": [], "phone": []}
    missing = {"therapist": 0, "phone": 0}
    for n, therapist, phone in streams:
        for began, took, status, seq in posts[n]:
            post_latency.append(took)
            statuses[str(status)] = statuses.get(str(status), 0) + 1
            if seq < 0:
                continue
            for side, stream in (("therapist", therapist), ("phone", phone)):
                at = stream.delivered(seq)
                if at is None:
                    missing[side] += 1
                else:
                    delivery[side].append(max(0.0, at - began))
    stream_statuses: dict[str, int] = {}
    errors = 0
    for _, therapist, phone in streams:
        for stream in (therapist, phone):
            stream_statuses[str(stream.status)] = stream_statuses.get(str(stream.status), 0) + 1
            errors += bool(stream.error)
    return {
        "streams": 2 * len(streams),
        "open_seconds": open_seconds,
        "press_statuses": pressed,
        "stream_statuses": stream_statuses,
        "stream_errors": errors,
        "posts": len(post_latency),
        "post_rps": len(post_latency) / spec["seconds"],
        "post_statuses": statuses,
        "post_p50": _pct(post_latency, 0.5),
        "post_p99": _pct(post_latency, 0.99),
        **{f"{side}_p50": _pct(v, 0.5) for side, v in delivery.items()},
        **{f"{side}_p99": _pct(v, 0.99) for side, v in delivery.items()},
        **{f"{side}_delivered": len(v) for side, v in delivery.items()},
        **{f"{side}_missing": count for side, count in missing.items()},
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(run(json.loads(sys.stdin.read())))))
