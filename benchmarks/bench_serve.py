"""Load `usce-cal serve` with concurrent subscription clients and print the figures.

Run: python benchmarks/bench_serve.py [--clients 200] [--seconds 10]

Publishes the example cohort, starts `usce-cal serve` on a free loopback port, and runs
that many keep-alive clients at once for that long. Each client asks for a feed (200),
then again with its ETag (304), like a calendar refreshing a subscription. Prints
requests per second, p99 latency for 200 and 304 answers, and any errors (target: none).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from http import HTTPStatus
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str, etag: str | None
) -> tuple[int, str | None]:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: keep-alive"]
    if etag:
        lines.append(f"If-None-Match: {etag}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = dict(line.split(b": ", 1) for line in head.split(b"\r\n")[1:] if b": " in line)
    length = int({k.lower(): v for k, v in headers.items()}.get(b"content-length", b"0"))
    if length:
        await reader.readexactly(length)
    tag = {k.lower(): v for k, v in headers.items()}.get(b"etag")
    return status, tag.decode() if tag else None


async def client(
    port: int,
    paths: list[str],
    until: float,
    results: dict[int, list[float]],
    errors: list[str],
    index: int,
) -> None:
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as exc:
        errors.append(f"connect: {exc}")
        return
    path = paths[index % len(paths)]
    etag = None
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            status, tag = await request(reader, writer, path, etag)
            elapsed = time.perf_counter() - started
            if status not in (200, 304):
                errors.append(f"status {status}")
            results.setdefault(status, []).append(elapsed)
            etag = (
                None if status == HTTPStatus.NOT_MODIFIED else tag
            )  # alternate: fresh fetch, then revalidate
    except (OSError, asyncio.IncompleteReadError) as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        writer.close()


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else (values or [0])[0]


async def load(port: int, paths: list[str], clients: int, seconds: float) -> None:
    results: dict[int, list[float]] = {}
    errors: list[str] = []
    until = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(client(port, paths, until, results, errors, n) for n in range(clients)))
    took = time.perf_counter() - started
    total = sum(len(v) for v in results.values())
    print(f"clients: {clients} for {seconds:.0f} s, requests: {total}, errors: {len(errors)}")
    print(f"requests per second: {total / took:.0f}")
    for status in (200, 304):
        values = results.get(status, [])
        print(f"{status}: {len(values)} answers, p99 latency {p99(values) * 1000:.1f} ms")
    if errors:
        print("first errors:", errors[:5])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        shutil.copytree(ROOT / "examples" / "cohort", root / "office")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "usce_cal",
                "cohort",
                str(root / "office/cohort.toml"),
                "--out",
                str(root / "site"),
                "--today",
                "2026-11-25",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        paths = ["/cohort.ics"] + [
            "/" + str(p.relative_to(root / "site"))
            for p in sorted((root / "site/p").glob("*/calendar.ics"))
        ]
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "usce_cal", "serve", str(root / "site"), "--port", str(port)],
            stdout=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 15
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            asyncio.run(load(port, paths, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(10)


if __name__ == "__main__":
    main()
