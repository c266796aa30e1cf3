"""How often subscribers should refresh a feed: shared by the writer and the server."""

from __future__ import annotations

from datetime import timedelta

REFRESH = timedelta(hours=12)
"""How often a subscribed client should refresh (advisory)."""
