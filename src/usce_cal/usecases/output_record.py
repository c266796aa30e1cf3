"""What ``generate`` wrote into a folder, remembered there so nothing goes stale.

The record (``.usce-cal.json``, a dotfile that ``serve`` never publishes) keeps, per plan,
which extra files were asked for: the split calendars, the task list and the page. A later
run keeps writing them unless told not to (``--no-split``…), and removes the files of an
extra that is turned off, saying so.
"""

from __future__ import annotations

import json
from pathlib import Path

from msgspec import Struct
from msgspec.structs import asdict

RECORD = ".usce-cal.json"
"""The record's file name in the output folder."""


class Extras(Struct, frozen=True):
    """The extra files a plan's calendar comes with."""

    split: bool = False
    """The split calendars (``--split``)."""
    tasks: bool = False
    """The task list (``--tasks``)."""
    html: bool = False
    """The page (``--html``)."""


def read_record(folder: Path) -> dict[str, Extras]:
    """The record in ``folder``, by plan name; empty when there is none or it is damaged."""
    try:
        raw = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        return {
            name: Extras(**{k: bool(v) for k, v in values.items() if k in Extras.__struct_fields__})
            for name, values in raw.items()
            if isinstance(values, dict)
        }
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def record_bytes(record: dict[str, Extras]) -> bytes:
    """The record as written."""
    data = {name: asdict(extras) for name, extras in sorted(record.items())}
    return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()


def resolve(
    before: Extras | None, *, split: bool | None, tasks: bool | None, html: bool | None
) -> Extras:
    """The extras of this run: what was asked for, else what the last run wrote."""
    last = before or Extras()
    return Extras(
        split=last.split if split is None else split,
        tasks=last.tasks if tasks is None else tasks,
        html=last.html if html is None else html,
    )


def extra_files(folder: Path, name: str, extras: Extras, parts: list[str]) -> list[Path]:
    """The files ``extras`` add beside ``name.ics`` (``parts``: the split calendars' keys)."""
    files = []
    if extras.split:
        files += [folder / f"{name}-{part}.ics" for part in parts]
    if extras.tasks:
        files.append(folder / f"{name}-tasks.ics")
    if extras.html:
        files.append(folder / f"{name}.html")
    return files
