"""Recurrence rules a cohort event may have: checked, put in the form RFC 5545 asks, and
expanded only so far.

A cohort calendar needs repeats by day, week, month or year. Each frequency allows only the
parts that can never leave a rule without occurrences (a day every month has, a weekday
without a position that some months lack), so expanding one always finds its days quickly;
COUNT and UNTIL have limits. ``UNTIL`` takes the type of the start (RFC 5545 3.3.10): a date
for an all-day event, a UTC time (``…Z``) for a timed one; a local time or a date given for
a timed event is converted.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice, takewhile
from zoneinfo import ZoneInfo

from usce_cal.plan.local_times import resolved

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
"""How often a cohort event may repeat: nothing finer than a day."""
PARTS: dict[str, tuple[str, ...]] = {
    "DAILY": ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY"),
    "WEEKLY": ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "WKST"),
    "MONTHLY": ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY"),
    "YEARLY": ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH"),
}
"""The parts each frequency allows."""
MAX_COUNT = 500
"""Most repeats a rule may give."""
MAX_INTERVAL = 100
"""Largest INTERVAL."""
HORIZON = timedelta(days=2 * 366)
"""Longest time from the start to UNTIL, and how far ahead an endless rule is expanded."""
MOST_DAYS = 2 * 366 + 1
"""Most days an expansion looks at: a daily rule over ``HORIZON``."""

MONTHS = 12
"""Months in a year: BYMONTH values run from 1 to this."""
DAYS_EVERY_MONTH_HAS = 28
"""BYMONTHDAY values run from 1 to this (or back from the end), so every month has them."""
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY = re.compile(r"([+-]?[1-4])?(MO|TU|WE|TH|FR|SA|SU)")
_UNTIL = re.compile(r"(\d{8})(?:T(\d{6})(Z?))?")


class RuleError(ValueError):
    """A recurrence rule that cannot be used; the message says what would be valid."""


def checked_rule(text: str, start: date, zone: ZoneInfo) -> str:
    """``text`` as the rule to write for an event starting at ``start`` (a date, or a
    naive local time in ``zone``): parts upper-cased, UNTIL in the start's type."""
    parts = _parts(text.strip().upper().removeprefix("RRULE:"))
    frequency = parts.get("FREQ")
    if frequency is None:
        raise RuleError("no FREQ; start with FREQ=DAILY, WEEKLY, MONTHLY or YEARLY")
    if frequency not in FREQUENCIES:
        raise RuleError(
            f"FREQ={frequency} is not allowed; use FREQ=DAILY, WEEKLY, MONTHLY or YEARLY"
        )
    for name in parts:
        if name not in PARTS[frequency]:
            raise RuleError(
                f"{name} is not allowed with FREQ={frequency}; use {', '.join(PARTS[frequency])}"
            )
    _check_numbers(parts)
    _check_days(parts, frequency)
    if "UNTIL" in parts:
        parts["UNTIL"] = _until(parts["UNTIL"], start, zone)
    rule = ";".join(f"{name}={value}" for name, value in parts.items())
    _check_start(rule, start, zone)
    return rule


def _parts(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for part in text.split(";"):
        name, equals, value = part.partition("=")
        if not (equals and re.fullmatch(r"[A-Z]+", name) and value):
            raise RuleError(
                f'"{part}" is not a NAME=VALUE part of a recurrence rule;'
                ' write parts such as "FREQ=WEEKLY;COUNT=10"'
            )
        if name in parts:
            raise RuleError(f"{name} is given twice; give it once")
        parts[name] = value
    return parts


def _check_numbers(parts: dict[str, str]) -> None:
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleError("COUNT and UNTIL cannot both be given (RFC 5545 3.3.10); keep one")
    for name, high in (("COUNT", MAX_COUNT), ("INTERVAL", MAX_INTERVAL)):
        value = parts.get(name)
        if value is not None and not (value.isdigit() and 1 <= int(value) <= high):
            raise RuleError(f'{name} must be a whole number from 1 to {high}, got "{value}"')


def _check_days(parts: dict[str, str], frequency: str) -> None:
    positions = frequency in ("MONTHLY", "YEARLY")
    for day in parts.get("BYDAY", "MO").split(","):
        found = _DAY.fullmatch(day)
        if found is None or (found.group(1) and not positions):
            where = " (1 to 4 or -1 to -4 before a day with FREQ=MONTHLY or YEARLY)"
            raise RuleError(
                f'BYDAY must list weekdays such as MO,WE{where}, got "{parts["BYDAY"]}"'
            )
    if not all(_day_of_month(d) for d in parts.get("BYMONTHDAY", "1").split(",")):
        raise RuleError(
            "BYMONTHDAY must list days from 1 to 28 or -28 to -1 (days every month has),"
            f' got "{parts["BYMONTHDAY"]}"'
        )
    if not all(m.isdigit() and 1 <= int(m) <= MONTHS for m in parts.get("BYMONTH", "1").split(",")):
        raise RuleError(f'BYMONTH must list months from 1 to 12, got "{parts["BYMONTH"]}"')
    if parts.get("WKST", "MO") not in _WEEKDAYS:
        raise RuleError(f'WKST must be a weekday such as MO, got "{parts["WKST"]}"')
    if "BYDAY" in parts and "BYMONTHDAY" in parts:
        raise RuleError("BYDAY and BYMONTHDAY together may never meet; use one of them")
    if frequency == "DAILY" and "BYDAY" in parts and parts.get("INTERVAL", "1") != "1":
        raise RuleError("BYDAY with FREQ=DAILY needs INTERVAL=1; use FREQ=WEEKLY with INTERVAL")


def _day_of_month(text: str) -> bool:
    return (
        re.fullmatch(r"-?\d{1,2}", text) is not None and 1 <= abs(int(text)) <= DAYS_EVERY_MONTH_HAS
    )


def _until(text: str, start: date, zone: ZoneInfo) -> str:
    """UNTIL in the type of the start: a date, or a UTC time for a timed start."""
    found = _UNTIL.fullmatch(text)
    day, clock = _parsed_until(found)
    if found is None or day is None:
        raise RuleError(
            f'UNTIL must be a date (20270601) or a time (20270601T170000Z), got "{text}"'
        )
    if not isinstance(start, datetime):
        last: date = day
        if clock is not None and found.group(3):  # a UTC time: its day where the cohort is
            last = datetime.combine(day, clock, tzinfo=UTC).astimezone(zone).date()
        _check_span(last, start)
        return f"{last:%Y%m%d}"
    if clock is None:  # a day: the event's own time on it
        moment = resolved(datetime.combine(day, start.time()), zone)
    elif found.group(3):
        moment = datetime.combine(day, clock, tzinfo=UTC)
    else:  # a local time in the cohort's zone
        moment = resolved(datetime.combine(day, clock), zone)
    _check_span(moment, resolved(start, zone))
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def _parsed_until(found: re.Match[str] | None) -> tuple[date | None, time | None]:
    if found is None:
        return None, None
    try:
        day = datetime.strptime(found.group(1), "%Y%m%d").date()
        clock = datetime.strptime(found.group(2), "%H%M%S").time() if found.group(2) else None
    except ValueError:
        return None, None
    return day, clock


def _check_span(last: date, start: date) -> None:
    if last < start:
        raise RuleError(
            f"UNTIL ({_shown(last)}) is before the start ({_shown(start)}); it would never repeat"
        )
    if last - start > HORIZON:
        raise RuleError(f"UNTIL ({_shown(last)}) is more than 2 years after the start; end sooner")


def _shown(moment: date) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return moment.isoformat()


def _check_start(rule: str, start: date, zone: ZoneInfo) -> None:
    """The start must be the rule's first occurrence (RFC 5545 3.8.5.3: it SHOULD be, and
    clients differ on a start the rule does not give)."""
    first = next(iter(occurrences(rule, start, zone)), None)
    given = start.date() if isinstance(start, datetime) else start
    if first != given:
        shown = f"{given:%a} {given.day} {given:%b %Y}"
        raise RuleError(
            f"the start ({shown}) is not a day the rule gives; start on one of its days,"
            f" such as {first:%a} {first.day} {first:%b %Y}"
            if first is not None
            else f"the rule gives no day from the start ({shown})"
        )


def occurrences(rule: str, start: date, zone: ZoneInfo) -> list[date]:
    """The days the rule gives from ``start``, up to its COUNT, its UNTIL or ``HORIZON``.

    A checked rule always has days (``PARTS``), so this never searches long.
    """
    from dateutil.rrule import rrulestr

    naive = start if isinstance(start, datetime) else datetime.combine(start, time())
    begin = resolved(naive, zone)
    until = dict(part.split("=", 1) for part in rule.split(";")).get("UNTIL", "")
    # dateutil wants a zoned start with a UTC UNTIL, and a naive one otherwise.
    moments = rrulestr(rule, dtstart=begin if until.endswith("Z") else naive)
    limit = begin.date() + HORIZON
    days = (moment.date() for moment in islice(moments, MOST_DAYS))
    return list(takewhile(lambda day: day <= limit, days))


@lru_cache(maxsize=1024)
def last_day(rule: str, start: date, zone: ZoneInfo) -> date:
    """The last day the rule gives (within ``HORIZON`` for an endless rule); a cohort's
    events repeat alike in every member's feed, so each is worked out once."""
    days = occurrences(rule, start, zone)
    return days[-1] if days else (start.date() if isinstance(start, datetime) else start)
