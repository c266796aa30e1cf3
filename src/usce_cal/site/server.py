"""Serving a published site from memory: an ASGI app of our own behind uvicorn.

The site is read once at start (``site_files``), and again within ``RELOAD_EVERY`` seconds
of a change; answers come from what was read (``answers``). A folder's address answers with
its ``index.html``, and without the final ``/`` redirects to it by a path (never an address
built from the client's Host header). Anything else is 404, dotfiles included, and a file
asked for as a folder (``/cohort.ics/``); a method other than GET and HEAD is 405.

uvicorn closes an idle connection after ``KEEP_ALIVE`` seconds and one whose request has
not arrived ``REQUEST_WAIT`` seconds after it opened or after its last answer, and takes at
most ``CONNECTIONS`` at once: enough for a cohort; a public deployment goes behind nginx or
on a static host (README).
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from pathlib import Path
from urllib.parse import quote

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from usce_cal.errors import UsceCalError
from usce_cal.site.answers import Receive, Scope, Send, answer_file, send_answer, send_text
from usce_cal.site.headers import FEED_CACHE, PAGE_HEADERS, cache_control
from usce_cal.site.site_files import Site, changed, held, read_site

__all__ = ["FEED_CACHE", "PAGE_HEADERS", "SiteApp", "listen", "serve", "server_config"]

KEEP_ALIVE = 5
"""Seconds an idle keep-alive connection stays open."""
REQUEST_WAIT = 10.0
"""Seconds a client has to send a whole request after connecting or after an answer."""
CONNECTIONS = 1000
"""Connections served at once; beyond them uvicorn answers 503."""
HEADER_BYTES = 16 * 1024
"""Largest request head (line and headers) a client may send."""
RELOAD_EVERY = 1.0
"""Seconds between two looks at whether the site changed."""
READING = ("GET", "HEAD")

log = logging.getLogger("uvicorn.error")


class SiteApp:
    """The ASGI app serving the site in ``root`` from memory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site: Site | None = None
        self._reading = threading.Lock()
        self._complaint = ""

    def load(self) -> Site:
        """Read the site now; ``UsceCalError`` if it cannot be served."""
        with self._reading:
            self.site = read_site(self.root, self.site)
            return self.site

    def refresh(self) -> bool:
        """Read the site again if a folder of it changed and no `usce-cal cohort` run is
        writing it; whether it did. Until then, answers come from the site as last read."""
        with self._reading:
            if self.site is not None and not changed(self.site):
                return False
            with held(self.root) as free:
                if not free:
                    return False
                try:
                    self.site = read_site(self.root, self.site)
                except (UsceCalError, OSError) as exc:
                    if str(exc) != self._complaint:
                        log.warning("%s; serving the site as last read", exc)
                    self._complaint = str(exc)
                    return False
            self._complaint = ""
            return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            site = self.site or self.load()
            found = site.files.get(scope["path"])
            if found is not None and scope["method"] in READING:
                await answer_file(found, scope, send)
            else:
                await self._not_a_file(site, scope, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)

    async def _not_a_file(self, site: Site, scope: Scope, send: Send) -> None:
        path = scope["path"]
        if scope["method"] not in READING:
            await send_text(send, 405, path, b"Method Not Allowed", (b"allow", b"GET, HEAD"))
        elif path in site.redirects:
            query = scope.get("query_string", b"")
            target = quote(path + "/").encode("ascii") + (b"?" + query if query else b"")
            head = [
                (b"location", target),
                (b"content-length", b"0"),
                cache_control(path, feed=False),
            ]
            await send_answer(send, 307, [*head, *PAGE_HEADERS.items()])
        else:
            await send_text(send, 404, path, b"Not Found")

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        """Read the site at start, then look for changes every ``RELOAD_EVERY`` seconds
        until the server stops."""
        watching: asyncio.Task[None] | None = None
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    if self.site is None:
                        await asyncio.to_thread(self.load)
                except UsceCalError as exc:
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                watching = asyncio.create_task(self._watch())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if watching is not None:
                    watching.cancel()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(RELOAD_EVERY)
            await asyncio.to_thread(self.refresh)


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


def server_config(
    site: Path, *, port: int = 0, log_level: str = "warning", app: SiteApp | None = None
) -> uvicorn.Config:
    """uvicorn's settings for serving ``site`` (with ``app``, if it is already read): the
    timeouts and limits above."""
    return uvicorn.Config(
        app or SiteApp(site),
        port=port,
        log_level=log_level,
        access_log=False,
        lifespan="on",
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


def serve(app: SiteApp, *, sock: socket.socket) -> None:
    """Serve ``app``'s site on ``sock`` until interrupted."""
    uvicorn.Server(server_config(app.root, app=app)).run(sockets=[sock])
