"""The links that subscribe a calendar client to a published feed."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def addresses(base: str, relative: str) -> tuple[str, str]:
    """The feed at ``base/relative`` by ``https://`` and by ``webcal://``."""
    https = f"{base}/{relative}"
    return https, "webcal://" + https.removeprefix("https://")


def links(base: str, relative: str, name: str) -> dict[str, str]:
    """Subscribe links for the feed at ``base/relative``."""
    https, webcal = addresses(base, relative)
    return {
        "https": https,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": https, "name": name}),
        "file": relative.rsplit("/", 1)[-1],
    }
