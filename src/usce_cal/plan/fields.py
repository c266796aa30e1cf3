"""Typed reading of parsed TOML: each reader returns a value or records a located problem.

Shared by every input file (plans, cohorts), so all of them report problems the same way:
file, line, dotted field path, and what would be valid.
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, time

from msgspec import Struct, field

from usce_cal.errors import CONTROL, Problem, quoted
from usce_cal.guide.season import (
    DAYS,
    GRADUATION_YEARS_BEFORE,
    SEASONS,
    YEARS_BEFORE,
    date_window,
    first_open_season,
    season_end,
)
from usce_cal.plan.key_lines import KeyPath, dotted, key_lines, line_of

Table = dict[str, object]
"""A TOML table as parsed: its values are checked by the readers below."""


class FieldReader(Struct):
    """Reads values out of a parsed document, collecting every problem."""

    source: str
    """The file, as the user named it."""
    document: str
    """Its text, to find the line of a problem."""
    problems: list[Problem] = field(default_factory=list)
    """Everything wrong so far."""
    season_year: int | None = None
    """The file's season once read: dates must fall near it (``guide.season.date_window``)."""
    _lines: dict[KeyPath, int] | None = None

    def fail(self, path: KeyPath, message: str) -> None:
        """Record a problem at ``path``."""
        if self._lines is None:  # only a file with problems needs its lines mapped
            self._lines = key_lines(self.document)
        self.problems.append(
            Problem(message, file=self.source, line=line_of(self._lines, path), field=dotted(path))
        )

    def table(
        self, value: object, path: KeyPath, allowed: tuple[str, ...], *, required: bool
    ) -> Table:
        """A table whose keys must be among ``allowed``."""
        if value is None:
            if required:
                self.fail(path, f"missing table [{dotted(path)}]")
            return {}
        if not isinstance(value, dict):
            self.fail(path, f"expected a table, got {describe(value)}")
            return {}
        for key in value:
            if key not in allowed:
                self.fail((*path, key), unknown_key(key, allowed))
        return value

    def array(self, value: object, path: KeyPath, *, most: int) -> list[Table]:
        """An array of at most ``most`` tables (``[[name]]``), empty when absent."""
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(
                path, f"expected an array of tables ([[{dotted(path)}]]), got {describe(value)}"
            )
            return []
        if len(value) > most:
            self.fail(path, f"expected at most {most:,} {path[-1]}, got {len(value):,}")
            return []
        return value

    def text(
        self, tbl: Table, path: KeyPath, key: str, *, required: bool, lines: bool = False
    ) -> str | None:
        """A non-empty string, stripped, without control characters (``lines``: line breaks
        and tabs allowed, as in a description)."""
        value = tbl.get(key)
        if value is None:
            if required:
                self.fail((*path, key), "required: a non-empty string")
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail((*path, key), f"expected a non-empty string, got {describe(value)}")
            return None
        if lines:
            value = value.replace("\r\n", "\n")
        if CONTROL.search(value.replace("\n", "").replace("\t", "") if lines else value):
            words = (
                "control characters other than line breaks and tabs"
                if lines
                else "control characters (line breaks, tabs, escapes)"
            )
            self.fail((*path, key), f"expected text without {words}, got {describe(value)}")
            return None
        return value.strip()

    def day(
        self, tbl: Table, path: KeyPath, key: str, *, required: bool, graduation: bool = False
    ) -> date | None:
        """A calendar date (TOML local date, or a string in ISO form) near the season."""
        value = tbl.get(key)
        if value is None:
            if required:
                self.fail((*path, key), "required: a date such as 2027-04-05")
            return None
        if isinstance(value, str):
            with contextlib.suppress(ValueError):  # reported below, as any other value
                value = date.fromisoformat(value)
        if isinstance(value, date) and type(value) is date:
            return value if self.near_season((*path, key), value, graduation=graduation) else None
        self.fail((*path, key), f"expected a date such as 2027-04-05, got {describe(value)}")
        return None

    def near_season(self, path: KeyPath, day: date, *, graduation: bool = False) -> bool:
        """Whether ``day`` is in the window of dates the season allows; if not, say so."""
        if self.season_year is None:
            first, last = DAYS
            reach = f"{SEASONS[0]} to {SEASONS[1]}"
        else:
            years = GRADUATION_YEARS_BEFORE if graduation else YEARS_BEFORE
            first, last = date_window(self.season_year, years_before=years)
            reach = f"{years} years before season {self.season_year} to the end of its year"
        if first <= day <= last:
            return True
        self.fail(path, f"expected a date from {first} to {last} ({reach}), got {day}")
        return False

    def whole(self, tbl: Table, path: KeyPath, key: str, low: int, high: int) -> int | None:
        """A whole number in ``low..high``."""
        value = tbl.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(
                (*path, key),
                f"expected a whole number from {low} to {high}, got {describe(value)}",
            )
            return None
        return value

    def season(self, tbl: Table, path: KeyPath, *, today: date, present: bool) -> int | None:
        """The season (the year residency starts): required in a ``present`` table, and not
        yet closed on ``today``."""
        season = self.whole(tbl, path, "season", *SEASONS)
        if "season" not in tbl and present:
            self.fail((*path, "season"), "required: the year residency starts, such as 2028")
        if season is not None and today > season_end(season):
            self.fail(
                (*path, "season"),
                f"season {season} closed on {season_end(season)};"
                f" choose {first_open_season(today)} or later",
            )
            return None
        self.season_year = season
        return season

    def flag(self, tbl: Table, path: KeyPath, key: str) -> bool | None:
        """``true`` or ``false``."""
        value = tbl.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.fail((*path, key), f"expected true or false, got {describe(value)}")
            return None
        return value

    def clock(self, tbl: Table, path: KeyPath, key: str) -> time | None:
        """A local time of day, ``"09:00"``."""
        value = tbl.get(key)
        if value is None:
            return None
        if isinstance(value, time) and value.tzinfo is None:
            return value.replace(second=0, microsecond=0)
        if isinstance(value, str) and re.fullmatch(r"\d{2}:\d{2}", value):
            try:
                return time.fromisoformat(value)
            except ValueError:
                pass
        self.fail((*path, key), f'expected a local time such as "09:00", got {describe(value)}')
        return None

    def choice(
        self, tbl: Table, path: KeyPath, key: str, choices: tuple[str, ...], *, required: bool
    ) -> str | None:
        """One of ``choices``."""
        value = self.text(tbl, path, key, required=required)
        if value is not None and value not in choices:
            expected = ", ".join(choices)
            self.fail((*path, key), f"unknown {key} {quoted(value)}; expected one of: {expected}")
            return None
        return value

    def zone(self, tbl: Table, path: KeyPath, key: str) -> str | None:
        """An IANA timezone name (required)."""
        from zoneinfo import ZoneInfo

        name = self.text(tbl, path, key, required=True)
        if name is None:
            return None
        try:
            ZoneInfo(name)
        except (ValueError, KeyError, OSError):
            import difflib
            from zoneinfo import available_timezones

            near = difflib.get_close_matches(name, sorted(available_timezones()), n=1)
            hint = f'"{near[0]}"' if near else '"Asia/Kolkata" or "America/Chicago"'
            message = f"unknown timezone {quoted(name)}; use an IANA name such as {hint}"
            self.fail((*path, key), message)
            return None
        return name


def unknown_key(key: str, allowed: tuple[str, ...]) -> str:
    """The message for a key that is not allowed, with the nearest valid one."""
    import difflib

    near = difflib.get_close_matches(key, allowed, n=1)
    if near:
        return f'unknown key {quoted(key)}; did you mean "{near[0]}"?'
    return f"unknown key {quoted(key)}; valid keys: {', '.join(allowed)}"


def describe(value: object) -> str:
    """A value as the user wrote it, for messages."""
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return str(value)
