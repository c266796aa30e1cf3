"""What the lint rules read and report: unfolded content lines, the items they make up,
and each rule broken at a line."""

from __future__ import annotations

from msgspec import Struct, field


class Violation(Struct, frozen=True):
    """One rule broken at one line, before the file and the rule's details are added."""

    line: int
    """Physical line where the content line starts (1-based); 0 for the whole file."""
    rule: str
    """Rule id, such as ``crlf``."""
    message: str
    """What is wrong here."""


class ContentLine(Struct, frozen=True):
    """One unfolded content line."""

    line: int
    """Physical line it starts on."""
    name: str
    """Property name, upper case."""
    params: dict[str, str]
    """Parameters, names upper case."""
    value: str
    """Raw value (still escaped)."""


class Item(Struct):
    """What the checks need to know about one VEVENT or VTODO."""

    line: int
    """Line of its BEGIN."""
    kind: str
    """VEVENT or VTODO."""
    props: dict[str, ContentLine] = field(default_factory=dict)
    """The first of each of its properties, by name."""
    alarms: int = 0
    """How many VALARMs it holds."""
