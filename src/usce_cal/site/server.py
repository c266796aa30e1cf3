"""Serving a published site: Starlette's static files behind uvicorn, with feed headers.

Starlette's ``StaticFiles`` gives ETag and Last-Modified with 304 answers, HEAD, no
directory listings, and refuses paths that leave the folder (dot-dot, encoded or not, and
symlinks out). Around it: feeds as ``text/calendar; charset=utf-8`` and never as an
attachment, caching matched to the feeds' refresh interval, gzip when asked, safe headers
on pages, and 404 for any dotfile.
"""

from __future__ import annotations

import socket
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import PlainTextResponse
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from usce_cal.calendar.refresh import REFRESH
from usce_cal.site.tokens import PRIVATE

FEED_CACHE = f"max-age={int(REFRESH.total_seconds())}"
PAGE_HEADERS = {
    b"content-security-policy": b"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"no-referrer",
}


class FeedHeaders:
    """ASGI middleware: 404 for dotfiles, and the headers feeds and pages need."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if any(part.startswith(".") for part in path.split("/") if part):
            await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
            return
        private = path.startswith(f"/{PRIVATE}/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"content-disposition", b"cache-control")
                ]
                kind = dict(headers).get(b"content-type", b"")
                scope_word = b"private" if private else b"public"
                if kind.startswith(b"text/calendar") or path.endswith(".ics"):
                    headers.append((b"content-type", b"text/calendar; charset=utf-8"))
                    headers.append((b"cache-control", scope_word + b", " + FEED_CACHE.encode()))
                else:
                    headers.append((b"cache-control", scope_word + b", no-cache"))
                headers.extend(PAGE_HEADERS.items())
                message = {**message, "headers": _unique(headers)}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _unique(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    seen: dict[bytes, tuple[bytes, bytes]] = {}
    for key, value in headers:
        seen[key.lower()] = (key.lower(), value)
    return list(seen.values())


def make_app(site: Path) -> Starlette:
    """The ASGI app serving ``site``."""
    files = StaticFiles(directory=site, html=True, follow_symlink=False)
    return Starlette(
        routes=[Mount("/", app=files)],
        middleware=[Middleware(FeedHeaders), Middleware(GZipMiddleware, minimum_size=500)],
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
    import uvicorn

    config = uvicorn.Config(make_app(site), log_level="warning")
    uvicorn.Server(config).run(sockets=[sock])
