"""What the checks share: their thresholds, the shape of a finding before its words, and
how a rotation is named in a message."""

from __future__ import annotations

from datetime import timedelta

from usce_cal.guide.vocabulary import RotationKind
from usce_cal.plan.model import Rotation

AUTUMN = (10, 11, 12)
"""Months whose letters come too late for interview invitations."""
TARGET_WEEKS = 8
"""Two months of USCE, overall and in the target specialty."""
LETTER_ARRIVAL = timedelta(weeks=4)
"""Letters commonly arrive about 4 weeks after a rotation ends."""
MIN_BEFORE_TARGET = 2
"""Rotations to have finished before the letter target."""
MIN_LETTERS = 2
"""US letters to have uploaded by the letter target (the guide asks for 2–3; 3 is better)."""

STEP_2_LEAD = timedelta(weeks=8)
"""Sit Step 2 CK at least this long before submission opens: results take about 4 weeks."""
LETTER_CAP = 4
"""A program receives at most this many letters per applicant."""

Values = dict[str, object]
"""What a check's message template is filled with."""
Found = tuple[str, str, Values]
"""One finding before its words are looked up: check name, plan field, values."""


def label(index: int, rotation: Rotation) -> str:
    """How a message names a rotation: ``rotations[1] "mercy-im"``."""
    return f'rotations[{index}] "{rotation.id}"'


def in_person(rotations: tuple[Rotation, ...]) -> list[tuple[int, Rotation]]:
    """The rotations that are US clinical experience (not tele-observerships), by index."""
    return [(i, r) for i, r in enumerate(rotations) if r.kind is not RotationKind.TELE_OBSERVERSHIP]
