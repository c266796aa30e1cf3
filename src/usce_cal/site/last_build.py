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
from usce_cal.errors import PlanError
from usce_cal.plan.cohort import Cohort
from usce_cal.plan.toml_file import MAX_BYTES, MAX_COHORT_BYTES, read_text
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
    """The last build, if building again now would change nothing; else ``None``.

    The inputs are read as a build reads them (regular files, within their size limits);
    anything that cannot be read so is left to a build to report.
    """
    last = _read(last_build_path(cohort_path))
    if last is None:
        return None
    try:
        text = _input(cohort_path, MAX_COHORT_BYTES)
        files = [(name, _input(Path(name), MAX_BYTES)) for name in last.files]
        now = fingerprint(cohort_path, files, text, out, private, today=today)
    except (PlanError, OSError):
        return None
    return last if now == last.fingerprint else None


def record(
    cohort: Cohort, out: Path, private: tuple[Path, ...], *, today: date, members: int
) -> None:
    """Record a finished build of ``cohort`` with the inputs it read; the last thing a build
    writes."""
    files = [(str(path), text) for path, text in cohort.files]
    data = {
        "fingerprint": fingerprint(
            Path(cohort.source), files, cohort.text, out, private, today=today
        ),
        "files": [name for name, _ in files],
        "members": members,
    }
    write_atomic(last_build_path(Path(cohort.source)), json.dumps(data, indent=1).encode() + b"\n")


def fingerprint(
    cohort_path: Path,
    files: list[tuple[str, str]],
    text: str,
    out: Path,
    private: tuple[Path, ...],
    *,
    today: date,
) -> str:
    """One hash of the inputs (the cohort file's ``text``, the members' own ``files`` and
    their texts), the ``private`` files and the site at ``out``, for ``today``."""
    digest = hashlib.sha256(
        f"{__version__}\0{today.isoformat()}\0{cohort_path}\0{out.resolve()}\0".encode()
    )
    digest.update(text.encode())
    for name, content in files:
        digest.update(f"\0{name}\0".encode())
        digest.update(content.encode())
    for path in private:
        digest.update(f"\0{path}\0".encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    for name, size, modified in _listing(out):
        digest.update(f"\0{name}\0{size}\0{modified}".encode())
    return digest.hexdigest()


def _input(path: Path, most: int) -> str:
    """An input file's text, read as a build reads it."""
    return read_text(path, shown=str(path), missing="missing", noun="input", most=most)


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
