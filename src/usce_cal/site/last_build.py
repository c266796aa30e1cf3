"""The record of a cohort's last build, so that a build that would change nothing stops
before reading anything but bytes.

The record, a small private file beside the cohort file, holds a hash of everything the
build read (the program's version, the day, the cohort file, the members' own plan files)
and one of everything it wrote (the private files: tokens, list, board; every file of the
site by name, size and modification time). When both come out the same again, a build
would write the same bytes, so none is made. Any difference (an edited plan, a new day, a
file touched or removed in the site, a leftover temporary file) makes a normal build,
which only rebuilds what changed. The inputs are compared first: when they changed, the
site is not listed.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path

from msgspec import Struct

from usce_cal import __version__
from usce_cal.calendar.files import write_atomic
from usce_cal.errors import PlanError
from usce_cal.plan.cohort import Cohort
from usce_cal.plan.toml_file import MAX_BYTES, MAX_COHORT_BYTES, read_text
from usce_cal.site.private_files import last_build_path


class Built(Struct, frozen=True):
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


class LastBuild(Struct, frozen=True):
    """What the record holds."""

    inputs: str
    """The hash of what the build read: version, day, paths, the cohort and plan files."""
    outputs: str
    """The hash of what it wrote: the private files and every file of the site."""
    files: tuple[str, ...]
    """The members' own plan files it read."""
    members: int
    """How many members the cohort had."""


def unchanged(
    cohort_path: Path, out: Path, private: tuple[Path, ...], *, today: date
) -> LastBuild | None:
    """The last build, if building again now would change nothing; else ``None``.

    The inputs are read as a build reads them (regular files, within their size limits) and
    compared first; anything that cannot be read so is left to a build to report.
    """
    last = _read(last_build_path(cohort_path))
    if last is None:
        return None
    try:
        text = _input(cohort_path, MAX_COHORT_BYTES)
        files = [(name, _input(Path(name), MAX_BYTES)) for name in last.files]
        if input_hash(cohort_path, files, text, out, today=today) != last.inputs:
            return None
        return last if output_hash(out, private) == last.outputs else None
    except (PlanError, OSError):
        return None


def record(
    cohort: Cohort, out: Path, private: tuple[Path, ...], *, today: date, members: int
) -> None:
    """Record a finished build of ``cohort`` with the inputs it read; the last thing a build
    writes."""
    files = [(str(path), text) for path, text in cohort.files]
    data = {
        "inputs": input_hash(Path(cohort.source), files, cohort.text, out, today=today),
        "outputs": output_hash(out, private),
        "files": [name for name, _ in files],
        "members": members,
    }
    write_atomic(last_build_path(Path(cohort.source)), json.dumps(data, indent=1).encode() + b"\n")


def input_hash(
    cohort_path: Path, files: list[tuple[str, str]], text: str, out: Path, *, today: date
) -> str:
    """One hash of the cohort file's ``text``, the members' own ``files`` and their texts,
    the paths, the version and ``today``."""
    digest = hashlib.sha256(
        f"{__version__}\0{today.isoformat()}\0{cohort_path}\0{out.resolve()}\0".encode()
    )
    digest.update(text.encode())
    for name, content in files:
        digest.update(f"\0{name}\0".encode())
        digest.update(content.encode())
    return digest.hexdigest()


def output_hash(out: Path, private: tuple[Path, ...]) -> str:
    """One hash of the ``private`` files and of every file of the site at ``out`` by name,
    size and modification time."""
    digest = hashlib.sha256()
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
            str(data["inputs"]),
            str(data["outputs"]),
            tuple(str(f) for f in data["files"]),
            int(data["members"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
