"""The coordinator's board: one row per member (private ones included), members behind first,
as JSON, CSV and a page kept beside the cohort file (never inside the site).

Each row is where the member's plan stands on the day (``engine.progress``) and the day the
plan last changed: the day ``usce-cal cohort`` first published it as it is now, kept in the
private record beside the cohort file. A plan that differs from the one last published (or
was never published) counts as changed on the day the board is made. The record also keeps
each published row, so that a rebuild only works out the members whose inputs changed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from typing import TypedDict, cast

from usce_cal.calendar.describe import Renderer
from usce_cal.engine.progress import LETTER_STAGES, Progress, Status, progress
from usce_cal.plan.cohort import Cohort, Member
from usce_cal.plan.program import ProgramStatus
from usce_cal.plan.sheet_cells import guarded
from usce_cal.site.tokens import Secrets

ORDER = tuple(Status)
"""Statuses worst first: the board lists members behind first."""
SENT = tuple(str(s) for s in ProgramStatus if s is not ProgramStatus.RESEARCHING)
"""Statuses of a program applied to: every one but researching."""
OFFERS = (ProgramStatus.OFFERED, ProgramStatus.ACCEPTED, ProgramStatus.DECLINED)
"""Statuses of a program that made an offer."""


def applied(e: BoardEntry) -> int:
    """Applications sent: programs in any status but researching."""
    return sum(e["programs"][status] for status in SENT)


def offered(e: BoardEntry) -> int:
    """Offers received: programs offered, accepted or declined."""
    return sum(e["programs"][str(status)] for status in OFFERS)


class FindingEntry(TypedDict):
    check: str
    severity: str
    field: str
    message: str


class BoardEntry(TypedDict):
    """One member's row, as ``board --format json`` prints it."""

    member: str
    name: str
    rotations_booked: int
    rotations_target: int
    letters: dict[str, int]
    programs: dict[str, int]
    errors: int
    warnings: int
    overdue: int
    findings: list[FindingEntry]
    status: str
    changed: str


def changed_on(member: Member, state: Secrets, today: date) -> str:
    """The day the member's plan last changed, by the rule of the module."""
    seen = state.seen.get(member.id)
    return seen[1] if seen is not None and seen[0] == member.fingerprint else today.isoformat()


def entry(member: Member, done: Progress, changed: str) -> BoardEntry:
    """A member's row."""
    return BoardEntry(
        member=member.id,
        name=member.name,
        rotations_booked=done.booked,
        rotations_target=done.target,
        letters=dict(done.letters),
        programs=dict(done.programs),
        errors=done.errors,
        warnings=done.warnings,
        overdue=done.overdue,
        findings=[
            FindingEntry(check=f.check, severity=str(f.severity), field=f.field, message=f.message)
            for f in done.findings
        ],
        status=str(done.status),
        changed=changed,
    )


def ordered(entries: list[BoardEntry]) -> list[BoardEntry]:
    """Members behind first: by status, then errors, overdue and warnings (most first)."""
    return sorted(
        entries,
        key=lambda e: (
            ORDER.index(Status(e["status"])),
            -e["errors"],
            -e["overdue"],
            -e["warnings"],
            e["member"],
        ),
    )


def board_entries(cohort: Cohort, state: Secrets, *, today: date) -> list[BoardEntry]:
    """Every member's row, worked out afresh, in board order."""
    return ordered(
        [
            entry(member, progress(member.plan, today=today), changed_on(member, state, today))
            for member in cohort.members
        ]
    )


def board_json(cohort: Cohort, entries: list[BoardEntry], *, today: date) -> str:
    """``{"cohort": …, "today": …, "members": […]}``."""
    report = {"cohort": cohort.id, "today": today.isoformat(), "members": entries}
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = (
    "member",
    "name",
    "status",
    "rotations_booked",
    "rotations_target",
    *(f"letters_{stage}" for stage in LETTER_STAGES),
    *(f"programs_{status}" for status in ProgramStatus),
    "errors",
    "warnings",
    "overdue",
    "changed",
    "findings",
)
"""The board's CSV columns."""


def board_csv(entries: list[BoardEntry]) -> str:
    """The board as CSV, one row per member; no cell can run as a formula."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for e in entries:
        writer.writerow(
            [
                guarded(e["member"]),
                guarded(e["name"]),
                e["status"],
                e["rotations_booked"],
                e["rotations_target"],
                *(e["letters"][str(stage)] for stage in LETTER_STAGES),
                *(e["programs"][str(status)] for status in ProgramStatus),
                e["errors"],
                e["warnings"],
                e["overdue"],
                e["changed"],
                "; ".join(f"{f['severity']}: {f['check']}" for f in e["findings"]),
            ]
        )
    return stream.getvalue()


def published_entries(
    cohort: Cohort, state: Secrets, fresh: dict[str, Progress], *, today: date
) -> list[BoardEntry]:
    """The rows a publish writes, with the record brought up to date: ``fresh`` for the
    members just rebuilt, the record's rows for the others (worked out again when the record
    has none for their inputs)."""
    entries = []
    for member in cohort.members:
        seen = state.seen.get(member.id)
        if seen is None or seen[0] != member.fingerprint:
            state.seen[member.id] = (member.fingerprint, today.isoformat())
        changed = state.seen[member.id][1]
        inputs = state.inputs[member.id]
        kept = state.board.get(member.id, {})
        if member.id in fresh:
            row = entry(member, fresh[member.id], changed)
        elif kept.get("inputs") == inputs and isinstance(kept.get("entry"), dict):
            row = cast(BoardEntry, dict(cast(BoardEntry, kept["entry"])))
            row["member"], row["name"], row["changed"] = member.id, member.name, changed
        else:
            row = entry(member, progress(member.plan, today=today), changed)
        state.board[member.id] = {"inputs": inputs, "entry": row}
        entries.append(row)
    for gone in set(state.board) - {m.id for m in cohort.members}:
        state.board.pop(gone)
        state.seen.pop(gone, None)
    return ordered(entries)


def board_page(
    cohort: Cohort, entries: list[BoardEntry], renderer: Renderer, *, today: date
) -> Iterator[str]:
    """The board as a page for the coordinator, sortable, readable on a phone; piece by
    piece, since it has a row per member."""
    counts = {str(s): sum(1 for e in entries if e["status"] == s) for s in ORDER}
    values = {
        "cohort": cohort,
        "entries": [(e, applied(e), offered(e)) for e in entries],
        "today": today,
        "counts": counts,
    }
    return renderer.page_pieces("board", {**values, "stages": [str(s) for s in LETTER_STAGES]})
