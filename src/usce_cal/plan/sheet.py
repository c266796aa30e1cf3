"""The program spreadsheet as CSV, both ways: the guide's columns, read from what Excel,
LibreOffice and Google Sheets write, and written back so that re-reading changes nothing.

Reading accepts UTF-8 with or without a byte-order mark, ``,``, ``;`` or tab between cells
(whichever the header row uses most), CRLF or LF, and quoted cells with line breaks. Every
bad cell is one problem naming its row (the spreadsheet's row number, the header being
row 1) and column. Writing puts the guide's eight columns first, CRLF between rows (RFC
4180), and guards any cell a spreadsheet could run as a formula.
"""

from __future__ import annotations

import csv
import difflib
import io
from enum import StrEnum
from pathlib import Path

from msgspec import Struct

from usce_cal.errors import PlanError, Problem, quoted
from usce_cal.plan.program import COLUMNS, Column, Program, same_name
from usce_cal.plan.sheet_cells import (
    DAYS,
    LISTS,
    CellError,
    DateOrder,
    cell_of,
    date_order,
    parse_cell,
    unguarded,
)

MAX_BYTES = 1_000_000
"""The largest spreadsheet read: a list of programs is a few kilobytes."""
MAX_ROWS = 1_000
"""The most programs one spreadsheet may list."""
DELIMITERS = (",", ";", "\t")
"""What spreadsheets put between cells: ``;`` where the decimal mark is a comma."""


class SheetFormat(StrEnum):
    """How a spreadsheet is saved."""

    CSV = "csv"
    XLSX = "xlsx"

    @classmethod
    def of(cls, path: Path) -> SheetFormat:
        """The format a file's name says: ``.xlsx`` is a workbook, anything else CSV."""
        return cls.XLSX if path.suffix.casefold() == ".xlsx" else cls.CSV


class SheetRow(Struct, frozen=True):
    """One program's row: the values of the columns the sheet has."""

    number: int
    """The row's number in the spreadsheet (the header is row 1)."""
    values: dict[str, object]
    """Each present column's value by plan key; an empty cell is ``None`` (or empty)."""

    @property
    def name(self) -> str:
        """The program's name (never empty: rows without one are refused)."""
        return str(self.values["name"])


def where(number: int, column: Column | None = None) -> str:
    """``row 3, column "Applied"``: how a problem in a spreadsheet is located."""
    return f"row {number}" if column is None else f'row {number}, column "{column.title}"'


def decode(data: bytes, *, source: str) -> str:
    """A spreadsheet's bytes as text: UTF-8, with or without a byte-order mark."""
    if len(data) > MAX_BYTES:
        raise PlanError.one(
            f"too large for a list of programs ({len(data):,} bytes; at most {MAX_BYTES:,})",
            file=source,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PlanError.one(
            f'not UTF-8 (byte {exc.start + 1}); save the sheet as "CSV UTF-8" and try again',
            file=source,
        ) from None


def delimiter_of(text: str) -> str:
    """The delimiter the header row uses most, outside quotes; ``,`` when it uses none."""
    header, inside = [], False
    for char in text:
        if char == '"':
            inside = not inside
        elif char in "\r\n" and not inside:
            break
        elif not inside:
            header.append(char)
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_sheet(text: str, *, source: str) -> tuple[list[SheetRow], list[Problem]]:
    """The good rows of a program spreadsheet saved as CSV (see ``read_records``)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    try:
        records = list(reader)
    except csv.Error as exc:
        raise PlanError.one(
            f"not a readable CSV file: {exc} (line {reader.line_num})", file=source
        ) from None
    return read_records(records, source=source)


def read_records(records: list[list[str]], *, source: str) -> tuple[list[SheetRow], list[Problem]]:
    """The good rows of a program spreadsheet given as rows of cell texts, and a problem for
    each bad cell; raises ``PlanError`` for a sheet that has no rows to read."""
    problems: list[Problem] = []
    numbered = [
        (number, cells)
        for number, record in enumerate(records, 1)
        if any(cells := [unguarded(cell) for cell in record])
    ]
    if not numbered:
        raise PlanError.one("empty; the first row must name the columns", file=source)
    (head_number, head), body = numbered[0], numbered[1:]
    columns = _columns(head, head_number, source, problems)
    dated = [i for i, c in enumerate(columns) if c is not None and c.key in LISTS + DAYS]
    order = date_order(cells[i] for _, cells in body for i in dated if i < len(cells))
    if len(body) > MAX_ROWS:
        problems.append(Problem(f"{len(body)} programs; at most {MAX_ROWS}", file=source))
        body = []
    rows: list[SheetRow] = []
    for number, cells in body:
        row = _row(number, cells, columns, order, source, problems)
        if row is None:
            continue
        twin = next((r for r in rows if same_name(r.name, row.name)), None)
        if twin is not None:
            problems.append(
                Problem(
                    f"{quoted(row.name)} is already on row {twin.number}; list each program once",
                    file=source,
                    field=where(number, COLUMNS[0]),
                )
            )
            continue
        rows.append(row)
    return rows, problems


def _key(title: str) -> str:
    return " ".join(title.casefold().split())


_BY_TITLE = {_key(column.title): column for column in COLUMNS}


def _columns(
    head: list[str], number: int, source: str, problems: list[Problem]
) -> list[Column | None]:
    """Each header cell's column; ``None`` for empty headers of empty columns."""
    found: list[Column | None] = []
    for title in head:
        column = _BY_TITLE.get(_key(title))
        if not title:
            found.append(None)
            continue
        if column is None:
            near = difflib.get_close_matches(_key(title), list(_BY_TITLE), n=1)
            hint = (
                f'did you mean "{_BY_TITLE[near[0]].title}"?'
                if near
                else "expected one of: " + ", ".join(c.title for c in COLUMNS)
            )
            problems.append(
                Problem(f"unknown column {quoted(title)}; {hint}", file=source, field=where(number))
            )
        elif column in found:
            problems.append(
                Problem(f'column "{column.title}" twice', file=source, field=where(number))
            )
        found.append(column)
    if COLUMNS[0] not in found:
        problems.append(
            Problem(
                f'no "{COLUMNS[0].title}" column; the first row must name the columns, such as '
                + ", ".join(c.title for c in COLUMNS[:8]),
                file=source,
                field=where(number),
            )
        )
    return found


def _row(
    number: int,
    cells: list[str],
    columns: list[Column | None],
    order: DateOrder | None,
    source: str,
    problems: list[Problem],
) -> SheetRow | None:
    """One program's values, or ``None`` (with its problems) when a cell is bad."""
    before = len(problems)
    extra = [cell for cell in cells[len(columns) :] if cell]
    if extra:
        problems.append(
            Problem(
                f"{len(columns) + len(extra)} cells but the first row names {len(columns)} columns",
                file=source,
                field=where(number),
            )
        )
    values: dict[str, object] = {}
    for index, column in enumerate(columns):
        if column is None:
            continue
        cell = cells[index] if index < len(cells) else ""
        try:
            values[column.key] = parse_cell(column.key, cell, order)
        except CellError as exc:
            problems.append(Problem(str(exc), file=source, field=where(number, column)))
    if "name" in values and not values["name"]:
        problems.append(
            Problem("required: the program's name", file=source, field=where(number, COLUMNS[0]))
        )
    return SheetRow(number, values) if len(problems) == before and "name" in values else None


def write_sheet(programs: tuple[Program, ...]) -> str:
    """The programs as CSV: the guide's columns, then where each application stands."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([column.title for column in COLUMNS])
    for program in programs:
        writer.writerow([cell_of(program, column.key) for column in COLUMNS])
    return stream.getvalue()
