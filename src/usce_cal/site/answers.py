"""How `usce-cal serve` answers a request for one file of the site.

304 first, from the table alone, when the client's ETag (either form, compared weakly) or
date still holds; then one range of the file's own bytes (206, or 416 past its end; several
ranges, or a Range that is not one, get the whole file); then the gzip form when the client
takes gzip and the file has one; then the whole file. A 304 names the ETag the client named
(the gzip form's when it sent that), so what it holds stays described. HEAD gets the same
head and no body.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Awaitable, Callable
from email.utils import mktime_tz, parsedate_tz
from typing import BinaryIO, Required, TypedDict

from msgspec import Struct

from usce_cal.site.headers import Head, plain_text
from usce_cal.site.site_files import SiteFile, on_disk

CHUNK = 256 * 1024
"""Bytes read from disk at a time, for a file not held in memory."""
UNSATISFIABLE = (-1, -1)
"""A range that starts past the end of the file."""
_RANGE = re.compile(rb"[ \t]*bytes[ \t]*=[ \t]*([0-9]{0,18})-([0-9]{0,18})[ \t]*", re.IGNORECASE)
"""One byte range (several have a comma, and do not match)."""


class Scope(TypedDict, total=False):
    """What the server tells the app of a request (ASGI), as far as the app reads it."""

    type: Required[str]
    method: str
    path: str
    query_string: bytes
    headers: list[tuple[bytes, bytes]]


Message = dict[str, object]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


async def send_answer(send: Send, status: int, head: Head, body: bytes = b"") -> None:
    """Send a whole answer."""
    await send({"type": "http.response.start", "status": status, "headers": head})
    await send({"type": "http.response.body", "body": body})


async def send_text(
    send: Send, status: int, path: str, text: bytes, *extra: tuple[bytes, bytes]
) -> None:
    """Send a short plain-text answer (404, 405, 416) for a request of ``path``."""
    await send_answer(send, status, plain_text(path, text, *extra), text)


async def answer_file(found: SiteFile, scope: Scope, send: Send) -> None:
    """Answer a GET or HEAD of the file ``found``."""
    if found.body is not None:
        await _answer(found, scope, send, None)
        return
    try:
        stream = open(found.disk, "rb")  # noqa: SIM115 (closed below, after the answer)
    except OSError:
        await send_text(send, 404, found.address, b"Not Found")
        return
    with stream:
        info = os.fstat(stream.fileno())
        now = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
        if now != found.identity:  # changed since the site was read: describe it as it is
            found = on_disk(found.address, found.disk, info)
        await _answer(found, scope, send, stream)


class Asked(Struct):
    """The headers of a request that decide how a file is answered."""

    none_match: bytes | None = None
    since: bytes | None = None
    accept: bytes | None = None
    wanted: bytes | None = None
    if_range: bytes | None = None


def asked(headers: list[tuple[bytes, bytes]]) -> Asked:
    """What ``headers`` ask (several ``If-None-Match`` lines are one list)."""
    found = Asked()
    for name, value in headers:
        if name == b"if-none-match":
            none_match = found.none_match
            found.none_match = value if none_match is None else none_match + b", " + value
        elif name == b"if-modified-since":
            found.since = value
        elif name == b"accept-encoding":
            found.accept = value
        elif name == b"range":
            found.wanted = value
        elif name == b"if-range":
            found.if_range = value
    return found


async def _answer(found: SiteFile, scope: Scope, send: Send, stream: BinaryIO | None) -> None:
    request = asked(scope["headers"])
    packed = found.packed is not None and request.accept is not None
    packed = packed and accepts_gzip(request.accept or b"")
    fresh = not_modified(found, request.none_match, request.since, packed=packed)
    if fresh is not None:
        await send_answer(send, 304, fresh)
        return
    with_body = scope["method"] != "HEAD"
    span = None
    if request.wanted is not None and request.if_range in (None, found.etag, found.modified):
        span = one_range(request.wanted, found.size)
    if span == UNSATISFIABLE:
        size = f"bytes */{found.size}".encode()
        await send_text(send, 416, found.address, b"", (b"content-range", size))
    elif span is not None:
        await _send_part(found, span, send, stream, with_body=with_body)
    elif packed and found.packed is not None:
        await send_answer(send, 200, found.gzip, found.packed if with_body else b"")
    elif stream is None or not with_body:
        await send_answer(send, 200, found.whole, (found.body or b"") if with_body else b"")
    else:
        await send({"type": "http.response.start", "status": 200, "headers": found.whole})
        await _stream(stream, 0, found.size, send)


async def _send_part(
    found: SiteFile, span: tuple[int, int], send: Send, stream: BinaryIO | None, *, with_body: bool
) -> None:
    first, last = span
    head = [
        (b"content-range", f"bytes {first}-{last}/{found.size}".encode()),
        *(
            (name, str(last - first + 1).encode() if name == b"content-length" else value)
            for name, value in found.whole
        ),
    ]
    if stream is None or not with_body:
        part = found.body[first : last + 1] if found.body is not None and with_body else b""
        await send_answer(send, 206, head, part)
        return
    await send({"type": "http.response.start", "status": 206, "headers": head})
    await _stream(stream, first, last + 1 - first, send)


async def _stream(stream: BinaryIO, start: int, length: int, send: Send) -> None:
    """Send ``length`` bytes of ``stream`` from ``start``, read a chunk at a time away from
    the event loop. A file cut short meanwhile ends the answer short (the client sees the
    connection close)."""
    stream.seek(start)
    left = length
    while left > 0:
        chunk = await asyncio.to_thread(stream.read, min(CHUNK, left))
        if not chunk:
            return
        left -= len(chunk)
        await send({"type": "http.response.body", "body": chunk, "more_body": left > 0})


def not_modified(
    found: SiteFile, none_match: bytes | None, since: bytes | None, *, packed: bool
) -> Head | None:
    """The head of a 304 when the client's copy still holds, else ``None``.

    ``If-None-Match`` decides when given (``If-Modified-Since`` is then ignored, RFC 9110
    13.2.2); ``packed``: the client takes the gzip form.
    """
    if none_match is not None:
        return _named(found, none_match, packed=packed)
    if since is not None and (since == found.modified or _not_after(found.mtime, since)):
        return found.fresh_packed if packed else found.fresh
    return None


def _named(found: SiteFile, none_match: bytes, *, packed: bool) -> Head | None:
    """The head of a 304 naming the tag of ``none_match`` that is either form's ETag."""
    for tag in none_match.split(b","):
        named = tag.strip()
        if named == found.etag:
            return found.fresh
        if named == found.weak_etag:
            return found.fresh_packed
        if named == b"*":
            return found.fresh_packed if packed else found.fresh
    return None


def _not_after(mtime: int, since: bytes) -> bool:
    """Whether ``mtime`` is no later than the HTTP date ``since`` (``False`` if it is not a
    date)."""
    try:
        parsed = parsedate_tz(since.decode("latin-1"))
        return parsed is not None and mtime <= mktime_tz(parsed)
    except (ValueError, OverflowError):
        return False


def accepts_gzip(value: bytes) -> bool:
    """Whether an ``Accept-Encoding`` of ``value`` takes gzip (named, or by ``*``, with a
    quality above 0)."""
    if b"gzip" not in value and b"*" not in value:
        return False
    quality: dict[bytes, float] = {}
    for part in value.lower().split(b","):
        coding, _, params = part.partition(b";")
        quality[coding.strip()] = _quality(params)
    return quality.get(b"gzip", quality.get(b"x-gzip", quality.get(b"*", 0.0))) > 0


def _quality(params: bytes) -> float:
    for param in params.split(b";"):
        name, _, value = param.partition(b"=")
        if name.strip() == b"q":
            try:
                return float(value.strip().decode("latin-1"))
            except ValueError:
                return 0.0
    return 1.0


def one_range(value: bytes, size: int) -> tuple[int, int] | None:
    """The one byte range a ``Range`` header of ``value`` asks of ``size`` bytes, as its
    first and last byte; ``None`` for the whole file (several ranges, or not a byte range);
    ``UNSATISFIABLE`` when it starts past the end."""
    match = _RANGE.fullmatch(value)
    if match is None or not any(match.groups()):
        return None
    first, last = match.groups()
    if not first:  # the last bytes
        suffix = int(last)
        return (max(size - suffix, 0), size - 1) if suffix and size else UNSATISFIABLE
    start, end = int(first), int(last) if last else size - 1
    if start >= size:
        return UNSATISFIABLE
    return (start, min(end, size - 1)) if start <= end else None
