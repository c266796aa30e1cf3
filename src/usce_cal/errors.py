"""The one exception tree: every error a user can cause, with where it came from.

Core code raises these; only the command line turns them into a message and an exit code.
"""

from __future__ import annotations

import re
import unicodedata

from msgspec import Struct

_LATIN_1 = 0xFF
"""The last code point written as ``\\xNN``; later ones are ``\\uNNNN``."""
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters: C0, DEL, C1, and the Unicode line and paragraph separators."""


def quoted(value: str) -> str:
    """``value`` in double quotes for a message, with control and format characters escaped
    (``\\n``, ``\\x1b``, ``\\u202e``), so that a message is one line that shows what the file
    holds and cannot move the terminal's cursor or reverse its text."""
    return f'"{visible(value)}"'


def visible(value: str) -> str:
    """``value`` with control and format characters escaped, as ``quoted`` shows it."""
    return "".join(_visible(char) for char in value)


def _visible(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        code = ord(char)
        return f"\\x{code:02x}" if code <= _LATIN_1 else f"\\u{code:04x}"
    return char


class Problem(Struct, frozen=True):
    """One thing wrong with an input, located as precisely as we can."""

    message: str
    """What is wrong and what would be valid, in one line."""
    file: str | None = None
    """The file it was found in, as the user named it."""
    line: int | None = None
    """1-based line in that file, when known."""
    field: str | None = None
    """Dotted path of the field, such as ``rotations[0].start``."""

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [p for p in (where, self.field) if p]
        return visible(": ".join([*parts, self.message]))


class UsceCalError(Exception):
    """Bad input or a failed operation; carries one or more located problems."""

    def __init__(self, *problems: Problem) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems: tuple[Problem, ...] = problems

    @classmethod
    def one(
        cls,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> UsceCalError:
        return cls(Problem(message, file=file, line=line, field=field))


class PlanError(UsceCalError):
    """A plan file that cannot be used: syntax, schema or impossible values."""


class TemplateError(UsceCalError):
    """A description template that is missing, fails to compile, or fails to render."""


class UsageError(UsceCalError):
    """An option or argument the command cannot use."""


class CheckError(UsceCalError):
    """A plan that breaks one of the guide's rules badly enough to stop (an error finding)."""


class OutputError(UsceCalError):
    """The output cannot be written where it was asked for."""
