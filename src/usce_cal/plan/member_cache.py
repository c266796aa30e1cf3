"""Members' plans as the last load of a cohort validated them, kept in the user's cache
folder: a rebuild after one member's change validates that member alone.

A member's key is a hash of everything validating it reads: the member's table as parsed
(or their own plan file's text and name), the cohort's season and zone, the cohort file's
name, the day, and the version and files of the code and data that validate. A member
whose key was kept is taken as validated (it was, with those very inputs); every other
member is validated as usual. After a load with no problem, the cache is written afresh
with exactly that load's members, if any was validated or left. It is read with msgspec
into typed records (nothing in it runs), under a name made from the cohort file's
absolute path; a cache that cannot be read is ignored, and deleting it is always safe.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

import msgspec

from usce_cal import __version__
from usce_cal.guide.resources import keep, user_cache
from usce_cal.plan.model import Plan


class Validated(msgspec.Struct, frozen=True, array_like=True):
    """A member's plan as validated, and the fingerprint of the text it came from."""

    plan: Plan
    """The plan."""
    fingerprint: str
    """``plan.cohort.fingerprint_of`` the member's inputs."""


Kept = dict[str, Validated]
"""Validated members by key (``member_key``)."""


def member_key(*inputs: object) -> str:
    """The key of a member validated from ``inputs``, by this very code and data."""
    return hashlib.sha256(repr((_code(), *inputs)).encode()).hexdigest()


@cache
def _code() -> str:
    """The version, and the name, size and time of every file that validating reads: the
    plan and guide modules and the data files; it may change with any of them even within
    one version (a source checkout)."""
    package = Path(__file__).resolve().parent.parent
    found = [__version__]
    for folder, ending in (("plan", ".py"), ("guide", ".py"), ("data", ".toml")):
        with os.scandir(package / folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(ending):
                    info = entry.stat()
                    found.append(f"{folder}/{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(found).encode()).hexdigest()


def _cache_file(cohort: Path) -> Path | None:
    folder = user_cache("cohort-members")
    if folder is None:
        return None
    name = hashlib.sha256(str(cohort.resolve()).encode()).hexdigest()[:32]
    return folder / f"{name}.msgpack"


def read_kept(cohort: Path) -> Kept:
    """The members the last load of ``cohort`` validated; none if there is no usable cache."""
    path = _cache_file(cohort)
    if path is None:
        return {}
    try:
        return msgspec.msgpack.decode(path.read_bytes(), type=Kept)
    except (OSError, msgspec.DecodeError):  # missing, damaged or of another shape
        return {}


def write_kept(cohort: Path, members: Kept) -> None:
    """Keep ``members`` for the next load of ``cohort`` (if the cache folder can be used)."""
    path = _cache_file(cohort)
    if path is not None:
        keep(path, msgspec.msgpack.encode(members))
