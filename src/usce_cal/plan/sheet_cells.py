"""One spreadsheet cell as a program's value: dates, amounts, lists and choices as Excel,
LibreOffice and Google Sheets write them, and each value back as a cell.

A date is ISO (``2027-04-05``, also with a midnight time), or day and month in either
order when only one reading is a real date (``15/12/2026``, ``12/15/2026``, ``4.4.2027``),
or with the month's English name (``5 Apr 2027``, ``Apr 5, 2027``, ``5-Apr-2027``). A
form two dates could share (``05/04/2027``) takes the order the sheet's other dates show
(``date_order``: a sheet with ``12/15/2026`` writes month first); when they show none, or
both, it is refused with both readings named.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from usce_cal.errors import quoted
from usce_cal.formats import longdate
from usce_cal.guide.vocabulary import RotationKind
from usce_cal.plan.program import Program, ProgramStatus

MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
"""English month names; a cell may give a name or its first three letters."""
MONTHS_IN_YEAR = 12
SEPTEMBER = 9
DAY_EXAMPLE = "a date such as 2027-04-05"
LIST_SEPARATOR = "; "
"""Between the dates of one cell (several start options)."""
INJECTION = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters a spreadsheet may run as a formula (CSV injection)."""
GUARD = "'"
"""Put before a cell that starts with one of ``INJECTION`` on export, taken off on import."""

_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]00:00(?::00)?)?")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?: 00:00(?::00)?)?")
_DAY_MONTH = re.compile(r"(\d{1,2})[ -]([A-Za-z]{3,9}\.?)[ ,-]+(\d{2,4})")
_MONTH_DAY = re.compile(r"([A-Za-z]{3,9}\.?) (\d{1,2}),? (\d{2,4})")
_MONEY = re.compile(r"(?:US)?\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.0{1,2})?(?:\s*(?:USD|US\$))?")


class DateOrder(StrEnum):
    """Which comes first in a sheet's numeric dates."""

    DAY_FIRST = "day-first"
    MONTH_FIRST = "month-first"


def date_order(cells: Iterable[str]) -> DateOrder | None:
    """The order the numeric dates among ``cells`` show, if they show exactly one."""
    shown = set()
    for cell in cells:
        for part in re.split(r"[;\n]", cell):
            if found := _NUMERIC.fullmatch(part.strip()):
                first, second = int(found[1]), int(found[2])
                if first > MONTHS_IN_YEAR >= second:
                    shown.add(DateOrder.DAY_FIRST)
                elif second > MONTHS_IN_YEAR >= first:
                    shown.add(DateOrder.MONTH_FIRST)
    return shown.pop() if len(shown) == 1 else None


class CellError(ValueError):
    """A cell that does not hold a valid value; the message says what would be valid."""


def unguarded(cell: str) -> str:
    """A cell as the person wrote it: stripped, line breaks as LF, without the export's
    formula guard."""
    text = cell.replace("\r\n", "\n").strip()
    if text.startswith(GUARD) and text[1:2] in INJECTION:
        return text[1:]
    return text


def guarded(cell: str) -> str:
    """A cell that a spreadsheet will show as text, never run as a formula."""
    return GUARD + cell if cell.startswith(INJECTION) else cell


def parse_day(cell: str, order: DateOrder | None = None) -> date:
    """A date in one of the forms the module names; ``order`` settles ``05/04/2027``."""
    text = cell.strip()
    if found := _ISO.fullmatch(text):
        return _date(cell, int(found[1]), int(found[2]), int(found[3]))
    if found := _NUMERIC.fullmatch(text):
        first, second, year = int(found[1]), int(found[2]), found[3]
        if order is DateOrder.DAY_FIRST:
            return _date(cell, _year(cell, year), second, first)
        if order is DateOrder.MONTH_FIRST:
            return _date(cell, _year(cell, year), first, second)
        return _day_or_month_first(cell, first, second, year)
    if found := _DAY_MONTH.fullmatch(text):
        return _date(cell, _year(cell, found[3]), _month(cell, found[2]), int(found[1]))
    if found := _MONTH_DAY.fullmatch(text):
        return _date(cell, _year(cell, found[3]), _month(cell, found[1]), int(found[2]))
    raise CellError(f"expected {DAY_EXAMPLE}, got {quoted(cell)}")


def _day_or_month_first(cell: str, first: int, second: int, year_text: str) -> date:
    year = _year(cell, year_text)
    readings = []
    for day, month in ((first, second), (second, first)):
        if month <= MONTHS_IN_YEAR:
            try:
                readings.append(date(year, month, day))
            except ValueError:
                continue
    found = sorted(set(readings))
    if not found:
        raise CellError(f"{quoted(cell)} is not a date; write it as {year}-MM-DD")
    if len(found) > 1:
        a, b = found
        raise CellError(
            f"{quoted(cell)} could be {longdate(a)} or {longdate(b)};"
            f" write it as {a.isoformat()} or {b.isoformat()}"
        )
    return found[0]


def _year(cell: str, text: str) -> int:
    if len(text) != len("2027"):
        raise CellError(f"{quoted(cell)} has a 2-digit year; write the year in full, such as 2027")
    return int(text)


def _month(cell: str, name: str) -> int:
    word = name.casefold().rstrip(".")
    for number, full in enumerate(MONTHS, start=1):
        if word in (full, full[:3]) or (word == "sept" and number == SEPTEMBER):
            return number
    raise CellError(f"expected {DAY_EXAMPLE}, got {quoted(cell)}")


def _date(cell: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"{quoted(cell)} is not a date; expected {DAY_EXAMPLE}") from None


def parse_days(cell: str, order: DateOrder | None = None) -> tuple[date, ...]:
    """Dates separated by ``;`` or line breaks, sorted, each once."""
    parts = [part for part in re.split(r"[;\n]", cell) if part.strip()]
    try:
        return tuple(sorted({parse_day(part, order) for part in parts}))
    except CellError as exc:
        raise CellError(f"{exc}; separate several dates with ;") from None


def parse_money(cell: str) -> int:
    """Whole US dollars: ``2500``, ``$2,500``, ``2500.00``, ``2,500 USD``."""
    found = _MONEY.fullmatch(cell.strip())
    if found is None:
        raise CellError(
            f"expected an amount in US dollars such as 2500 or $2,500, got {quoted(cell)}"
        )
    return int(found[1].replace(",", ""))


def _choice(cell: str, choices: tuple[str, ...], noun: str) -> str:
    key = re.sub(r"[\s_]+", "-", cell.strip().casefold())
    if key in choices:
        return key
    raise CellError(f"unknown {noun} {quoted(cell)}; expected one of: {', '.join(choices)}")


def parse_type(cell: str) -> RotationKind:
    """A kind of rotation, in any case, with spaces or hyphens."""
    return RotationKind(_choice(cell, tuple(k.value for k in RotationKind), "type"))


def parse_status(cell: str) -> ProgramStatus:
    """Where an application stands, in any case (``No reply`` is ``no-reply``)."""
    return ProgramStatus(_choice(cell, tuple(s.value for s in ProgramStatus), "status"))


def parse_cell(key: str, cell: str, order: DateOrder | None = None) -> object:
    """The value of the program field ``key`` that ``cell`` holds; ``None`` when empty."""
    if not cell:
        return ProgramStatus.RESEARCHING if key == "status" else (() if key in LISTS else None)
    if any((char < " " and char not in "\n\t") or char == "\x7f" for char in cell):
        raise CellError(f"{quoted(cell)} holds a control character; remove it")
    if key in LISTS:
        return parse_days(cell, order)
    if key in DAYS:
        return parse_day(cell, order)
    parser = PARSERS.get(key)
    return cell if parser is None else parser(cell)


LISTS = ("deadlines", "start_options")
"""Fields that hold several dates."""
DAYS = ("applied", "reply", "answer_by")
"""Fields that hold one date."""
PARSERS = {"type": parse_type, "fee": parse_money, "status": parse_status}
"""How each other field that is not free text is read from a cell."""


def cell_of(program: Program, key: str) -> str:
    """A program's value as the cell ``export`` writes, guarded against formulas."""
    value = getattr(program, key)
    if value is None:
        return ""
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(day.isoformat() for day in value)
    if isinstance(value, date):
        return value.isoformat()
    return guarded(str(value))
