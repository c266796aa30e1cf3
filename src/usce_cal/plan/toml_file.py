"""Reading an input file (a plan or a cohort): its text, then its TOML, with every failure
reported as a located problem.

An input file must be a regular file under ``MAX_BYTES`` (a FIFO, a device such as
``/dev/zero`` or a huge file is refused before it is read), and its arrays and inline
tables may nest at most ``MAX_DEPTH`` deep, so that no input exhausts memory, blocks, or
makes the TOML parser recurse too deep.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import tomli  # the standard library's tomllib, compiled

from usce_cal.errors import PlanError, Problem
from usce_cal.plan.fields import Table

MAX_BYTES = 1 << 20
"""Largest plan file: a plan is a few kilobytes."""
MAX_COHORT_BYTES = 8 << 20
"""Largest cohort file: 5,000 members with inline rotations fit."""
MAX_DEPTH = 16
"""Deepest nesting of arrays and inline tables (a plan needs 3)."""
_SKIPPED = re.compile(
    r'"""(?:[^\\]|\\.)*?"""{1,3}|\'\'\'.*?\'{3,5}|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\n]*\'|#[^\n]*',
    re.S,
)
"""Strings and comments, which brackets inside do not count. A multi-line string may end
in up to two quotes of its own before its closing three (TOML 1.0). A one-line basic string
is matched as runs of plain characters between escapes, twice as fast as a character at a
time."""
_MARKS = re.compile(f"{_SKIPPED.pattern}|[\\[\\]{{}}]", re.S)
"""Strings and comments (skipped as a whole), or a bracket."""
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")


def read_text(path: Path, *, shown: str, missing: str, noun: str, most: int = MAX_BYTES) -> str:
    """The text of ``path`` (named ``shown`` in messages): ``missing`` if there is no such
    file, "cannot read the ``noun``" if it is not a regular file of at most ``most`` bytes
    of UTF-8."""
    try:
        # O_NONBLOCK: opening a FIFO does not wait for a writer; it is then refused.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise PlanError.one(missing, file=shown) from None
    except (OSError, ValueError) as exc:
        raise PlanError.one(f"cannot read the {noun}: {_reason(exc)}", file=shown) from None
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise PlanError.one(f"cannot read the {noun}: not a regular file", file=shown)
    with os.fdopen(handle, "rb") as stream:
        data = stream.read(most + 1)
    if len(data) > most:
        raise PlanError.one(f"cannot read the {noun}: larger than {most:,} bytes", file=shown)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError.one(
            f"cannot read the {noun}: not UTF-8 (byte {exc.start + 1})", file=shown, line=line
        ) from None


def _reason(exc: OSError | ValueError) -> str:
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)


def parse_toml(text: str, *, source: str) -> Table:
    """``text`` as a TOML document; a syntax error names its line and column."""
    _check_depth(text, source)
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise PlanError(syntax_problem(exc, source, text)) from None
    except RecursionError:  # _check_depth should have said so; never a traceback
        raise PlanError.one(
            f"arrays and tables nested more than {MAX_DEPTH} deep", file=source
        ) from None


def _check_depth(text: str, source: str) -> None:
    """Refuse arrays and inline tables nested deeper than ``MAX_DEPTH``, naming the line.

    Brackets inside strings and comments do not count; table headers (``[[rotations]]``)
    open and close on their line. The brackets are first counted with the strings and
    comments taken out by regular expressions (``deepest``: 30 times as fast on a cohort
    file as reading token by token); only a file found too deep is read again, to name the
    line. (In a file that is not TOML, tomli's own ``RecursionError`` is still caught by
    ``parse_toml``.)
    """
    if deepest(text) <= MAX_DEPTH:
        return
    raise PlanError.one(
        f"arrays and tables nested more than {MAX_DEPTH} deep",
        file=source,
        line=too_deep_at(text, MAX_DEPTH),
    )


def too_deep_at(text: str, most: int) -> int | None:
    """The line where brackets outside strings and comments first nest deeper than
    ``most``; ``None`` if they never do. Strings and comments are read as ``deepest``
    reads them, so the two always agree."""
    depth = 0
    for mark in _MARKS.finditer(text):
        token = mark.group()
        if token in ("[", "{"):
            depth += 1
            if depth > most:
                return text.count("\n", 0, mark.start()) + 1
        elif token in ("]", "}"):
            depth = max(depth - 1, 0)
    return None


def deepest(text: str) -> int:
    """The deepest nesting of brackets outside strings and comments."""
    depth = deepest = 0
    for mark in _NOT_BRACKETS.sub("", _SKIPPED.sub("", text)):
        if mark in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


def syntax_problem(exc: tomli.TOMLDecodeError, source: str, text: str) -> Problem:
    """A TOML syntax error with its line as a location, and its column in the message; an
    error at the end of the document is on its last line."""
    found = re.fullmatch(r"(?s)(.*) \(at line (\d+), column (\d+)\)", str(exc))
    if found is None:
        last = max(1, len(text.splitlines()))
        at_end = str(exc).endswith("(at end of document)")
        return Problem(f"TOML syntax error: {exc}", file=source, line=last if at_end else None)
    message, line, column = found.groups()
    return Problem(f"TOML syntax error: {message} (column {column})", file=source, line=int(line))
