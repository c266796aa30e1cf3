"""A spreadsheet's rows merged into a plan's programs: which are added, which change and
how, and the plan text with those edits made (tomlkit, comments and layout kept).

Rows match programs by name, ignoring case and runs of spaces; the plan keeps its own
spelling. The sheet speaks for the columns it has: an empty cell clears the value, and a
column the sheet lacks leaves the plan's values alone. Programs the sheet does not list
stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from msgspec import Struct
from msgspec.structs import replace

from usce_cal.errors import PlanError, Problem, quoted
from usce_cal.plan.program import COLUMNS, PROGRAM_KEYS, Program, program_rules, same_name
from usce_cal.plan.sheet import SheetRow, where
from usce_cal.plan.sheet_cells import cell_of, unguarded
from usce_cal.plan.toml_edit import append_table, open_for_edit, set_values, written


class Change(Struct, frozen=True):
    """A program the sheet adds, or one whose values it changes."""

    program: Program
    """The program as it will be."""
    index: int | None
    """Its place in the plan's ``programs`` (``None`` for one the sheet adds)."""
    fields: tuple[tuple[str, str, str], ...]
    """Each changed key with its old and new value as cells (``""`` when absent)."""

    def describe(self) -> list[str]:
        """``added: Mercy``, or ``changed: Mercy`` and a line per value that changes."""
        if self.index is None:
            return [f"added: {quoted(self.program.name)}"]
        lines = [f"  {key}: {_shown(old)} → {_shown(new)}" for key, old, new in self.fields]
        return [f"changed: {quoted(self.program.name)}", *lines]


_with: Callable[..., Program] = replace
"""``msgspec.structs.replace`` for values the cell parsers made, each of its field's type."""


def _shown(cell: str) -> str:
    return quoted(cell) if cell else "(none)"


def merge(
    programs: tuple[Program, ...], rows: list[SheetRow], problems: list[Problem], *, source: str
) -> list[Change]:
    """What the sheet's rows add and change; raises ``PlanError`` with ``problems`` (the
    sheet's bad cells) and the row and column of every program the rows would make invalid
    (an applied one with no Applied date…)."""
    changes: list[Change] = []
    problems = list(problems)
    for row in rows:
        index = next((i for i, p in enumerate(programs) if same_name(p.name, row.name)), None)
        values = dict(row.values)
        if index is not None:
            values.pop("name")  # the plan keeps its own spelling
        before = programs[index] if index is not None else None
        after = _with(before or Program(name=row.name), **values)
        columns = {column.key: column for column in COLUMNS}
        problems.extend(
            Problem(message, file=source, field=where(row.number, columns[key]))
            for key, message in program_rules(after)
        )
        if before is None:
            changes.append(Change(after, None, ()))
            continue
        fields = tuple(
            (key, _cell(before, key), _cell(after, key))
            for key in PROGRAM_KEYS
            if key in values and getattr(before, key) != getattr(after, key)
        )
        if fields:
            changes.append(Change(after, index, fields))
    if problems:
        raise PlanError(*problems)
    return changes


def _cell(program: Program, key: str) -> str:
    return unguarded(cell_of(program, key))


def edited_plan(text: str, changes: list[Change], *, source: str) -> str:
    """``text`` with ``changes`` made: values set in place, new programs added at the end
    of ``[[programs]]`` (or a new ``[[programs]]`` at the end of the file)."""
    doc = open_for_edit(text, source=source)
    for change in changes:
        program = change.program
        if change.index is None:
            values = [(key, getattr(program, key)) for key in PROGRAM_KEYS]
            append_table(doc, "programs", values, source=source)
        else:
            table = doc["programs"][change.index]
            keys = [key for key, _, _ in change.fields]
            set_values(table, [(key, getattr(program, key)) for key in keys], PROGRAM_KEYS)
    return written(doc, text)
