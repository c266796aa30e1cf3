"""Dates, money and repeat rules in words: one way to write each, for every layer."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache


@lru_cache(maxsize=4096)
def longdate(day: date) -> str:
    """``Monday 5 April 2027``."""
    return f"{day:%A} {day.day} {day:%B %Y}"


@lru_cache(maxsize=4096)
def shortdate(day: date) -> str:
    """``Mon 5 Apr``."""
    return f"{day:%a} {day.day} {day:%b}"


def when(value: date) -> str:
    """``Wed 6 Jan 2027`` or ``Wed 6 Jan 2027 17:00``."""
    text = f"{value:%a} {value.day} {value:%b %Y}"
    return f"{text} {value:%H:%M}" if isinstance(value, datetime) else text


def repeats(rule: str) -> str:
    """An RRULE in words: ``weekly, 20 times``."""
    parts = dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)
    words = [parts.get("FREQ", "").lower()]
    if "INTERVAL" in parts and parts["INTERVAL"] != "1":
        words = [f"every {parts['INTERVAL']} {words[0].removesuffix('ly').replace('dai', 'day')}s"]
    if "COUNT" in parts:
        words.append(f"{parts['COUNT']} times")
    if "UNTIL" in parts:
        until = parts["UNTIL"][:8]
        words.append(f"until {until[:4]}-{until[4:6]}-{until[6:8]}")
    return ", ".join(words)


def usd(amount: int) -> str:
    """``$2,000``."""
    return f"${amount:,}"


NOON = 12
"""The hour of noon, where a.m. turns to p.m."""


def eastern(clock: str) -> str:
    """An official US Eastern time in words: ``21:00`` is ``9 p.m. ET``, ``12:00`` ``noon ET``."""
    hour, minute = (int(part) for part in clock.split(":"))
    if (hour, minute) == (NOON, 0):
        return "noon ET"
    half = "a.m." if hour < NOON else "p.m."
    shown = hour % NOON or NOON
    return f"{shown}{f':{minute:02d}' if minute else ''} {half} ET"


def in_zone(day: date, clock: str, zone: str) -> str:
    """``clock`` US Eastern on ``day`` as the local time in ``zone``: ``Thu 4 Mar 07:30``."""
    from zoneinfo import ZoneInfo

    hour, minute = (int(part) for part in clock.split(":"))
    moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(EASTERN))
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local.day} {local:%b} {local:%H:%M}"


EASTERN = "America/New_York"
"""The zone of the official times of ERAS, ResidencyCAS and the NRMP."""
