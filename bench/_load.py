"""A small bounded HTTP/1.1 load client on asyncio streams (no dependencies), run as its
own process so the server's CPU and the client's are not one interpreter.

Two modes, given as JSON on the command line, answering JSON on stdout:

- `closed`: `concurrency` connections each send the next request as soon as the last one
  answered, for `seconds`; gives req/s (throughput) and latency percentiles.
- `paced`: `pollers` clients each poll their own URL every `interval` seconds (a missed
  tick is skipped, not queued, like a browser's timer), for `seconds`; gives latency
  percentiles against the offered rate, as the live-session screens load a server.

Connections are reused while the server keeps them open (gunicorn's sync workers close
each one; then the next request reconnects, as a browser would).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any


class Connection:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, req: dict[str, Any]) -> int:
        """Send one request and read its whole answer; the status code (599 on error)."""
        body = req.get("body", "").encode()
        head = [f"{req.get('method', 'GET')} {req['path']} HTTP/1.1", f"Host: {self.host}"]
        head += [f"{k}: {v}" for k, v in req.get("headers", {}).items()]
        if body:
            head.append(f"Content-Length: {len(body)}")
        raw = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        for attempt in (1, 2):  # a kept-alive connection the server closed: reconnect once
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
                assert self.reader is not None
                self.writer.write(raw)
                await self.writer.drain()
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionResetError
                status = int(status_line.split()[1])
                length, close, chunked = None, False, False
                while True:
                    line = await self.reader.readline()
                    if line in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = line.decode("latin-1").partition(":")
                    name, value = name.strip().lower(), value.strip().lower()
                    if name == "content-length":
                        length = int(value)
                    elif name == "connection" and value == "close":
                        close = True
                    elif name == "transfer-encoding" and "chunked" in value:
                        chunked = True
                if chunked:
                    while True:
                        size = int((await self.reader.readline()).strip() or b"0", 16)
                        await self.reader.readexactly(size + 2)
                        if size == 0:
                            break
                elif length is not None:
                    await self.reader.readexactly(length)
                else:
                    await self.reader.read()
                    close = True
                if close:
                    self.close()
                return status
            except (ConnectionError, asyncio.IncompleteReadError, OSError, ValueError):
                self.close()
                if attempt == 2:
                    return 599
        return 599

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _summary(latencies: list[float], statuses: dict[int, int], elapsed: float) -> dict[str, Any]:
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))] * 1000

    return {
        "requests": len(ordered),
        "rps": len(ordered) / elapsed,
        "p50": pct(0.50),
        "p99": pct(0.99),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }


async def closed(spec: dict[str, Any]) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    deadline = time.perf_counter() + spec["seconds"]
    requests = spec["requests"]

    async def worker(n: int) -> None:
        conn = Connection(spec["host"], spec["port"])
        i = n
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            status = await conn.request(requests[i % len(requests)])
            latencies.append(time.perf_counter() - started)
            statuses[status] = statuses.get(status, 0) + 1
            i += spec["concurrency"]
        conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(spec["concurrency"])))
    return _summary(latencies, statuses, time.perf_counter() - started)


async def paced(spec: dict[str, Any]) -> dict[str, Any]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    interval = spec["interval"]
    begin = time.perf_counter() + 0.5
    deadline = begin + spec["seconds"]
    skipped = 0

    async def poller(n: int, req: dict[str, Any]) -> None:
        nonlocal skipped
        conn = Connection(spec["host"], spec["port"])
        # Spread the first polls over one interval, as screens opened at random times.
        tick = begin + interval * n / len(spec["requests"])
        while tick < deadline:
            await asyncio.sleep(max(0.0, tick - time.perf_counter()))
            started = time.perf_counter()
            status = await conn.request(req)
            done = time.perf_counter()
            latencies.append(done - started)
            statuses[status] = statuses.get(status, 0) + 1
            tick += interval
            while tick < done:  # the timer fired while waiting: that poll never happened
                tick += interval
                skipped += 1
        conn.close()

    await asyncio.gather(*(poller(n, r) for n, r in enumerate(spec["requests"])))
    result = _summary(latencies, statuses, spec["seconds"])
    result["offered_rps"] = len(spec["requests"]) / interval
    result["skipped"] = skipped
    return result


def main() -> None:
    spec = json.loads(sys.stdin.read())
    run = closed if spec["mode"] == "closed" else paced
    print(json.dumps(asyncio.run(run(spec))))


if __name__ == "__main__":
    main()
