"""An item's description in both forms: what the events layer needs of the templates."""

from __future__ import annotations

from msgspec import Struct


class Description(Struct, frozen=True):
    """One item's description in both forms."""

    text: str
    """Plain text, for DESCRIPTION."""
    html: str
    """The same content as HTML, for X-ALT-DESC."""
