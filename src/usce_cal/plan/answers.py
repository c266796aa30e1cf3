"""Reading the answers people type to ``init``: timezones by IANA name, country or city,
and dates in the forms people write them.

Countries and their zones come from the tz database's own tables (``zone.tab`` and
``iso3166.tab``, shipped with the tzdata package).
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from functools import cache
from importlib import resources

from msgspec import Struct

MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
"""Month names, in order; three-letter abbreviations are accepted too."""

YEAR_DIGITS = 4
"""A year is written with four digits."""
DAY_DIGITS = 2
"""A day of the month has at most two digits."""
ABBREVIATION = 3
"""The shortest month abbreviation accepted (``Jul``)."""

COUNTRY_ALIASES = {"usa": "US", "us": "US", "uk": "GB", "england": "GB", "uae": "AE"}
"""Short names people use for a country, by ISO 3166 code."""


class MonthOnly(Struct, frozen=True):
    """A date typed without its day, such as ``July 2027``: ask for the day."""

    year: int
    """The year."""
    month: int
    """The month, 1 to 12."""


def _table(name: str) -> list[list[str]]:
    text = (resources.files("tzdata") / "zoneinfo" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _countries() -> dict[str, str]:
    """Country code by lower-case country name."""
    names = {row[1].casefold(): row[0] for row in _table("iso3166.tab")}
    return names | COUNTRY_ALIASES


@cache
def _zones_by_country() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for row in _table("zone.tab"):
        found.setdefault(row[0], []).append(row[2])
    return found


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zone for zones in _zones_by_country().values() for zone in zones))


def _city(zone: str) -> str:
    return zone.rsplit("/", 1)[-1].replace("_", " ").casefold()


def zone_choices(text: str) -> list[str]:
    """IANA zones ``text`` may mean: the zone itself, a country's zones (in the tz table's
    order), or a city's; otherwise the nearest names, for suggestions."""
    typed = text.strip()
    key = typed.casefold()
    exact = [zone for zone in _zones() if zone.casefold() == key]
    if exact or not typed:
        return exact
    code = _countries().get(key) or (
        typed.upper() if typed.upper() in _zones_by_country() else None
    )
    if code is not None:
        return list(_zones_by_country().get(code, []))
    cities = [zone for zone in _zones() if _city(zone) == key]
    if cities:
        return cities
    names = [*_zones(), *(name.title() for name in _countries())]
    return difflib.get_close_matches(typed, names, n=3, cutoff=0.6)


def is_zone(text: str) -> bool:
    """Whether ``text`` is exactly an IANA zone name."""
    return text in _zones() or text == "UTC"


def parse_day(text: str) -> date | MonthOnly | None:
    """A date as people type it: ``2027-07-15``, ``15 July 2027``, ``July 15, 2027``,
    ``15 Jul 2027``; ``July 2027`` has no day. ``None`` when it is not a date."""
    typed = text.strip().casefold().replace(",", " ")
    try:
        return date.fromisoformat(typed)
    except ValueError:
        pass
    words = typed.split()
    numbers = [w for w in words if w.isdigit()]
    months = [_month(w) for w in words if not w.isdigit()]
    if len(words) not in (2, 3) or None in months or len(months) != 1:
        return None
    month = months[0]
    assert month is not None
    year = next((int(n) for n in numbers if len(n) == YEAR_DIGITS), None)
    if year is None:
        return None
    days = [int(n) for n in numbers if len(n) <= DAY_DIGITS]
    if not days:
        return MonthOnly(year, month)
    try:
        return date(year, month, days[0])
    except ValueError:
        return None


def _month(word: str) -> int | None:
    word = re.sub(r"\.$", "", word)
    for index, name in enumerate(MONTHS, start=1):
        if word == name or (len(word) >= ABBREVIATION and name.startswith(word)):
            return index
    return None
