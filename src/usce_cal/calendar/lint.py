"""Checking any .ics file against the rules calendar clients need.

A linter has to see what parsers forgive: raw line ends, fold points and escapes. So this
reads the bytes itself, keeps each content line's physical line number, and reports every
finding with the line, the rule (data/lint_rules.toml) and the clients it breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from usce_cal.guide.resources import load_data

MAX_OCTETS = 75
MAX_SIZE = 1_000_000
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "X-ALT-DESC", "CATEGORIES"}
ITEMS = {"VEVENT", "VTODO"}
_ESCAPE = re.compile(r"\\(.)|[;,]")
_DATE = re.compile(r"^\d{8}$")
_DATE_TIME = re.compile(r"^\d{8}T\d{6}(Z?)$")


@dataclass(frozen=True)
class Finding:
    """One rule broken at one place."""

    file: str
    """The file as named on the command line."""
    line: int
    """Physical line where the content line starts (1-based); 0 for the whole file."""
    rule: str
    """Rule id, such as ``crlf``."""
    severity: str
    """error or warning."""
    message: str
    """What is wrong here."""
    clients: str
    """Which clients it breaks."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.severity}: {self.rule}: {self.message} (breaks: {self.clients})"


@dataclass(frozen=True)
class ContentLine:
    """One unfolded content line."""

    line: int
    """Physical line it starts on."""
    name: str
    """Property name, upper case."""
    params: dict[str, str]
    """Parameters, names upper case."""
    value: str
    """Raw value (still escaped)."""


@dataclass
class _Item:
    """What the checks need to know about one VEVENT or VTODO."""

    line: int
    props: dict[str, ContentLine] = field(default_factory=dict)
    alarms: int = 0


def lint_file(path: Path, *, shown: str | None = None) -> list[Finding]:
    """Every finding in the file at ``path``."""
    name = shown or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [_finding(name, 0, "encoding", f"cannot read the file: {exc.strerror}")]
    return lint_bytes(data, name)


def lint_bytes(data: bytes, name: str) -> list[Finding]:
    """Every finding in calendar ``data``; ``name`` names it in messages."""
    findings: list[Finding] = []
    if len(data) > MAX_SIZE:
        findings.append(_finding(name, 0, "size", f"{len(data):,} bytes"))
    lines = list(_content_lines(data, name, findings))
    findings += _structure(lines, name)
    return sorted(findings, key=lambda f: (f.line, f.rule))


def _content_lines(data: bytes, name: str, findings: list[Finding]) -> Iterator[ContentLine]:
    """Unfold ``data`` into content lines, reporting line ends, lengths and folds."""
    physical = data.split(b"\n")
    if physical and physical[-1] == b"":
        physical.pop()
    start, parts = 0, list[bytes]()
    split_before = False
    for number, raw in enumerate(physical, start=1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        else:
            findings.append(_finding(name, number, "crlf", "line ends with LF only"))
        if len(raw) > MAX_OCTETS:
            findings.append(_finding(name, number, "line-length", f"{len(raw)} octets"))
        try:
            raw.decode("utf-8")
            split_before = False
        except UnicodeDecodeError as exc:
            folded = number < len(physical) and physical[number].startswith((b" ", b"\t"))
            if split_before and exc.start <= 3:
                pass  # the rest of the character the fold split, already reported
            elif folded and exc.start >= len(raw) - 3:
                findings.append(
                    _finding(
                        name,
                        number,
                        "fold-splits-character",
                        f"the fold after octet {len(raw)} splits a character",
                    )
                )
            else:
                findings.append(
                    _finding(name, number, "encoding", f"invalid UTF-8 at byte {exc.start + 1}")
                )
            split_before = folded
        if raw.startswith((b" ", b"\t")) and parts:
            parts.append(raw[1:])
            continue
        if parts:
            yield _parse(b"".join(parts), start)
        start, parts = number, [raw]
    if parts:
        yield _parse(b"".join(parts), start)


def _parse(raw: bytes, line: int) -> ContentLine:
    text = raw.decode("utf-8", errors="replace")
    head, value = _split_unquoted(text, ":")
    name, *params = _split_all_unquoted(head, ";")
    parsed = {}
    for param in params:
        key, _, val = param.partition("=")
        parsed[key.upper()] = val.strip('"')
    return ContentLine(line, name.upper(), parsed, value)


def _split_unquoted(text: str, sep: str) -> tuple[str, str]:
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == sep and not quoted:
            return text[:index], text[index + 1 :]
    return text, ""


def _split_all_unquoted(text: str, sep: str) -> list[str]:
    parts = []
    while True:
        head, rest = _split_unquoted(text, sep)
        parts.append(head)
        if head == text:
            return parts
        text = rest


def _structure(lines: list[ContentLine], name: str) -> list[Finding]:
    """Component nesting and every per-calendar and per-item rule."""
    found: list[Finding] = []
    stack: list[str] = []
    calendars = 0
    top: dict[str, ContentLine] = {}
    items: list[_Item] = []
    tzids_defined: set[str] = set()
    tzids_used: list[tuple[int, str]] = []
    for cl in lines:
        if cl.name == "BEGIN":
            stack.append(cl.value.upper())
            if cl.value.upper() == "VCALENDAR":
                calendars += 1
            elif cl.value.upper() in ITEMS:
                items.append(_Item(cl.line))
            elif cl.value.upper() == "VALARM" and items and len(stack) >= 2 and stack[-2] in ITEMS:
                items[-1].alarms += 1
            continue
        if cl.name == "END":
            if not stack or stack[-1] != cl.value.upper():
                found.append(
                    _finding(
                        name,
                        cl.line,
                        "structure",
                        f"END:{cl.value} does not close {stack[-1] if stack else 'anything'}",
                    )
                )
            else:
                stack.pop()
            continue
        where = stack[-1] if stack else ""
        if where == "VCALENDAR":
            top.setdefault(cl.name, cl)
        elif where in ITEMS and items:
            items[-1].props.setdefault(cl.name, cl)
        elif where == "VTIMEZONE" and cl.name == "TZID":
            tzids_defined.add(cl.value)
        if "TZID" in cl.params:
            tzids_used.append((cl.line, cl.params["TZID"]))
        if where in ITEMS or where == "VALARM":
            found += _escaping(cl, name)
    if stack:
        found.append(
            _finding(
                name,
                lines[-1].line if lines else 0,
                "structure",
                f"BEGIN:{stack[-1]} is never closed",
            )
        )
    if calendars != 1:
        found.append(_finding(name, 0, "one-calendar", f"{calendars} VCALENDAR components"))
    if top.get("VERSION") is None or top["VERSION"].value != "2.0":
        found.append(_finding(name, 0, "version", "VERSION:2.0 missing"))
    if top.get("PRODID") is None:
        found.append(_finding(name, 0, "prodid", "PRODID missing"))
    method = top.get("METHOD")
    if method is not None and method.value.upper() != "PUBLISH":
        found.append(_finding(name, method.line, "method", f"METHOD:{method.value}"))
    for line, tzid in tzids_used:
        if tzid not in tzids_defined:
            found.append(_finding(name, line, "timezone", f'no VTIMEZONE for TZID "{tzid}"'))
    found += _items(items, name)
    return found


def _escaping(cl: ContentLine, name: str) -> list[Finding]:
    if cl.name not in TEXT_PROPERTIES:
        return []
    for match in _ESCAPE.finditer(cl.value):
        escaped = match.group(1)
        if escaped is None and not (cl.name == "CATEGORIES" and match.group(0) == ","):
            return [
                _finding(
                    name, cl.line, "escaping", f"{cl.name} has an unescaped '{match.group(0)}'"
                )
            ]
        if escaped is not None and escaped not in "\\;,nN":
            return [_finding(name, cl.line, "escaping", f"{cl.name} has the escape '\\{escaped}'")]
    return []


def _items(items: list[_Item], name: str) -> list[Finding]:
    found: list[Finding] = []
    seen: dict[str, int] = {}
    for item in items:
        uid = item.props.get("UID")
        if uid is None or not uid.value:
            found.append(_finding(name, item.line, "uid", "no UID"))
        elif uid.value in seen:
            found.append(
                _finding(
                    name, uid.line, "uid-unique", f"UID {uid.value} also on line {seen[uid.value]}"
                )
            )
        else:
            seen[uid.value] = uid.line
        stamp = item.props.get("DTSTAMP")
        if stamp is None or not stamp.value.endswith("Z"):
            line = stamp.line if stamp else item.line
            found.append(
                _finding(
                    name,
                    line,
                    "dtstamp-utc",
                    "no DTSTAMP" if stamp is None else f"DTSTAMP:{stamp.value}",
                )
            )
        found += _times(item, name)
        if item.alarms > 1:
            found.append(_finding(name, item.line, "alarms", f"{item.alarms} alarms"))
    return found


def _times(item: _Item, name: str) -> list[Finding]:
    found: list[Finding] = []
    start, end = item.props.get("DTSTART"), item.props.get("DTEND") or item.props.get("DUE")
    for cl in (start, end):
        if cl is None:
            continue
        is_date = cl.params.get("VALUE", "").upper() == "DATE"
        if _DATE.match(cl.value) and not is_date:
            found.append(
                _finding(name, cl.line, "all-day", f"{cl.name}:{cl.value} lacks VALUE=DATE")
            )
        elif (
            (moment := _DATE_TIME.match(cl.value))
            and not moment.group(1)
            and "TZID" not in cl.params
        ):
            found.append(_finding(name, cl.line, "floating-time", f"{cl.name}:{cl.value}"))
    if start is not None and end is not None and end.name == "DTEND":
        start_date = start.params.get("VALUE", "").upper() == "DATE" or _DATE.match(start.value)
        end_date = end.params.get("VALUE", "").upper() == "DATE" or _DATE.match(end.value)
        if start_date and (not end_date or end.value[:8] <= start.value[:8]):
            found.append(
                _finding(
                    name,
                    end.line,
                    "all-day",
                    f"DTEND:{end.value} is not a date after DTSTART:{start.value}",
                )
            )
    return found


def _finding(file: str, line: int, rule: str, message: str) -> Finding:
    spec = load_data("lint_rules.toml")[rule]
    return Finding(
        file, line, rule, spec["severity"], f"{spec['text']}: {message}", spec["clients"]
    )
