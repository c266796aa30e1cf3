"""Checking any .ics file against the rules calendar clients need.

A linter has to see what parsers forgive: raw line ends, fold points and escapes. So this
reads the bytes itself, keeps each content line's physical line number, and reports every
finding with the line, the rule (data/lint_rules.toml) and the clients it breaks. The checks
themselves are in ``usce_cal.calendar.lint_rules``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from msgspec import Struct

from usce_cal.calendar.lint_model import ContentLine, Violation
from usce_cal.calendar.lint_rules import FOLD_PREFIXES, check_components, check_lines
from usce_cal.errors import visible
from usce_cal.guide import data_files


class LintFinding(Struct, frozen=True):
    """One rule broken at one place."""

    file: str
    """The file as named on the command line."""
    line: int
    """Physical line where the content line starts (1-based); 0 for the whole file."""
    rule: str
    """Rule id, such as ``crlf``."""
    severity: str
    """error or warning."""
    message: str
    """What is wrong here."""
    clients: str
    """Which clients it breaks."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        # The message quotes the file's values: control characters shown as escapes.
        return visible(
            f"{where}: {self.severity}: {self.rule}: {self.message} (breaks: {self.clients})"
        )


def lint_file(path: Path, *, shown: str | None = None) -> list[LintFinding]:
    """Every finding in the file at ``path``."""
    name = shown or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return [_finding(name, Violation(0, "encoding", f"cannot read the file: {exc.strerror}"))]
    return lint_bytes(data, name)


def lint_bytes(data: bytes, name: str) -> list[LintFinding]:
    """Every finding in calendar ``data``; ``name`` names it in messages."""
    physical = _physical_lines(data)
    violations = [*check_lines(len(data), physical), *check_components(list(_unfold(physical)))]
    findings = [_finding(name, violation) for violation in violations]
    return sorted(findings, key=lambda f: (f.line, f.rule))


def _physical_lines(data: bytes) -> list[bytes]:
    """``data`` split at LF, each line still carrying any CR; no empty line after the last LF."""
    physical = data.split(b"\n")
    if physical and physical[-1] == b"":
        physical.pop()
    return physical


def _unfold(physical: list[bytes]) -> Iterator[ContentLine]:
    """Join each continuation line to the one before it and parse the content lines."""
    start, parts = 0, list[bytes]()
    for number, raw in enumerate(physical, start=1):
        octets = raw.removesuffix(b"\r")
        if octets.startswith(FOLD_PREFIXES) and parts:
            parts.append(octets[1:])
            continue
        if parts:
            yield _parse(b"".join(parts), start)
        start, parts = number, [octets]
    if parts:
        yield _parse(b"".join(parts), start)


def _parse(raw: bytes, line: int) -> ContentLine:
    text = raw.decode("utf-8", errors="replace")
    head, value = _split_unquoted(text, ":")
    name, *params = _split_all_unquoted(head, ";")
    parsed = {}
    for param in params:
        key, _, val = param.partition("=")
        parsed[key.upper()] = val.strip('"')
    return ContentLine(line, name.upper(), parsed, value)


def _split_unquoted(text: str, sep: str) -> tuple[str, str]:
    quoted = False
    for index, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == sep and not quoted:
            return text[:index], text[index + 1 :]
    return text, ""


def _split_all_unquoted(text: str, sep: str) -> list[str]:
    parts = []
    while True:
        head, rest = _split_unquoted(text, sep)
        parts.append(head)
        if head == text:
            return parts
        text = rest


def _finding(file: str, violation: Violation) -> LintFinding:
    """``violation`` in ``file``, with the rule's severity, text and clients."""
    spec = data_files.lint_rules()[violation.rule]
    return LintFinding(
        file,
        violation.line,
        violation.rule,
        spec["severity"],
        f"{spec['text']}: {violation.message}",
        spec["clients"],
    )
