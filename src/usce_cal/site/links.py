"""The links that subscribe a calendar client to a published feed."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def links(base: str, relative: str, name: str) -> dict[str, str]:
    """Subscribe links for the feed at ``base/relative``."""
    https = f"{base}/{relative}"
    webcal = "webcal://" + https.removeprefix("https://")
    return {
        "https": https,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": https, "name": name}),
        "file": relative.rsplit("/", 1)[-1],
    }
