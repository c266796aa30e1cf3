"""The rules `usce-cal lint` checks: on the raw lines, then on the components they make up.

Each check reports a :class:`Violation`, a rule broken at a line; ``usce_cal.calendar.lint``
names the file and adds what data/lint_rules.toml says about the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from msgspec import Struct, field

from usce_cal.calendar.lint_items import check_items
from usce_cal.calendar.lint_model import ContentLine, Item, Violation
from usce_cal.calendar.refresh import MAX_SIZE

MAX_OCTETS = 75
"""Longest content line, in octets without the CRLF, before it must be folded (RFC 5545 3.1)."""
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "COMMENT", "X-ALT-DESC", "CATEGORIES"}
"""Properties whose values are TEXT, so must escape ``;`` and ``,`` (RFC 5545 3.3.11)."""
CALENDAR_TEXT = {"NAME", "DESCRIPTION", "X-WR-CALNAME", "X-WR-CALDESC"}
"""The calendar's own TEXT properties (RFC 7986 5.1, 5.2, and their X-WR- copies)."""
ITEMS = {"VEVENT", "VTODO"}
"""Components the per-item rules check."""
FOLD_PREFIXES = (b" ", b"\t")
"""What starts a continuation line: the one space or tab that unfolding removes."""
MAX_SPLIT_OCTETS = 3
"""Most octets of one UTF-8 character a fold can leave on either side of it.

A character takes at most four octets, so a fold inside it leaves at most three of them at the
end of one line or after the fold on the next.
"""
_ESCAPE = re.compile(r"\\(.)|[;,]")
_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")
"""Octets RFC 5545 3.1 allows in no content line (a tab is allowed)."""
_DATE = re.compile(r"^\d{8}$")
_DATE_TIME = re.compile(r"^\d{8}T\d{6}(Z?)$")


def check_lines(size: int, physical: list[bytes]) -> Iterator[Violation]:
    """The file's ``size``, then line ends, lengths and UTF-8 (and folds splitting it) per line.

    ``physical``: the file's lines split at LF, each still carrying any CR.
    """
    if size > MAX_SIZE:
        yield Violation(0, "size", f"{size:,} bytes")
    split_before = False
    for number, raw in enumerate(physical, start=1):
        octets = raw.removesuffix(b"\r")
        if octets == raw:
            yield Violation(number, "crlf", "line ends with LF only")
        if len(octets) > MAX_OCTETS:
            yield Violation(number, "line-length", f"{len(octets)} octets")
        if control := _CONTROL.search(octets):
            yield Violation(
                number,
                "control-character",
                f"octet 0x{control.group()[0]:02X} at {control.start() + 1}",
            )
        error = _utf8_error(octets)
        folded = number < len(physical) and physical[number].startswith(FOLD_PREFIXES)
        if error is not None:
            yield from _encoding(octets, error, number, split_before=split_before, folded=folded)
        split_before = error is not None and folded


def _utf8_error(octets: bytes) -> int | None:
    """Index of the first octet that is not valid UTF-8, or None when all are."""
    try:
        octets.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def _encoding(
    octets: bytes, error: int, number: int, *, split_before: bool, folded: bool
) -> Iterator[Violation]:
    """The violation for invalid UTF-8 at index ``error`` of a line, unless a fold explains it.

    ``split_before``: the previous line's fold split a character; ``folded``: this one's does.
    """
    if split_before and error <= MAX_SPLIT_OCTETS:
        return  # the rest of the character the fold split, already reported
    if folded and error >= len(octets) - MAX_SPLIT_OCTETS:
        yield Violation(
            number,
            "fold-splits-character",
            f"the fold after octet {len(octets)} splits a character",
        )
    else:
        yield Violation(number, "encoding", f"invalid UTF-8 at byte {error + 1}")


class _Walk(Struct):
    """What one pass over the content lines collects for the calendar and item rules."""

    stack: list[str] = field(default_factory=list)
    """Components open at this point, outermost first."""
    calendars: int = 0
    top: dict[str, ContentLine] = field(default_factory=dict)
    """First of each VCALENDAR property, by name."""
    items: list[Item] = field(default_factory=list)
    tzids_defined: set[str] = field(default_factory=set)
    tzids_used: list[tuple[int, str]] = field(default_factory=list)
    found: list[Violation] = field(default_factory=list)

    def begin(self, cl: ContentLine) -> None:
        """Open a component, counting calendars, items and each item's alarms."""
        component = cl.value.upper()
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(component)
        if component == "VCALENDAR":
            self.calendars += 1
        elif component in ITEMS:
            self.items.append(Item(cl.line, component))
        elif component == "VALARM" and self.items and parent in ITEMS:
            self.items[-1].alarms += 1

    def end(self, cl: ContentLine) -> None:
        """Close the innermost component, or report the END that does not match it."""
        if self.stack and self.stack[-1] == cl.value.upper():
            self.stack.pop()
            return
        closes = self.stack[-1] if self.stack else "anything"
        self.found.append(
            Violation(cl.line, "structure", f"END:{cl.value} does not close {closes}")
        )

    def prop(self, cl: ContentLine) -> None:
        """Record a property where its component's rules will look, and check its escaping."""
        where = self.stack[-1] if self.stack else ""
        if where == "VCALENDAR":
            self.top.setdefault(cl.name, cl)
        elif where in ITEMS and self.items:
            self.items[-1].props.setdefault(cl.name, cl)
        elif where == "VTIMEZONE" and cl.name == "TZID":
            self.tzids_defined.add(cl.value)
        if "TZID" in cl.params:
            self.tzids_used.append((cl.line, cl.params["TZID"]))
        if where in ITEMS or where == "VALARM":
            self.found += _escaping(cl, TEXT_PROPERTIES)
        elif where == "VCALENDAR":
            self.found += _escaping(cl, CALENDAR_TEXT)


def check_components(lines: list[ContentLine]) -> list[Violation]:
    """Component nesting and every per-calendar and per-item rule."""
    walk = _Walk()
    for cl in lines:
        if cl.name == "BEGIN":
            walk.begin(cl)
        elif cl.name == "END":
            walk.end(cl)
        else:
            walk.prop(cl)
    found = walk.found
    if walk.stack:
        last = lines[-1].line if lines else 0
        found.append(Violation(last, "structure", f"BEGIN:{walk.stack[-1]} is never closed"))
    found += _calendar(walk)
    found += (
        Violation(line, "timezone", f'no VTIMEZONE for TZID "{tzid}"')
        for line, tzid in walk.tzids_used
        if tzid not in walk.tzids_defined
    )
    found += check_items(walk.items, method=walk.top.get("METHOD"))
    return found


def _calendar(walk: _Walk) -> list[Violation]:
    """The rules for the file as a whole: one VCALENDAR, its VERSION, PRODID and METHOD, and
    no UID of its own."""
    found: list[Violation] = []
    if (uid := walk.top.get("UID")) is not None:
        found.append(Violation(uid.line, "calendar-uid", f"UID:{uid.value}"))
    if walk.calendars != 1:
        found.append(Violation(0, "one-calendar", f"{walk.calendars} VCALENDAR components"))
    if walk.top.get("VERSION") is None or walk.top["VERSION"].value != "2.0":
        found.append(Violation(0, "version", "VERSION:2.0 missing"))
    if walk.top.get("PRODID") is None:
        found.append(Violation(0, "prodid", "PRODID missing"))
    method = walk.top.get("METHOD")
    if method is not None and method.value.upper() != "PUBLISH":
        found.append(Violation(method.line, "method", f"METHOD:{method.value}"))
    return found


def _escaping(cl: ContentLine, text: set[str]) -> list[Violation]:
    """The first unescaped ``;`` or ``,`` or unknown escape in a TEXT property (one of
    ``text``), if any."""
    if cl.name not in text:
        return []
    for match in _ESCAPE.finditer(cl.value):
        escaped = match.group(1)
        if escaped is None and not (cl.name == "CATEGORIES" and match.group(0) == ","):
            return [
                Violation(cl.line, "escaping", f"{cl.name} has an unescaped '{match.group(0)}'")
            ]
        if escaped is not None and escaped not in "\\;,nN":
            return [Violation(cl.line, "escaping", f"{cl.name} has the escape '\\{escaped}'")]
    return []
