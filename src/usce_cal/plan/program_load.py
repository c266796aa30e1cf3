"""Reading a plan's ``[[programs]]``: every value checked, every problem located, like the
rest of the plan."""

from __future__ import annotations

from datetime import date

from usce_cal.guide.vocabulary import RotationKind
from usce_cal.plan.fields import FieldReader, Table, describe
from usce_cal.plan.key_lines import KeyPath
from usce_cal.plan.program import PROGRAM_KEYS, Program, ProgramStatus, program_rules, same_name

KINDS = tuple(k.value for k in RotationKind)
STATUSES = tuple(s.value for s in ProgramStatus)
MAX_FEE = 1_000_000
"""The highest fee a program may list, US dollars."""
MOST_PROGRAMS = 500
"""The most programs a plan may list; applicants apply to a hundred or so."""


def read_programs(reader: FieldReader, value: object) -> tuple[Program, ...]:
    """The programs of ``[[programs]]``, in file order; problems go to ``reader``."""
    found: list[tuple[int, Program]] = []
    for index, entry in enumerate(reader.array(value, ("programs",), most=MOST_PROGRAMS)):
        path: KeyPath = ("programs", index)
        program = _program(reader, entry, path)
        if program is None:
            continue
        twin = next((i for i, p in found if same_name(p.name, program.name)), None)
        if twin is not None:
            reader.fail(
                (*path, "name"),
                f"{describe(program.name)} is already used by programs[{twin}];"
                " give each program a unique name",
            )
            continue
        twin = next((i for i, p in found if p.id == program.id), None)
        if twin is not None:
            reader.fail(
                (*path, "name"),
                f'{describe(program.name)} gives the same id ("{program.id}") as'
                f" programs[{twin}]; make the names differ in their letters or digits",
            )
            continue
        for key, message in program_rules(program):
            reader.fail((*path, key), message)
        found.append((index, program))
    return tuple(program for _, program in found)


def _program(reader: FieldReader, value: Table, path: KeyPath) -> Program | None:
    tbl = reader.table(value, path, PROGRAM_KEYS, required=True)
    name = reader.text(tbl, path, "name", required=True)
    kind = reader.choice(tbl, path, "type", KINDS, required=False)
    status = reader.choice(tbl, path, "status", STATUSES, required=False)
    fee = reader.whole(tbl, path, "fee", 0, MAX_FEE)
    texts = {
        key: reader.text(tbl, path, key, required=False)
        for key in ("specialty", "visa", "lor_policy", "url")
    }
    texts["notes"] = reader.text(tbl, path, "notes", required=False, lines=True)
    days = {key: reader.day(tbl, path, key, required=False) for key in ("applied", "reply")}
    answer_by = reader.day(tbl, path, "answer_by", required=False)
    deadlines = day_list(reader, tbl, path, "deadlines")
    starts = day_list(reader, tbl, path, "start_options")
    if name is None:
        return None
    return Program(
        name=name,
        type=RotationKind(kind) if kind else None,
        specialty=texts["specialty"],
        fee=fee,
        visa=texts["visa"],
        lor_policy=texts["lor_policy"],
        deadlines=deadlines,
        start_options=starts,
        status=ProgramStatus(status) if status else ProgramStatus.RESEARCHING,
        applied=days["applied"],
        reply=days["reply"],
        answer_by=answer_by,
        url=texts["url"],
        notes=texts["notes"],
    )


def day_list(reader: FieldReader, tbl: Table, path: KeyPath, key: str) -> tuple[date, ...]:
    """A date or a list of dates, sorted, each once."""
    value = tbl.get(key)
    if value is None:
        return ()
    entries = value if isinstance(value, list) else [value]
    if all(isinstance(v, date) and type(v) is date for v in entries):
        return tuple(sorted(set(entries)))
    example = "[2027-04-05, 2027-05-03]"
    reader.fail(
        (*path, key), f"expected a date or a list of dates such as {example}, got {describe(value)}"
    )
    return ()
