"""The record of a cohort's last build, so that a build that would change nothing stops
before reading anything but bytes.

The record, a small private file beside the cohort file, holds one hash of everything the
build read and wrote: the program's version, the day, the cohort file, the members' own plan
files, the private files (tokens, list, board) and every file of the site by name, size and
modification time. When the same hash comes out again, a build would write the same bytes,
so none is made. Any difference (an edited plan, a new day, a file touched or removed in the
site, a leftover temporary file) makes a normal build, which only rebuilds what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from usce_cal import __version__
from usce_cal.calendar.files import write_atomic
from usce_cal.site.private_files import last_build_path


@dataclass(frozen=True)
class Built:
    """What ``build_site`` did."""

    members: int
    """Members in the cohort."""
    rebuilt: tuple[str, ...]
    """Ids of the members whose feed and page were rebuilt."""
    site: Path
    """The site folder."""
    secrets: Path
    """The private token file."""
    subscriptions: Path
    """The coordinator's list of addresses."""
    board: Path
    """The coordinator's board."""


@dataclass(frozen=True)
class LastBuild:
    """What the record holds."""

    fingerprint: str
    """The hash of everything the build read and wrote."""
    files: tuple[str, ...]
    """The members' own plan files it read."""
    members: int
    """How many members the cohort had."""


def unchanged(
    cohort_path: Path, out: Path, private: tuple[Path, ...], *, today: date
) -> LastBuild | None:
    """The last build, if building again now would change nothing; else ``None``."""
    last = _read(last_build_path(cohort_path))
    if last is None:
        return None
    files = tuple(Path(name) for name in last.files)
    try:
        now = fingerprint(cohort_path, files, out, private, today=today)
    except OSError:  # the site cannot be listed: let a build say why
        return None
    return last if now == last.fingerprint else None


def record(
    cohort_path: Path,
    files: tuple[Path, ...],
    out: Path,
    private: tuple[Path, ...],
    *,
    today: date,
    members: int,
) -> None:
    """Record a finished build; the last thing a build writes."""
    data = {
        "fingerprint": fingerprint(cohort_path, files, out, private, today=today),
        "files": [str(path) for path in files],
        "members": members,
    }
    write_atomic(last_build_path(cohort_path), json.dumps(data, indent=1).encode() + b"\n")


def fingerprint(
    cohort_path: Path,
    files: tuple[Path, ...],
    out: Path,
    private: tuple[Path, ...],
    *,
    today: date,
) -> str:
    """One hash of the inputs (``cohort_path``, ``files``), the ``private`` files and the
    site at ``out``, for ``today``."""
    digest = hashlib.sha256(f"{__version__}\0{today.isoformat()}\0{out.resolve()}".encode())
    for path in (cohort_path, *files, *private):
        digest.update(f"\0{path}\0".encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    for name, size, modified in _listing(out):
        digest.update(f"\0{name}\0{size}\0{modified}".encode())
    return digest.hexdigest()


def _listing(out: Path) -> list[tuple[str, int, int]]:
    """Every file of the site: its path in the site, size and modification time."""
    found = []
    folders = [("", str(out))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    folders.append((name + "/", entry.path))
                else:
                    info = entry.stat(follow_symlinks=False)
                    found.append((name, info.st_size, info.st_mtime_ns))
    return sorted(found)


def _read(path: Path) -> LastBuild | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LastBuild(
            str(data["fingerprint"]), tuple(str(f) for f in data["files"]), int(data["members"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
