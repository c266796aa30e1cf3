"""``done``: mark a guide month or an action done in the plan file, keeping its layout."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import tomlkit
from tomlkit.items import Array, Table

from usce_cal.calendar.files import write_atomic
from usce_cal.errors import PlanError
from usce_cal.plan.load import load_plan, parse_plan


def mark_done(path: Path, key: str, *, today: date) -> bool:
    """Add ``key`` to ``[plan] done`` in the plan at ``path``; say whether it was new.

    The plan is checked with the key added before anything is written, so an unknown key
    leaves the file as it was.
    """
    load_plan(path, today=today)
    text = path.read_text(encoding="utf-8")
    document = tomlkit.parse(text)
    meta = document.get("plan")
    if not isinstance(meta, Table):
        raise PlanError.one("missing table [plan]", file=str(path), field="plan")
    done = meta.get("done")
    if done is None:
        done = tomlkit.array()
        meta["done"] = done
    if not isinstance(done, Array):
        raise PlanError.one(
            'expected a list such as ["month-12"]', file=str(path), field="plan.done"
        )
    if key in done:
        return False
    done.append(key)
    new = tomlkit.dumps(document)
    parse_plan(new, today=today, source=str(path), plan_name=path.stem)
    write_atomic(path, new.encode("utf-8"))
    return True
