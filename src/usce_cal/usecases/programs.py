"""The program spreadsheet both ways, and booking an accepted program: each job reads the
plan, checks everything, and writes the plan file only when every check has passed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from usce_cal.calendar.files import write_atomic
from usce_cal.errors import OutputError, PlanError
from usce_cal.plan.booking import Booking, book
from usce_cal.plan.load import parse_plan
from usce_cal.plan.model import Plan
from usce_cal.plan.program import same_name
from usce_cal.plan.program_import import Change, edited_plan, merge
from usce_cal.plan.sheet import SheetFormat, decode, read_records, read_sheet, write_sheet
from usce_cal.plan.toml_file import read_text

BOM = "\ufeff"
"""Written at the start of an exported file, so that Excel reads it as UTF-8."""


class Imported(Struct, frozen=True):
    """What ``import_programs`` did."""

    plan: Plan
    """The plan as it was before."""
    changes: tuple[Change, ...]
    """Programs added or changed, in the sheet's order."""
    unchanged: int
    """Rows that match their program already."""
    kept: int
    """Programs of the plan that the sheet does not list (left as they are)."""


def _plan(path: Path, *, today: date) -> tuple[Plan, str]:
    missing = "no such plan file; run `usce-cal init` to write one"
    text = read_text(path, shown=str(path), missing=missing, noun="plan")
    return parse_plan(text, today=today, source=str(path), plan_name=path.stem), text


def _checked_write(path: Path, text: str, *, today: date) -> None:
    """Write ``text`` to the plan file once it reads as a valid plan.

    Its problems name no line: the file on disk does not hold the text they are about.
    """
    try:
        parse_plan(text, today=today, source=str(path), plan_name=path.stem)
    except PlanError as exc:
        raise PlanError(*(replace(p, line=None) for p in exc.problems)) from None
    write_atomic(path, text.encode())


def import_programs(
    *, sheet: Path, plan_path: Path, today: date, form: SheetFormat | None = None
) -> Imported:
    """Add and update the plan's programs from the spreadsheet ``sheet``, saved as CSV or
    as a workbook (``form``; by default the one its name says)."""
    plan, text = _plan(plan_path, today=today)
    source = str(sheet)
    try:
        data = sheet.read_bytes()
    except FileNotFoundError:
        raise PlanError.one("no such file", file=source) from None
    except OSError as exc:
        raise PlanError.one(f"cannot read the file: {exc.strerror}", file=source) from None
    if (form or SheetFormat.of(sheet)) is SheetFormat.XLSX:
        from usce_cal.plan.sheet_xlsx import read_xlsx

        rows, problems = read_records(read_xlsx(data, source=source), source=source)
    else:
        rows, problems = read_sheet(decode(data, source=source), source=source)
    changes = merge(plan.programs, rows, problems, source=str(sheet))
    if changes:
        _checked_write(plan_path, edited_plan(text, changes, source=str(plan_path)), today=today)
    listed = [p for p in plan.programs if not any(same_name(p.name, r.name) for r in rows)]
    return Imported(plan, tuple(changes), len(rows) - len(changes), len(listed))


def export_programs(*, plan_path: Path, today: date) -> str:
    """The plan's programs as CSV: the guide's eight columns first."""
    plan, _ = _plan(plan_path, today=today)
    return write_sheet(plan.programs)


def save_export(*, plan_path: Path, out: Path, today: date, form: SheetFormat) -> None:
    """Write the plan's programs to ``out``: CSV with a byte-order mark for Excel, or a
    workbook."""
    if out.is_dir():
        raise OutputError.one("is a folder; give a file name such as programs.csv", file=str(out))
    if not out.parent.is_dir():
        raise OutputError.one("the folder does not exist", file=str(out.parent))
    plan, _ = _plan(plan_path, today=today)
    if form is SheetFormat.XLSX:
        from usce_cal.plan.sheet_xlsx import write_xlsx

        write_atomic(out, write_xlsx(plan.programs))
    else:
        write_atomic(out, (BOM + write_sheet(plan.programs)).encode())


def book_program(*, plan_path: Path, name: str, start: date, today: date) -> Booking:
    """Book the accepted program ``name`` as a rotation starting ``start``."""
    plan, text = _plan(plan_path, today=today)
    booking = book(plan, text, name=name, start=start)
    _checked_write(plan_path, booking.text, today=today)
    return booking
