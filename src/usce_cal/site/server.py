"""Serving a published site: Starlette's static files behind uvicorn, with feed headers.

Starlette's ``StaticFiles`` gives ETag and Last-Modified with 304 answers, HEAD, no
directory listings, and refuses paths that leave the folder (dot-dot, encoded or not, and
symlinks out). Around it: feeds as ``text/calendar; charset=utf-8`` and never as an
attachment, caching matched to the feeds' refresh interval, gzip when asked (with a weak
ETag of its own), safe headers on every answer, 404 for any dotfile and for a file asked
for as a folder, one range or the whole file (never a multipart body), and redirects to a
path (never an address built from the client's Host header).

uvicorn closes an idle connection after ``KEEP_ALIVE`` seconds and one whose request has
not arrived ``REQUEST_WAIT`` seconds after it opened or after its last answer, and takes at
most ``CONNECTIONS`` at once: enough for a cohort; a public deployment goes behind nginx or
on a static host (README).
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from urllib.parse import urlsplit

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from usce_cal.calendar.refresh import REFRESH
from usce_cal.site.tokens import PRIVATE

FEED_CACHE = f"max-age={int(REFRESH.total_seconds())}"
PAGE_HEADERS = {
    b"content-security-policy": b"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"no-referrer",
}
KEEP_ALIVE = 5
"""Seconds an idle keep-alive connection stays open."""
REQUEST_WAIT = 10.0
"""Seconds a client has to send a whole request after connecting or after an answer."""
CONNECTIONS = 1000
"""Connections served at once; beyond them uvicorn answers 503."""
HEADER_BYTES = 16 * 1024
"""Largest request head (line and headers) a client may send."""
NOT_MODIFIED = 304
FEED_STATUSES = (200, 206, NOT_MODIFIED)
"""Answers that are a feed (or part of one), and carry its headers."""


class FeedHeaders:
    """ASGI middleware: what the site answers besides the files, and the headers every
    answer carries."""

    def __init__(self, app: ASGIApp, site: Path) -> None:
        self.app = app
        self.site = site.resolve()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        request = Headers(scope=scope)
        respond = _with_headers(send, path, request)
        if _hidden(path) or self._file_as_folder(path):
            await PlainTextResponse("Not Found", status_code=404)(scope, receive, respond)
            return
        await self.app(_one_range_at_most(scope, request), receive, respond)

    def _file_as_folder(self, path: str) -> bool:
        """Whether ``path`` ends in ``/`` but is not a folder of the site (``/cohort.ics/``)."""
        if not path.endswith("/") or path == "/":
            return False
        target = (self.site / path.strip("/")).resolve()
        return not (target.is_relative_to(self.site) and target.is_dir())


def _hidden(path: str) -> bool:
    return any(part.startswith(".") for part in path.split("/") if part)


def _one_range_at_most(scope: Scope, request: Headers) -> Scope:
    """``scope`` without a Range header that asks for several ranges: the whole file is
    answered instead of a multipart body, which no calendar client reads."""
    if "," not in request.get("range", ""):
        return scope
    headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"range"]
    return {**scope, "headers": headers}


def _with_headers(send: Send, path: str, request: Headers) -> Send:
    """``send``, adding to the answer's head the headers of a feed or a page."""
    private = path.startswith(f"/{PRIVATE}/")

    async def respond(message: Message) -> None:
        if message["type"] == "http.response.start":
            status: int = message["status"]
            headers = [
                (k.lower(), v)
                for k, v in message.get("headers", [])
                if k.lower() not in (b"content-disposition", b"cache-control")
            ]
            found = dict(headers)
            scope_word = b"private" if private else b"public"
            if status in FEED_STATUSES and (
                path.endswith(".ics")
                or found.get(b"content-type", b"").startswith(b"text/calendar")
            ):
                headers.append((b"content-type", b"text/calendar; charset=utf-8"))
                headers.append((b"cache-control", scope_word + b", " + FEED_CACHE.encode()))
            else:
                headers.append((b"cache-control", scope_word + b", no-cache"))
            if b"location" in found:
                headers.append((b"location", _relative(found[b"location"])))
            if b"etag" in found and _gzipped(found, status, request):
                headers.append((b"etag", _weak(found[b"etag"])))
            headers.extend(PAGE_HEADERS.items())
            message = {**message, "headers": _unique(headers)}
        await send(message)

    return respond


def _relative(location: bytes) -> bytes:
    """A redirect's target as a path: never the host the client claimed to ask."""
    parts = urlsplit(location.decode("latin-1"))
    return (parts.path + (f"?{parts.query}" if parts.query else "")).encode("latin-1")


def _gzipped(found: dict[bytes, bytes], status: int, request: Headers) -> bool:
    """Whether the answer is (or, for a 304, stands for) the gzip form of the file."""
    if found.get(b"content-encoding") == b"gzip":
        return True
    etag = found.get(b"etag", b"").decode("latin-1")
    return status == NOT_MODIFIED and f"W/{etag}" in request.get("if-none-match", "")


def _weak(etag: bytes) -> bytes:
    """The ETag of the gzip form: weak, so it never equals the strong ETag of the file's own
    bytes (RFC 9110 8.8.3)."""
    return etag if etag.startswith(b"W/") else b"W/" + etag


def _unique(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    seen: dict[bytes, tuple[bytes, bytes]] = {}
    for key, value in headers:
        seen[key] = (key, value)
    return list(seen.values())


def make_app(site: Path) -> Starlette:
    """The ASGI app serving ``site``."""
    files = StaticFiles(directory=site, html=True, follow_symlink=False)
    return Starlette(
        routes=[Mount("/", app=files)],
        middleware=[
            Middleware(FeedHeaders, site=site),
            Middleware(GZipMiddleware, minimum_size=500),
        ],
    )


class GuardedH11(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request has not arrived
    ``REQUEST_WAIT`` seconds after it opened or after its last answer (uvicorn's own
    keep-alive timeout stops once a client sends a first byte)."""

    request_wait = REQUEST_WAIT
    _guard: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._guard is not None:
            self._guard.cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._guard is not None:
            self._guard.cancel()
        self._guard = self.loop.call_later(self.request_wait, self._expire, self.cycle)

    def _expire(self, cycle: object) -> None:
        waiting = self.cycle is cycle  # no request has started since the timer was set
        if waiting and not self.transport.is_closing():
            self.transport.close()


def server_config(site: Path, *, port: int = 0, log_level: str = "warning") -> uvicorn.Config:
    """uvicorn's settings for serving ``site``: the timeouts and limits above."""
    return uvicorn.Config(
        make_app(site),
        port=port,
        log_level=log_level,
        http=GuardedH11,
        timeout_keep_alive=KEEP_ALIVE,
        limit_concurrency=CONNECTIONS,
        h11_max_incomplete_event_size=HEADER_BYTES,
        timeout_graceful_shutdown=KEEP_ALIVE,
    )


def listen(host: str, port: int) -> socket.socket:
    """A listening socket; ``OSError`` (such as the port being in use) reaches the caller."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def serve(site: Path, *, sock: socket.socket) -> None:
    """Serve ``site`` on ``sock`` until interrupted."""
    uvicorn.Server(server_config(site)).run(sockets=[sock])
