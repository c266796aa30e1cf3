"""A calendar file we wrote, split into each event's bytes without parsing it.

Regeneration needs, per UID, an event's exact bytes (to compare with the event built again)
and its stamps (to build it again with them). Splitting on the component lines gives both in
a fraction of the time icalendar takes to parse the file; anything unexpected (a bare line
break, a component left open, an event without one plain UID, a repeated UID) returns
``None``, and the caller reads the file with icalendar instead.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from msgspec import Struct

from usce_cal.calendar.written import Stamp

BEGIN = b"BEGIN:VCALENDAR\r\n"
END = b"END:VCALENDAR\r\n"
ENTRIES = ("VEVENT", "VTODO")
"""The components that have a UID and a change history."""
_MOMENT = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_PLAIN = re.compile(
    r"([A-Z][A-Z0-9-]*)"  # the name
    # parameters: printable ASCII, no space (icalendar strips it), quote, caret, separator
    r"((?:;[A-Z][A-Z0-9-]*=[\x21\x23-\x2b\x2d-\x39\x3c-\x5b\x5d\x5f-\x7e]*)*)"
    r":([^\x00-\x1f\x7f]*)"  # the value
)
"""A content line whose parameters are plain: name, parameters, value."""
_ESCAPE = re.compile(r"\\([\\,;:nN])")
"""A backslash escape icalendar reads in any value (RFC 5545 3.3.11)."""
_DIGITS = 9
"""The most digits a SEQUENCE we read may have."""


class Blocks(Struct, frozen=True):
    """A previous calendar file, split."""

    data: bytes
    """The whole file."""
    prodid: str
    """Its PRODID."""
    identity: str
    """Its X-USCE-CAL-ID (or, in files written before that property, its UID)."""
    entries: dict[str, bytes]
    """Each event's (or task's) folded bytes, by UID, in file order."""


def split(data: bytes) -> Blocks | None:
    """``data`` split into its events, or ``None`` if it is not plainly one calendar."""
    if not data.startswith(BEGIN) or not data.endswith(b"\r\n" + END):
        return None
    if data.count(b"\n") != data.count(b"\r\n") or data.count(b"\r") != data.count(b"\r\n"):
        return None
    try:
        header, entries = _walk(data)
    except (_UnsplittableError, UnicodeDecodeError, ValueError):
        return None
    identity = header.get("X-USCE-CAL-ID", header.get("UID", ""))
    return Blocks(
        data=data,
        prodid=header.get("PRODID", ""),
        identity=identity,
        entries=entries,
    )


class _UnsplittableError(Exception):
    """The file is not laid out as usce-cal writes calendars."""


def _walk(data: bytes) -> tuple[dict[str, str], dict[str, bytes]]:
    """The calendar's own properties, and each event's bytes by UID."""
    header: dict[str, str] = {}
    entries: dict[str, bytes] = {}
    depth, start, uid, name = 0, 0, "", ""
    for begin, end, line in _logical_lines(data, len(BEGIN), len(data) - len(END)):
        _check(line, depth, name)
        if line.startswith("BEGIN:"):
            if depth == 0:
                start, uid, name = begin, "", line[6:]
            depth += 1
        elif line.startswith("END:"):
            depth -= 1
            if depth == 0 and name in ENTRIES:
                _add(entries, uid, data[start:end])
        elif depth == 0:
            key, value = _property(line)
            header[key] = value
        elif depth == 1 and name in ENTRIES:
            uid = _uid(line) or uid
        if depth < 0:
            raise _UnsplittableError
    if depth != 0:
        raise _UnsplittableError
    return header, entries


def _check(line: str, depth: int, name: str) -> None:
    """Refuse what icalendar would read differently: a name not in upper case (icalendar
    reads any case), an event inside another component (icalendar finds it there) or,
    except among an event's own properties (compared as bytes later), a line icalendar
    would refuse. ``name`` is the outermost component ``line`` is in, ``depth`` how deep."""
    prop = line.partition(":")[0].partition(";")[0]
    if prop != prop.upper() or (prop in ("BEGIN", "END") and line != line.upper()):
        raise _UnsplittableError
    if depth > 0 and prop == "BEGIN" and line[6:] in ENTRIES:
        raise _UnsplittableError
    if not (depth == 1 and name == "VEVENT"):
        _parts(line)


def _property(line: str) -> tuple[str, str]:
    """A calendar property's name and value; the ones we read may have no parameters."""
    key, params, value = _parts(line)
    if params and key in ("PRODID", "X-USCE-CAL-ID", "UID"):
        raise _UnsplittableError
    return key, value


def _parts(line: str) -> tuple[str, dict[str, str], str]:
    """A content line's name, parameters and (unescaped) value, as icalendar reads them.

    A line with plain parameters (printable ASCII without spaces, quotes or carets; every
    line usce-cal writes outside its events) is read here; any other by icalendar's own
    parser.
    """
    plain = _PLAIN.fullmatch(line)
    if plain is not None:
        params = dict(param.split("=", 1) for param in plain[2].split(";")[1:])
        value = _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], plain[3])
        return plain[1], params, value
    from icalendar.parser import Contentline

    name, params, value = Contentline(line).parts()  # type: ignore[no-untyped-call]
    return str(name), dict(params), str(value)


def _add(entries: dict[str, bytes], uid: str, block: bytes) -> None:
    if not uid or uid in entries:  # no UID, or two events with one: icalendar decides
        raise _UnsplittableError
    entries[uid] = block


def _uid(line: str) -> str:
    """The UID a line of an event gives, or ``""`` if it is another property."""
    if line.partition(":")[0].partition(";")[0] != "UID":
        return ""
    if not line.startswith("UID:"):
        raise _UnsplittableError
    return _parts(line)[2]  # unescaped, as icalendar reads it


def stamps(block: bytes) -> Stamp | None:
    """An event's DTSTAMP, LAST-MODIFIED and SEQUENCE, or ``None`` if they are not written
    as usce-cal writes them (UTC times, a plain number)."""
    found: dict[str, str] = {}
    text = block.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    for raw in text.split(b"\r\n")[1:]:
        if raw.startswith(b"BEGIN:"):
            break
        key, _, value = raw.partition(b":")
        if key.partition(b";")[0] in _STAMPS:
            if key not in _STAMPS or key.decode() in found:  # parameters, or twice: icalendar
                return None
            found[key.decode()] = value.decode("ascii", "replace")
    created = _moment(found.get("DTSTAMP"))
    modified = _moment(found.get("LAST-MODIFIED", found.get("DTSTAMP")))
    sequence = found.get("SEQUENCE", "0")
    if created is None or modified is None or not sequence.isdigit() or len(sequence) > _DIGITS:
        return None
    return Stamp(created, modified, int(sequence))


def facts(block: bytes) -> tuple[date, bool] | None:
    """An event's first day (DTSTART; a task's DUE) and whether it is cancelled, as
    icalendar reads them, or ``None`` if they are not written as usce-cal writes them."""
    lines = _logical_lines(block, 0, len(block))
    kind = lines[0][2].removeprefix("BEGIN:") if lines else ""
    wanted = {"VEVENT": "DTSTART", "VTODO": "DUE"}.get(kind)
    day, cancelled = None, False
    for _, _, line in lines[1:]:
        if line.startswith(("BEGIN:", "END:")):
            break  # the entry's own properties come before its alarms
        try:
            name, _, value = _parts(line)
        except (ValueError, IndexError, KeyError):  # a line icalendar skips: let it read all
            return None
        if name == wanted:
            day = _day(value)
        elif name == "STATUS":
            if value not in _STATUSES:
                return None
            cancelled = value == "CANCELLED"
    return (day, cancelled) if day is not None else None


_STAMPS = (b"DTSTAMP", b"LAST-MODIFIED", b"SEQUENCE")
_STATUSES = frozenset(("TENTATIVE", "CONFIRMED", "CANCELLED", "NEEDS-ACTION", "COMPLETED"))
_DAY = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T\d{6}Z?)?")


def _day(value: str) -> date | None:
    found = _DAY.fullmatch(value)
    if found is None:
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def _moment(value: str | None) -> datetime | None:
    match = _MOMENT.fullmatch(value or "")
    if match is None:
        return None
    year, month, day, hour, minute, second = map(int, match.groups())
    try:  # read by hand: strptime takes 20 times as long, and loads its module and locale
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError:
        return None


def _logical_lines(data: bytes, first: int, stop: int) -> list[tuple[int, int, str]]:
    """Each unfolded content line between ``first`` and ``stop``: where its bytes begin,
    where they end (after the CRLF), and its text."""
    found: list[tuple[int, int, str]] = []
    parts: list[bytes] = []
    begin = at = first
    while at < stop:
        end = data.index(b"\r\n", at) + 2
        physical = data[at : end - 2]
        if physical[:1] in (b" ", b"\t") and parts:
            parts.append(physical[1:])
        else:
            if parts:
                found.append((begin, at, _text(parts)))
            parts, begin = [physical], at
        at = end
    if parts:
        found.append((begin, stop, _text(parts)))
    return found


def _text(parts: list[bytes]) -> str:
    return b"".join(parts).decode("utf-8")
