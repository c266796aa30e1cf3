"""Reading an input file (a plan or a cohort): its text, then its TOML, with every failure
reported as a located problem."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from usce_cal.errors import PlanError, Problem
from usce_cal.plan.fields import Table


def read_text(path: Path, *, shown: str, missing: str, noun: str) -> str:
    """The text of ``path`` (named ``shown`` in messages): ``missing`` if there is no such
    file, "cannot read the ``noun``" if it cannot be read as UTF-8."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanError.one(missing, file=shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanError.one(f"cannot read the {noun}: {exc}", file=shown) from None


def parse_toml(text: str, *, source: str) -> Table:
    """``text`` as a TOML document; a syntax error names its line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PlanError(syntax_problem(exc, source)) from None


def syntax_problem(exc: tomllib.TOMLDecodeError, source: str) -> Problem:
    """A TOML syntax error with its line as a location, and its column in the message."""
    found = re.fullmatch(r"(?s)(.*) \(at line (\d+), column (\d+)\)", str(exc))
    if found is None:
        return Problem(f"TOML syntax error: {exc}", file=source)
    message, line, column = found.groups()
    return Problem(f"TOML syntax error: {message} (column {column})", file=source, line=int(line))
