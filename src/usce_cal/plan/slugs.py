"""Ids people and files give things: the slug rule, checked and made from free text."""

from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""Lower-case letters and digits in hyphen-separated words, such as ``mercy-im``."""


def slugify(text: str) -> str:
    """A lower-case, hyphenated id made from free text."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def is_slug(text: str) -> bool:
    """Whether ``text`` follows the slug rule."""
    return SLUG.match(text) is not None
