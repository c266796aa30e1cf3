"""How often subscribers should refresh a feed, and the largest feed every client imports:
shared by the writer, the linter and the server."""

from __future__ import annotations

from datetime import timedelta

REFRESH = timedelta(hours=12)
"""How often a subscribed client should refresh (advisory)."""
MAX_SIZE = 1_000_000
"""Largest file, in bytes, that every client imports."""
