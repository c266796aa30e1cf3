"""The rules `usce-cal lint` checks on each VEVENT and VTODO: identity, stamps, times, repeat
rules and what a published task needs.

Local times are judged against the zone database when their TZID names an IANA zone (the
VTIMEZONE a file carries is checked to be there by the ``timezone`` rule).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from usce_cal.calendar.lint_model import ContentLine, Item, Violation
from usce_cal.plan.local_times import exists, resolved, twice

_DATE = re.compile(r"^\d{8}$")
_DATE_TIME = re.compile(r"^\d{8}T\d{6}(Z?)$")
TIMES = ("DTSTART", "DTEND", "DUE", "RECURRENCE-ID")
"""Properties holding an item's own times."""


def check_items(items: list[Item], *, method: ContentLine | None) -> list[Violation]:
    """Each item's UID (present, unique), UTC DTSTAMP, times, repeat rule and alarms."""
    found: list[Violation] = []
    seen: dict[str, int] = {}
    publish = method is not None and method.value.upper() == "PUBLISH"
    for item in items:
        uid = item.props.get("UID")
        if uid is None or not uid.value:
            found.append(Violation(item.line, "uid", "no UID"))
        elif uid.value in seen:
            found.append(
                Violation(uid.line, "uid-unique", f"UID {uid.value} also on line {seen[uid.value]}")
            )
        else:
            seen[uid.value] = uid.line
        found += _stamp(item)
        found += _dates(item)
        found += _local_times(item)
        found += _order(item)
        found += _rule(item)
        if publish and item.kind == "VTODO":
            missing = [name for name in ("DTSTART", "PRIORITY") if name not in item.props]
            if missing:
                found.append(Violation(item.line, "todo-publish", f"no {' or '.join(missing)}"))
        if item.alarms > 1:
            found.append(Violation(item.line, "alarms", f"{item.alarms} alarms"))
    return found


def _stamp(item: Item) -> list[Violation]:
    stamp = item.props.get("DTSTAMP")
    if stamp is not None and stamp.value.endswith("Z"):
        return []
    line = stamp.line if stamp else item.line
    return [
        Violation(line, "dtstamp-utc", "no DTSTAMP" if stamp is None else f"DTSTAMP:{stamp.value}")
    ]


def _is_date(cl: ContentLine) -> bool:
    return cl.params.get("VALUE", "").upper() == "DATE" or _DATE.match(cl.value) is not None


def _dates(item: Item) -> list[Violation]:
    """All-day dates marked VALUE=DATE and ending after they start; no floating times."""
    found: list[Violation] = []
    start, end = item.props.get("DTSTART"), item.props.get("DTEND") or item.props.get("DUE")
    for cl in (start, end):
        if cl is None:
            continue
        is_date = cl.params.get("VALUE", "").upper() == "DATE"
        if _DATE.match(cl.value) and not is_date:
            found.append(Violation(cl.line, "all-day", f"{cl.name}:{cl.value} lacks VALUE=DATE"))
        elif (
            (moment := _DATE_TIME.match(cl.value))
            and not moment.group(1)
            and "TZID" not in cl.params
        ):
            found.append(Violation(cl.line, "floating-time", f"{cl.name}:{cl.value}"))
    all_day = start is not None and end is not None and end.name == "DTEND" and _is_date(start)
    if all_day and start and end and (not _is_date(end) or end.value[:8] <= start.value[:8]):
        found.append(
            Violation(
                end.line,
                "all-day",
                f"DTEND:{end.value} is not a date after DTSTART:{start.value}",
            )
        )
    return found


def _zone(cl: ContentLine) -> ZoneInfo | None:
    """The IANA zone a time's TZID names, if it names one."""
    name = cl.params.get("TZID")
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _local(cl: ContentLine) -> datetime | None:
    """A DATE-TIME value as a naive local time (``None`` for a date or a UTC time)."""
    found = _DATE_TIME.match(cl.value)
    if found is None or found.group(1):
        return None
    try:
        return datetime.strptime(cl.value, "%Y%m%dT%H%M%S")
    except ValueError:
        return None


def _local_times(item: Item) -> list[Violation]:
    """Local times a clock change skips (an error) or shows twice (a warning)."""
    found: list[Violation] = []
    for name in TIMES:
        cl = item.props.get(name)
        zone = _zone(cl) if cl is not None else None
        local = _local(cl) if cl is not None else None
        if cl is None or zone is None or local is None:
            continue
        where = f"{name}:{cl.value} in {zone.key}"
        if not exists(local, zone):
            found.append(Violation(cl.line, "nonexistent-time", f"{where} does not exist"))
        elif twice(local, zone):
            found.append(Violation(cl.line, "ambiguous-time", f"{where} happens twice"))
    return found


def _instant(cl: ContentLine) -> datetime | None:
    """A DATE-TIME as an instant: UTC, or local in an IANA zone (first occurrence); a
    floating time as itself."""
    found = _DATE_TIME.match(cl.value)
    if found is None:
        return None
    try:
        moment = datetime.strptime(cl.value[:15], "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    if found.group(1):
        return moment.replace(tzinfo=UTC)
    zone = _zone(cl)
    if zone is not None:
        return resolved(moment, zone)
    return None if "TZID" in cl.params else moment


def _order(item: Item) -> list[Violation]:
    """A timed end after its start (a task may be due when it starts)."""
    start = item.props.get("DTSTART")
    end = item.props.get("DTEND") if item.kind == "VEVENT" else item.props.get("DUE")
    if start is None or end is None:
        return []
    begins, ends = _instant(start), _instant(end)
    if begins is None or ends is None or (begins.tzinfo is None) != (ends.tzinfo is None):
        return []
    if ends < begins or (ends == begins and item.kind == "VEVENT"):
        return [
            Violation(
                end.line,
                "end-before-start",
                f"{end.name}:{end.value} is not after DTSTART:{start.value}",
            )
        ]
    return []


def _rule(item: Item) -> list[Violation]:
    """RRULE: COUNT and INTERVAL of at least 1; UNTIL in the type of DTSTART."""
    rrule, start = item.props.get("RRULE"), item.props.get("DTSTART")
    if rrule is None:
        return []
    parts = dict(part.partition("=")[::2] for part in rrule.value.upper().split(";"))
    found = [
        Violation(rrule.line, "rrule-values", f"{name}={parts[name]}")
        for name in ("COUNT", "INTERVAL")
        if name in parts and not (parts[name].isdigit() and int(parts[name]) >= 1)
    ]
    until = parts.get("UNTIL")
    if until is None or start is None:
        return found
    if _is_date(start):
        wanted, right = "a date", _DATE.match(until) is not None
    elif start.value.endswith("Z") or "TZID" in start.params:
        wanted, right = "a UTC time (…Z)", until.endswith("Z") and "T" in until
    else:
        wanted, right = "a local time", "T" in until and not until.endswith("Z")
    if not right:
        found.append(
            Violation(rrule.line, "until-type", f"UNTIL={until} should be {wanted}, as DTSTART is")
        )
    return found
