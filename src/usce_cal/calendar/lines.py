"""Content lines written directly: TEXT escaping, parameters and folding (RFC 5545 3.1,
3.2, 3.3.11), byte for byte as icalendar writes them.

icalendar stays the reference: the property tests in tests/test_lines.py generate values
(unicode, long lines, every character that needs escaping) and compare these bytes with
icalendar's ``to_ical()``. This module exists for speed: folding a line here costs a slice
per 74 characters on the ASCII fast path instead of a loop over every character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

LIMIT = 75
"""Lines are folded so that no physical line reaches this many octets (RFC 5545 3.1)."""


def escape_text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma, and every line
    break (``\\N``, CRLF, LF or a lone CR) as ``\\n``."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def param_value(value: str) -> str:
    """A parameter value: RFC 6868 escapes (``^^``, ``^n``, ``^'``), then quoted when it
    holds ``,``, ``;``, ``:`` or a right single quotation mark (RFC 5545 3.2)."""
    escaped = _RFC_6868.sub(lambda m: _CARET[m.group(0)], value)
    if any(char in escaped for char in ",;:’"):  # noqa: RUF001  # icalendar quotes on it too
        return f'"{escaped}"'
    return escaped


_RFC_6868 = re.compile(r'\^|\r\n|\r|\n|"')
_CARET = {"^": "^^", "\n": "^n", "\r": "^n", "\r\n": "^n", '"': "^'"}


def line(name: str, value: str, params: Iterable[tuple[str, str]] = ()) -> str:
    """One unfolded content line: ``NAME;PARAM=VALUE:value``."""
    head = name + "".join(f";{key}={param_value(val)}" for key, val in params)
    return f"{head}:{value}"


def text_line(name: str, value: str) -> bytes:
    """A TEXT property without parameters, escaped and folded, with its CRLF."""
    return folded(f"{name}:{escape_text(value)}")


@lru_cache(maxsize=1 << 13)
def repeated(text: str) -> bytes:
    """``folded(text)`` for a line that recurs from event to event (a status, a day, a
    category), folded once per run."""
    return folded(text)


def fold(text: str) -> str:
    """``text`` folded at 75 octets, never inside a UTF-8 character or after an escape's
    first character, exactly as icalendar folds."""
    return folded(text)[:-2].decode("utf-8")


def folded(text: str) -> bytes:
    """``text`` folded, encoded, with its CRLF.

    Each physical line holds the longest run of whole characters that stays under 75
    octets; a backslash or caret at the end of a run moves to the next line.
    """
    data = text.encode("utf-8")
    if len(data) < LIMIT:
        return data + b"\r\n"
    width = LIMIT - 1
    parts = []
    start = 0
    ascii_only = len(data) == len(text)
    while len(data) - start > width:
        cut = start + width
        if not ascii_only:
            while data[cut] & 0xC0 == CONTINUATION:  # never inside a character
                cut -= 1
        if data[cut - 1] in _KEEP and cut - start > 1:
            cut -= 1
        parts.append(data[start:cut])
        start = cut
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


CONTINUATION = 0x80
"""The top bits of a UTF-8 continuation byte (``10xxxxxx``)."""
_KEEP = frozenset(b"\\^")
