"""An item's description in both forms: what the events layer needs of the templates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Description:
    """One item's description in both forms."""

    text: str
    """Plain text, for DESCRIPTION."""
    html: str
    """The same content as HTML, for X-ALT-DESC."""
