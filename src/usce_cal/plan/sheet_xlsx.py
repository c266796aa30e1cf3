"""The program spreadsheet as an Excel workbook (.xlsx), both ways, with openpyxl.

Reading takes the first worksheet's cells as text (a date cell as its ISO date, a whole
number without ``.0``), so the CSV reader's rules and messages apply unchanged; a file that
is not a workbook, or one that unpacks to more than a spreadsheet of programs could hold,
is refused before it is parsed. Writing gives dates and fees their own cell types and every
other cell the text type (never a formula), with fixed timestamps inside the file, so the
same programs always give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from usce_cal.errors import PlanError
from usce_cal.plan.program import COLUMNS, Program
from usce_cal.plan.sheet import MAX_BYTES, MAX_ROWS
from usce_cal.plan.sheet_cells import LIST_SEPARATOR

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_UNPACKED = 20 * MAX_BYTES
"""The most a workbook may unpack to (its XML compresses about tenfold)."""
MAX_COLUMNS = 2 * len(COLUMNS)
"""Columns read from each row; a sheet of programs has far fewer."""
FIXED = datetime(2000, 1, 1)
"""The creation and change time written inside every workbook."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""The time of every part of the workbook's zip file."""
MISSING = "openpyxl is not installed; install usce-cal[xlsx], or save the sheet as CSV"


def read_xlsx(data: bytes, *, source: str) -> list[list[str]]:
    """The first worksheet's rows, as cell texts."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - the xlsx extra is part of the test set
        raise PlanError.one(MISSING, file=source) from None
    _check_size(data, source=source)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            rows.append([_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        book.close()
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError, OSError) as exc:
        raise PlanError.one(f"not a readable Excel workbook (.xlsx): {exc}", file=source) from None
    return rows


def _check_size(data: bytes, *, source: str) -> None:
    """Refuse what is not a zip file, or unpacks to too much."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise PlanError.one(
            "not an Excel workbook (.xlsx); save the sheet as .xlsx or CSV", file=source
        ) from None
    if unpacked > MAX_UNPACKED:
        raise PlanError.one(
            f"unpacks to {unpacked:,} bytes, more than a list of programs (at most"
            f" {MAX_UNPACKED:,})",
            file=source,
        )


def _text(value: object) -> str:
    """A cell's value as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_xlsx(programs: tuple[Program, ...]) -> bytes:
    """The programs as a workbook: the guide's columns, then where each application stands."""
    try:
        from openpyxl import Workbook
        from openpyxl.writer.excel import ExcelWriter
    except ImportError:  # pragma: no cover - the xlsx extra is part of the test set
        raise PlanError.one(MISSING.replace("save the sheet as CSV", "export CSV")) from None

    book = Workbook()
    sheet = book.create_sheet("Programs", 0)
    book.remove(book.worksheets[1])  # the empty sheet a new workbook starts with
    _append(sheet, 1, [column.title for column in COLUMNS])
    for row, program in enumerate(programs, start=2):
        _append(sheet, row, [_value(program, column.key) for column in COLUMNS])
    book.properties.creator = "usce-cal"
    book.properties.created = book.properties.modified = FIXED
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _fixed_times(raw.getvalue())


def _value(program: Program, key: str) -> str | int | date | None:
    value = getattr(program, key)
    if value is None or isinstance(value, int | date):
        return value
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(day.isoformat() for day in value) or None
    return str(value)


def _append(sheet: Worksheet, row: int, values: Iterable[str | int | date | None]) -> None:
    """Row ``row`` of cells: text as text (never a formula), dates as dates shown ISO."""
    for column, value in enumerate(values, start=1):
        if value is None:
            continue
        cell = sheet.cell(row, column)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
        elif isinstance(value, date):
            cell.number_format = "yyyy-mm-dd"


def _fixed_times(data: bytes) -> bytes:
    """The zip file ``data`` with every part dated ``ZIP_TIME``."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            part = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            part.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(part, source.read(info.filename))
    return out.getvalue()
