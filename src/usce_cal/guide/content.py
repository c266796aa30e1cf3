"""The guide as data: its months, phases, rotation kinds and letter steps.

Everything here is read from the packaged TOML files; no fact lives in code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cache

from usce_cal.guide import data_files
from usce_cal.guide.vocabulary import LetterStatus, RotationKind


@dataclass(frozen=True)
class Phase:
    """A stretch of the guide's year, such as the foundation months."""

    key: str
    """Stable key."""
    title: str
    """Heading shown in descriptions."""
    first: int
    """First month offset of the phase."""
    last: int
    """Last month offset of the phase."""


@dataclass(frozen=True)
class Month:
    """One month of the guide."""

    offset: int
    """Months from the month submission opens (-1); -12 is the October a year before."""
    title: str
    """What the month is about."""
    summary: str
    """One or two sentences on the month's aim."""
    checklist: tuple[str, ...]
    """What to have done by the end of the month."""
    notes: tuple[str, ...]
    """Pitfalls and answers that apply this month."""
    phase: Phase
    """The phase the month belongs to."""
    catch_up: str = ""
    """What to prioritise when this month's work is done late."""
    show_rotation_kinds: bool = False
    """Whether the month's description compares the rotation kinds."""

    @property
    def key(self) -> str:
        """Stable key, such as ``month-12``, ``month+0`` or ``month+2``."""
        return f"month{self.offset:+d}"


@dataclass(frozen=True)
class KindInfo:
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


@dataclass(frozen=True)
class StepRule:
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


@dataclass(frozen=True)
class Guide:
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


@cache
def load_guide() -> Guide:
    """The packaged guide."""
    raw = data_files.guide_data()
    phases = tuple(Phase(p["key"], p["title"], *p["months"]) for p in raw["phase"])

    def phase_of(offset: int) -> Phase:
        return next(p for p in phases if p.first <= offset <= p.last)

    months = tuple(
        Month(
            offset=m["offset"],
            title=m["title"],
            summary=m["summary"],
            checklist=tuple(m["checklist"]),
            notes=tuple(m["notes"]),
            phase=phase_of(m["offset"]),
            show_rotation_kinds=m.get("show_rotation_kinds", False),
            catch_up=m["catch_up"],
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
            title=s["title"],
            after=tuple((a, d) for a, d in s["after"]),
            checklist=tuple(s["checklist"]),
            not_after=s.get("not_after"),
            per_letter=s["scope"] == "letter",
            done_at=LetterStatus(s["done_at"]) if "done_at" in s else None,
        )
        for s in data_files.rotation_steps()["step"]
    )
    margin = timedelta(days=raw["exam_margin_days"])
    return Guide(raw["gold_standard"], phases, months, kinds, steps, margin)
