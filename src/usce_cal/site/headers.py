"""What every answer of `usce-cal serve` carries: content types, caching, and the safe
headers of a page; the heads of a file's answers are built here once, when it is read.

Feeds are ``text/calendar; charset=utf-8`` and never an attachment, cached for the feeds'
refresh interval (``private`` under ``p/``, where members' feeds are); anything else is
revalidated each time (``no-cache``). Every answer, errors included, carries
``PAGE_HEADERS``.
"""

from __future__ import annotations

import mimetypes

from usce_cal.calendar.refresh import REFRESH
from usce_cal.site.tokens import PRIVATE

Head = list[tuple[bytes, bytes]]
"""An answer's headers, names in lower case."""

FEED_CACHE = f"max-age={int(REFRESH.total_seconds())}"
PAGE_HEADERS = {
    b"content-security-policy": b"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'",
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"no-referrer",
}
SAFE = list(PAGE_HEADERS.items())
FEED_TYPE = "text/calendar; charset=utf-8"
TEXT_TYPE = b"text/plain; charset=utf-8"
TYPES = {
    ".ics": FEED_TYPE,
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}
"""Types of the files a site may hold, whatever the system's own table says."""
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml")
"""Types worth a gzip form."""
VARY = (b"vary", b"Accept-Encoding")


def content_type(name: str) -> str:
    """The type of a file called ``name``; text in UTF-8."""
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix in TYPES:
        return TYPES[suffix]
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def compressible(kind: str) -> bool:
    """Whether files of type ``kind`` are worth a gzip form."""
    return kind.startswith(COMPRESSIBLE)


def is_private(path: str) -> bool:
    """Whether ``path`` (of a request) is under a member's private folder."""
    return path.startswith(f"/{PRIVATE}/")


def cache_control(path: str, *, feed: bool) -> tuple[bytes, bytes]:
    """How long an answer for ``path`` may be reused, and by whom."""
    scope = "private" if is_private(path) else "public"
    return (b"cache-control", f"{scope}, {FEED_CACHE if feed else 'no-cache'}".encode())


def plain_text(path: str, text: bytes, *extra: tuple[bytes, bytes]) -> Head:
    """The head of an answer that is not a file (404, 405, 416): short plain text."""
    return [
        *extra,
        (b"content-type", TEXT_TYPE),
        (b"content-length", str(len(text)).encode()),
        cache_control(path, feed=False),
        *SAFE,
    ]


def file_heads(
    path: str, kind: str, *, size: int, etag: bytes, modified: bytes, packed: int | None
) -> tuple[Head, Head, Head, Head]:
    """The heads of a file's answers: whole (200), gzip (200; empty without a gzip form of
    ``packed`` bytes), and not modified (304) naming the file's ETag or the gzip form's.

    ``path`` is the file's address in the site; ``kind`` its content type.
    """
    feed = kind == FEED_TYPE
    cache = cache_control(path, feed=feed)
    vary = [VARY] if packed is not None else []
    common = [(b"content-type", kind.encode()), (b"accept-ranges", b"bytes")]
    dated = [(b"last-modified", modified)]
    whole = [
        *common,
        (b"content-length", str(size).encode()),
        *dated,
        (b"etag", etag),
        *vary,
        cache,
        *SAFE,
    ]
    weak = b"W/" + etag
    gzip = (
        [
            *common,
            (b"content-encoding", b"gzip"),
            (b"content-length", str(packed).encode()),
            *dated,
            (b"etag", weak),
            *vary,
            cache,
            *SAFE,
        ]
        if packed is not None
        else []
    )
    fresh = [(b"etag", etag), *vary, cache, *SAFE]
    fresh_packed = [(b"etag", weak), *vary, cache, *SAFE] if packed is not None else fresh
    return whole, gzip, fresh, fresh_packed
