"""Load `usce-cal serve` with concurrent subscription clients and print the figures.

Run: python benchmarks/bench_serve.py [--clients 200] [--seconds 10]

Publishes the example cohort, starts `usce-cal serve` on a free loopback port, and runs
that many keep-alive clients at once for that long. Each client asks for a feed (200),
then again with its ETag (304), like a calendar refreshing a subscription. Prints
requests per second, p99 latency for 200 and 304 answers, and any errors.
Goal: p99 at most 150 ms and no errors.

When both `nginx` and `wrk` are on PATH, nginx then serves the same site with the headers
the README gives, and wrk loads each server in turn with the same clients, time and
200/304 pattern (paired); the line ends with our requests per second as a share of
nginx's (goal: at least 0.05).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
P99_GOAL = 0.150
"""Seconds."""
SHARE_GOAL = 0.05
"""Our requests per second as a share of nginx's."""
FEED = "/cohort.ics"
WRK_SCRIPT = """\
-- Each connection alternates: a fresh fetch (200), then a revalidation (304).
local etag = nil
request = function()
  if etag then
    local tag = etag
    etag = nil
    return wrk.format("GET", nil, { ["If-None-Match"] = tag })
  end
  return wrk.format("GET")
end
response = function(status, headers, body)
  if status == 200 then
    etag = headers["etag"] or headers["ETag"]
  end
end
"""
NGINX_CONF = """\
daemon off;
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/error.log;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {work}/client_body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    # From here on, the README's configuration ("Publishing SITE").
    map $uri $usce_cache {{
        ~^/p/.*\\.ics$  "private, max-age=43200";
        ~\\.ics$        "public, max-age=43200";
        ~^/p/          "private, no-cache";
        default        "public, no-cache";
    }}
    server {{
        listen 127.0.0.1:{port};
        root {site};
        types {{ text/calendar ics; text/html html; }}
        default_type application/octet-stream;
        charset utf-8;
        charset_types text/calendar text/plain;
        autoindex off;
        disable_symlinks on;
        absolute_redirect off;
        max_ranges 1;
        etag on;
        gzip on;
        gzip_types text/calendar;
        gzip_min_length 500;
        gzip_vary on;
        add_header Cache-Control $usce_cache always;
        add_header Content-Security-Policy "{csp}" always;
        add_header X-Content-Type-Options nosniff always;
        add_header X-Frame-Options DENY always;
        add_header Referrer-Policy no-referrer always;
        location ~ /\\. {{ return 404; }}
        location ~ ^/p/?$ {{ return 404; }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@contextmanager
def running(args: list[str], port: int) -> Iterator[None]:
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL)
    try:
        wait_for(port, process)
        yield
    finally:
        process.terminate()
        process.wait(10)


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
    headers = {
        k.lower(): v
        for k, v in (line.split(b": ", 1) for line in head.split(b"\r\n")[1:] if b": " in line)
    }
    length = int(headers.get(b"content-length", b"0"))
    if length:
        await reader.readexactly(length)
    tag = headers.get(b"etag")
    return status, tag.decode() if tag else None


async def client(
    port: int,
    path: str,
    until: float,
    results: dict[int, list[float]],
    errors: list[str],
) -> None:
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError as exc:
        errors.append(f"connect: {exc}")
        return
    etag = None
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            status, tag = await request(reader, writer, path, etag)
            elapsed = time.perf_counter() - started
            if status not in (200, 304):
                errors.append(f"status {status}")
            results.setdefault(status, []).append(elapsed)
            etag = tag if status == HTTPStatus.OK else None  # a fresh fetch, then revalidate
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
    await asyncio.gather(
        *(client(port, paths[n % len(paths)], until, results, errors) for n in range(clients))
    )
    took = time.perf_counter() - started
    total = sum(len(v) for v in results.values())
    print(f"clients: {clients} for {seconds:.0f} s, requests: {total}, errors: {len(errors)}")
    print(f"requests per second: {total / took:.0f}")
    worst = 0.0
    for status in (200, 304):
        values = results.get(status, [])
        worst = max(worst, p99(values))
        print(f"{status}: {len(values)} answers, p99 latency {p99(values) * 1000:.1f} ms")
    if errors:
        print("first errors:", errors[:5])
    met = worst <= P99_GOAL and not errors
    print(f"goal (p99 <= {P99_GOAL * 1000:.0f} ms, no errors): {'met' if met else 'NOT met'}")


def wrk(port: int, clients: int, seconds: float, script: Path) -> tuple[float, str]:
    """wrk's requests per second against ``port``, and its p99 latency as it prints it."""
    address = f"http://127.0.0.1:{port}{FEED}"
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{clients}",
            f"-d{seconds:.0f}s",
            "--latency",
            "-s",
            str(script),
            address,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    rate = re.search(r"Requests/sec:\s*([\d.]+)", done.stdout)
    tail = re.search(r"^\s*99%\s+(\S+)", done.stdout, re.MULTILINE)
    if rate is None or tail is None:
        raise SystemExit(f"cannot read wrk's output:\n{done.stdout}{done.stderr}")
    problems = re.findall(r"(Socket errors:.*|Non-2xx or 3xx responses:.*)", done.stdout)
    return float(rate.group(1)), tail.group(1) + (f" ({'; '.join(problems)})" if problems else "")


def against_nginx(work: Path, site: Path, ours: int, clients: int, seconds: float) -> None:
    """wrk against our server, then against nginx serving the same site."""
    from usce_cal.site.headers import PAGE_HEADERS

    if shutil.which("nginx") is None or shutil.which("wrk") is None:
        print("nginx comparison skipped: nginx or wrk not installed")
        return
    script = work / "revalidate.lua"
    script.write_text(WRK_SCRIPT)
    port = free_port()
    conf = work / "nginx.conf"
    csp = PAGE_HEADERS[b"content-security-policy"].decode()
    conf.write_text(NGINX_CONF.format(work=work, port=port, site=site, csp=csp))
    work.chmod(0o755)  # nginx's workers may run as another user
    ours_rate, ours_p99 = wrk(ours, clients, seconds, script)
    with running(["nginx", "-p", f"{work}/", "-c", str(conf)], port):
        nginx_rate, nginx_p99 = wrk(port, clients, seconds, script)
    share = ours_rate / nginx_rate
    print(
        f"wrk, {clients} connections for {seconds:.0f} s on {FEED}: usce-cal serve"
        f" {ours_rate:.0f} req/s (p99 {ours_p99}), nginx {nginx_rate:.0f} req/s"
        f" (p99 {nginx_p99}); share {share:.3f}"
        f" (goal >= {SHARE_GOAL}: {'met' if share >= SHARE_GOAL else 'NOT met'})"
    )


def publish(root: Path) -> Path:
    shutil.copytree(ROOT / "examples" / "cohort", root / "office")
    site = root / "site"
    command = ["cohort", str(root / "office/cohort.toml"), "--out", str(site)]
    subprocess.run(
        [sys.executable, "-m", "usce_cal", *command, "--today", "2026-11-25"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        site = publish(work)
        paths = [FEED] + [
            "/" + p.relative_to(site).as_posix() for p in sorted(site.glob("p/*/calendar.ics"))
        ]
        port = free_port()
        serve = [sys.executable, "-m", "usce_cal", "serve", str(site), "--port", str(port)]
        with running(serve, port):
            asyncio.run(load(port, paths, args.clients, args.seconds))
            against_nginx(work, site, port, args.clients, args.seconds)


if __name__ == "__main__":
    main()
