"""The guide's fixed vocabulary: kinds of rotation and the stages of a letter."""

from __future__ import annotations

from enum import StrEnum


class RotationKind(StrEnum):
    """The kinds of US clinical experience the guide compares."""

    CLERKSHIP = "clerkship"
    EXTERNSHIP = "externship"
    OBSERVERSHIP = "observership"
    TELE_OBSERVERSHIP = "tele-observership"


class LetterStatus(StrEnum):
    """Where a letter of recommendation stands, in order."""

    NONE = "none"
    ASKED = "asked"
    PROMISED = "promised"
    REQUESTED = "requested"
    UPLOADED = "uploaded"

    @property
    def rank(self) -> int:
        """Position in the order above: a later status implies the earlier ones."""
        return list(LetterStatus).index(self)
