"""Where each key of a TOML document stands, so messages can name a line.

``tomllib`` reports lines for syntax errors only. This maps the key paths of a parsed
document (``("rotations", 1, "start")``) to 1-based line numbers by reading the headers
and ``key =`` lines. Keys it cannot place (inline tables, dotted keys) have no line, and
messages then name the nearest enclosing table.
"""

from __future__ import annotations

import re

KeyPath = tuple[str | int, ...]

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]")
_STRING = re.compile(r""""(?:\\.|[^"\\])*"|'[^']*'""")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")


def key_lines(text: str) -> dict[KeyPath, int]:
    """Map each placeable key path in ``text`` to the line it is defined on."""
    lines: dict[KeyPath, int] = {}
    counts: dict[KeyPath, int] = {}
    table: KeyPath = ()
    depth = 0  # open brackets of a multi-line array: keys inside are not table keys
    array: KeyPath = ()  # the multi-line array being read, and how many of its tables so far
    entries = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0] if '"' not in raw and "'" not in raw else raw
        if depth == 1 and array and line.lstrip().startswith("{"):
            lines[(*array, entries)] = number  # an inline table in an array of tables
            entries += 1
        if depth == 0:
            if match := _ARRAY_HEADER.match(line):
                name = _within(match.group(1), counts)
                index = counts.get(name, 0)
                counts[name] = index + 1
                table = (*name, index)
                lines.setdefault(name, number)
                lines[table] = number
                continue
            if match := _TABLE_HEADER.match(line):
                table = _within(match.group(1), counts)
                lines[table] = number
                continue
            if match := _KEY.match(line):
                key = next(g for g in match.groups() if g is not None)
                lines.setdefault((*table, key), number)
                array, entries = (*table, key), 0
        code = _STRING.sub('""', raw).split("#", 1)[0]  # brackets inside strings open nothing
        depth = max(0, depth + code.count("[") - code.count("]"))
    return lines


def _within(header: str, counts: dict[KeyPath, int]) -> KeyPath:
    """The path of a dotted header; a part naming an array means its latest table."""
    path: KeyPath = ()
    parts = header.split(".")
    for part in parts[:-1]:
        path = (*path, part)
        if path in counts:
            path = (*path, counts[path] - 1)
    return (*path, parts[-1])


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int | None:
    """The line of ``path``, or of its nearest enclosing table that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def dotted(path: KeyPath) -> str:
    """``("rotations", 1, "start")`` as ``rotations[1].start``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
