"""Property values written as icalendar writes them: date-times, UTC offsets, durations (an
alarm's TRIGGER, REFRESH-INTERVAL), repeat rules (RRULE) and the zones whose times are
written in UTC.

tests/test_serialize.py compares each with icalendar's own ``to_ical()`` for generated
values (and, for the zones, every zone the system knows), so the calendars keep the bytes
they had when icalendar wrote them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

RULE_ORDER = (
    "RSCALE", "FREQ", "UNTIL", "COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
    "BYWEEKDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST", "SKIP",
)  # fmt: skip
"""The order of a rule's parts (RFC 5545 3.3.10's, as icalendar writes them)."""
_NUMBERS = frozenset(
    ("COUNT", "INTERVAL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYWEEKNO", "BYMONTHDAY",
     "BYYEARDAY", "BYSETPOS", "BYMONTH")
)  # fmt: skip
_WORDS = frozenset(("FREQ", "BYDAY", "BYWEEKDAY", "WKST"))

UTC_ZONES = frozenset(
    ("UTC", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu", "UCT", "Universal", "Zulu",
     "GMT", "GMT+0", "GMT-0", "GMT0", "Greenwich", "Etc/GMT", "Etc/GMT+0", "Etc/GMT-0",
     "Etc/GMT0", "Etc/Greenwich", "Iceland", "Atlantic/Reykjavik", "Atlantic/St_Helena",
     "Africa/Abidjan", "Africa/Accra", "Africa/Bamako", "Africa/Banjul", "Africa/Conakry",
     "Africa/Dakar", "Africa/Freetown", "Africa/Lome", "Africa/Nouakchott",
     "Africa/Ouagadougou", "Africa/Timbuktu")
)  # fmt: skip
"""Zones icalendar holds equal to UTC: their times are written with ``Z``, not a TZID."""


def date_time(moment: datetime) -> str:
    """A DATE-TIME value without its zone (RFC 5545 3.3.5): ``20270314T020000``."""
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )


def utc_offset(offset: timedelta) -> str:
    """A UTC-OFFSET value (RFC 5545 3.3.14): ``+0530``, ``-0500``, seconds when there are."""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours:02}{minutes:02}" + (f"{seconds:02}" if seconds else "")


def duration(value: timedelta) -> str:
    """A DURATION value (RFC 5545 3.3.6): ``PT12H``, ``-P7D``, ``P0D``."""
    sign = "-" if value.days < 0 else ""
    value = -value if value.days < 0 else value
    time = ""
    if value.seconds:
        hours, rest = divmod(value.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        time = "T" + (f"{hours}H" if hours else "")
        time += f"{minutes}M" if minutes or (hours and seconds) else ""
        time += f"{seconds}S" if seconds else ""
    if value.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{value.days}D{time}"


def rule(text: str) -> str:
    """A repeat rule with its parts in order, numbers without signs or leading zeros and
    names in capitals."""
    parts: dict[str, list[str]] = {}
    for pair in text.split(";"):
        if pair.count("=") != 1:  # such as an empty part after a trailing semicolon
            continue
        key, values = pair.split("=")
        name = key.upper()
        parts[name] = [_part(name, value) for value in values.split(",")]
    ordered = [n for n in RULE_ORDER if n in parts] + sorted(set(parts) - set(RULE_ORDER))
    return ";".join(f"{name}={','.join(parts[name])}" for name in ordered)


def _part(name: str, value: str) -> str:
    if name in _NUMBERS:
        return str(int(value))
    return value.upper() if name in _WORDS else value
