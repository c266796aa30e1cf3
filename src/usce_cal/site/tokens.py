"""A cohort site's private side: each member's unguessable address, the record of what each
feed was built from, and the coordinator's list of addresses.

The token file and the list live beside the cohort file, never inside the published site.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from pathlib import Path

from msgspec import Struct, field

from usce_cal.errors import OutputError
from usce_cal.plan.cohort import Cohort
from usce_cal.site.links import addresses

FEED = "calendar.ics"
"""A member's feed, in their private folder."""
PAGE = "index.html"
"""A page, in the site's folder or a member's."""
PRIVATE = "p"
"""Folder of the members' private feeds: ``p/<token>/calendar.ics``."""

TOKEN_BYTES = 18
"""Random bytes in a member's token: 144 bits, 24 URL-safe characters."""
COHORT_FEED = "cohort.ics"
"""The cohort's own feed, at the top of the site."""


class Secrets(Struct):
    """The private record kept beside the cohort file."""

    tokens: dict[str, str] = field(default_factory=dict)
    """Member id to token."""
    inputs: dict[str, str] = field(default_factory=dict)
    """Member id (or ``cohort``) to the fingerprint of what its files were built from."""
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Member id to the fingerprint of their plan as last published, and the day (ISO) it
    was first published as it is."""
    board: dict[str, dict[str, object]] = field(default_factory=dict)
    """Member id to their board row as last published and the ``inputs`` it was made from."""


def read_secrets(path: Path) -> Secrets:
    """The private record, or an empty one for a new cohort."""
    if not path.exists():
        return Secrets()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        seen = {member: (str(fp), str(day)) for member, (fp, day) in data.get("seen", {}).items()}
        return Secrets(
            dict(data["tokens"]), dict(data.get("inputs", {})), seen, dict(data.get("board", {}))
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OutputError.one(
            f"cannot read the token file ({exc}); restore it from a backup, or delete it to"
            " issue every member a new address",
            file=str(path),
        ) from None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def inert(cell: str) -> str:
    """``cell`` as text a spreadsheet will not run: a leading formula character gets a
    ``'`` before it, as OWASP advises."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def subscriptions_csv(cohort: Cohort, state: Secrets) -> str:
    """The coordinator's list: each member's page, feed and webcal address, every cell inert."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["member", "name", "page", "feed", "webcal"])
    for member in cohort.members:
        relative = f"{PRIVATE}/{state.tokens[member.id]}/{FEED}"
        https, webcal = addresses(cohort.base_url, relative)
        page = f"{cohort.base_url}/{PRIVATE}/{state.tokens[member.id]}/"
        row = [member.id, member.name, page, https, webcal]
        writer.writerow([inert(cell) for cell in row])
    return stream.getvalue()


def issue_tokens(state: Secrets, members: list[str], *, rotate: str | None) -> list[str]:
    """Give each member without a token (and ``rotate``) a new one; return the retired ones."""
    retired = []
    for member in members:
        if member not in state.tokens or member == rotate:
            if member in state.tokens:
                retired.append(state.tokens[member])
            state.tokens[member] = secrets.token_urlsafe(TOKEN_BYTES)
    return retired


def secrets_json(state: Secrets) -> bytes:
    """The private record as the token file holds it."""
    data = {
        "tokens": state.tokens,
        "inputs": state.inputs,
        "seen": state.seen,
        "board": state.board,
    }
    # Compact: with the board's rows a large cohort's record runs to megabytes, and only the
    # compact form uses the json module's fast encoder.
    return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
