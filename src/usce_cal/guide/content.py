"""The guide as data: its months, phases, rotation kinds and letter steps.

Everything here is read from the packaged TOML files; no fact lives in code. The texts are
worded for one application service (``guide.services.Words``): ``load_guide(words)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from functools import cache, partial

from msgspec import Struct

from usce_cal.guide import data_files
from usce_cal.guide.services import Words, words_for
from usce_cal.guide.vocabulary import LetterStatus, RotationKind


class Phase(Struct, frozen=True):
    """A stretch of the guide's year, such as the foundation months."""

    key: str
    """Stable key."""
    title: str
    """Heading shown in descriptions."""
    first: int
    """First month offset of the phase."""
    last: int
    """Last month offset of the phase."""


class Line(Struct, frozen=True):
    """One checklist line of a month."""

    text: str
    """What to do."""
    until: int | None = None
    """The last guide month it still applies in, if it stops applying."""
    health: bool = False
    """Whether it is time-limited health paperwork (TB test, physical)."""


class Month(Struct, frozen=True):
    """One month of the guide."""

    offset: int
    """Months from the month submission opens (-1); -12 is the October a year before."""
    title: str
    """What the month is about."""
    summary: str
    """One or two sentences on the month's aim."""
    lines: tuple[Line, ...]
    """What to have done by the end of the month."""
    notes: tuple[str, ...]
    """Pitfalls and answers that apply this month."""
    phase: Phase
    """The phase the month belongs to."""
    urgency: int = 0
    """Order of late work: 1 is the most urgent (what still changes the outcome)."""
    catch_up: str = ""
    """What to prioritise when this month's work is done late."""
    show_rotation_kinds: bool = False
    """Whether the month's description compares the rotation kinds."""

    @property
    def key(self) -> str:
        """Stable key, such as ``month-12``, ``month+0`` or ``month+2``."""
        return f"month{self.offset:+d}"

    @property
    def checklist(self) -> tuple[str, ...]:
        """Every line of the month's checklist."""
        return tuple(line.text for line in self.lines)


class KindInfo(Struct, frozen=True):
    """The guide's figures for one kind of rotation."""

    kind: RotationKind
    """Which kind."""
    title: str
    """Name in words."""
    hands_on: bool
    """Whether the student touches patients."""
    cost_min: int
    """Lowest program fee for 4 weeks, US dollars."""
    cost_max: int
    """Highest program fee for 4 weeks, US dollars."""
    letter_likelihood: str
    """How likely a useful letter is: high, medium or low."""


class StepRule(Struct, frozen=True):
    """When one rotation step falls, relative to its rotation and the season."""

    key: str
    """Stable key; the item key is ``rotation/<id>/<key>``."""
    title: str
    """Summary prefix."""
    after: tuple[tuple[str, int], ...]
    """Anchors and day offsets; the step is on the latest of them."""
    checklist: tuple[str, ...] = ()
    """What to do on the day."""
    not_after: str | None = None
    """Anchor the step may not pass."""
    per_letter: bool = False
    """Whether the step is done once per letter writer rather than once per rotation."""
    done_at: LetterStatus | None = None
    """Letter status from which the step is no longer needed; ``None`` if always needed."""
    remote_title: str | None = None
    """The title for a tele-observership, when it differs."""
    remote_checklist: tuple[str, ...] | None = None
    """The checklist for a tele-observership, when it differs."""
    late: bool = False
    """Whether it is the one step of a rotation that ended with no letter asked for."""


class Guide(Struct, frozen=True):
    """The whole guide."""

    gold_standard: str
    """The guide's target for a strong application."""
    phases: tuple[Phase, ...]
    """Phases in order."""
    months: tuple[Month, ...]
    """Months in order, -12 to +3."""
    kinds: dict[RotationKind, KindInfo]
    """Figures per rotation kind."""
    steps: tuple[StepRule, ...]
    """Rotation steps in order."""
    exam_margin: timedelta
    """Study time to keep free of rotations before an exam."""
    health_window: timedelta
    """How long before a rotation time-limited health papers are commonly accepted."""


def load_guide(words: Words | None = None) -> Guide:
    """The packaged guide, worded for ``words`` (default: an ERAS applicant)."""
    return _guide((words or words_for("", 0)).values)


@cache
def _guide(values: tuple[tuple[str, str], ...]) -> Guide:
    words = dict(values)
    fill = partial(_WORD.sub, lambda m: words.get(m.group(1), m.group(0)))
    raw = data_files.guide_data()
    phases = tuple(Phase(p["key"], fill(p["title"]), *p["months"]) for p in raw["phase"])

    def phase_of(offset: int) -> Phase:
        return next(p for p in phases if p.first <= offset <= p.last)

    months = tuple(
        Month(
            offset=m["offset"],
            title=fill(m["title"]),
            summary=fill(m["summary"]),
            lines=tuple(_line(entry, fill) for entry in m["checklist"]),
            notes=tuple(fill(note) for note in m["notes"]),
            phase=phase_of(m["offset"]),
            urgency=m["urgency"],
            show_rotation_kinds=m.get("show_rotation_kinds", False),
            catch_up=fill(m["catch_up"]),
        )
        for m in sorted(raw["month"], key=lambda m: m["offset"])
    )
    kinds = {
        RotationKind(name): KindInfo(RotationKind(name), **fields)
        for name, fields in data_files.rotation_kinds().items()
    }
    steps = tuple(
        StepRule(
            key=s["key"],
            title=fill(s["title"]),
            after=tuple((a, d) for a, d in s["after"]),
            checklist=tuple(fill(line) for line in s["checklist"]),
            not_after=s.get("not_after"),
            per_letter=s["scope"] == "letter",
            done_at=LetterStatus(s["done_at"]) if "done_at" in s else None,
            remote_title=fill(s["remote_title"]) if "remote_title" in s else None,
            remote_checklist=tuple(fill(x) for x in s["remote_checklist"])
            if "remote_checklist" in s
            else None,
            late=s.get("late", False),
        )
        for s in data_files.rotation_steps()["step"]
    )
    margin = timedelta(days=raw["exam_margin_days"])
    health = timedelta(days=raw["health_window_days"])
    return Guide(raw["gold_standard"], phases, months, kinds, steps, margin, health)


def _line(entry: str | data_files.LineData, fill: Callable[[str], str]) -> Line:
    """A checklist line as the data writes it: text, or a table with its limits."""
    if isinstance(entry, str):
        return Line(fill(entry))
    return Line(fill(entry["text"]), entry.get("until"), entry.get("health", False))


_WORD = re.compile(r"\{([A-Za-z_]+)\}")
