"""A published site held in memory: each file's bytes, strong ETag (a hash of its bytes),
Last-Modified, content type and the heads of its answers, and a gzip form for text; read
once, and read again when the site changes.

What is served: regular files under the site folder, found without following a link to a
folder; a link to a file is followed only when the file is inside the site; no dotfile or
dot-folder (which also leaves out the temporary files of a write in progress). A file over
``HOLD_FILE`` bytes, or past ``HOLD_TOTAL`` bytes held in all, is read from disk when asked
for, sent as it is (no gzip form), with an ETag made from its size, time and inode. A site
of more than ``ENTRIES`` files and folders is refused.

A change is seen in the folders: writing a file by renaming a temporary one over it (as
`usce-cal cohort` does), adding or removing one, changes its folder's modification time.
The site is read again, keeping what did not change, once no `usce-cal cohort` run holds the
folder's lock (``usce_cal.calendar.files.holding``).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import stat
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from pathlib import Path

from msgspec import Struct

from usce_cal.errors import OutputError
from usce_cal.site.headers import Head, compressible, content_type, file_heads

HOLD_FILE = 4 * 1024 * 1024
"""Largest file held in memory; a bigger one is read from disk when asked for."""
HOLD_TOTAL = 256 * 1024 * 1024
"""Bytes held in memory in all, gzip forms included; files past it are read from disk."""
ENTRIES = 25_000
"""Most files and folders a site may hold (a cohort of 5,000 members has 15,004)."""
GZIP_FROM = 500
"""Smallest file given a gzip form."""
INDEX = "index.html"
"""The file a folder's address answers with."""

Identity = tuple[int, int, int, int]
"""A file's device, inode, size and modification time (ns): the version that was read."""


class SiteFile(Struct, frozen=True):
    """One file of the site, with everything its answers need."""

    address: str
    """Its address in the site (``/cohort.ics``)."""
    disk: str
    """Where it is on disk."""
    identity: Identity
    """The version of it this describes."""
    etag: bytes
    """Strong ETag of the file's own bytes."""
    weak_etag: bytes
    """The gzip form's ETag: weak, so it never passes for the file's own bytes."""
    modified: bytes
    """Its Last-Modified value."""
    mtime: int
    """Its modification time, in whole seconds since the epoch."""
    body: bytes | None
    """Its bytes; ``None`` when it is read from disk when asked for."""
    packed: bytes | None
    """Its gzip form, when it has one."""
    whole: Head
    """Head of the whole file (200)."""
    gzip: Head
    """Head of the gzip form (200); empty without one."""
    fresh: Head
    """Head of a 304 naming the file's ETag."""
    fresh_packed: Head
    """Head of a 304 naming the gzip form's ETag."""

    @property
    def size(self) -> int:
        return self.identity[2]


class Site(Struct, frozen=True):
    """Every file of a site, by address, and what its folders looked like when read."""

    files: dict[str, SiteFile]
    """By address (``/cohort.ics``, ``/p/<token>/``: a folder's address is its index)."""
    redirects: frozenset[str]
    """Folders with an index, asked for without the final ``/``."""
    folders: dict[str, Identity]
    """Each folder on disk and its identity, to see changes."""
    held: int = 0
    """Bytes held in memory."""


def read_site(root: Path, previous: Site | None = None) -> Site:
    """Read the site in ``root``, reusing the files of ``previous`` that did not change.

    Each folder's identity is taken before its files are read, so a change made while
    reading is seen by the next ``changed``. A folder that cannot be listed is left out.
    """
    real = os.path.realpath(root)
    old = previous.files if previous is not None else {}
    files: dict[str, SiteFile] = {}
    redirects: set[str] = set()
    folders: dict[str, Identity] = {}
    held = count = 0
    queue: deque[tuple[str, str]] = deque([(str(root), "/")])
    while queue:
        folder, address = queue.popleft()
        listed = _listing(folder, folders, root=root if address == "/" else None)
        count += len(listed)
        if count > ENTRIES:
            raise OutputError.one(
                f"holds more than {ENTRIES:,} files and folders; serve the folder"
                " `usce-cal cohort --out` wrote",
                file=str(root),
            )
        for entry in listed:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                queue.append((entry.path, f"{address}{entry.name}/"))
            elif _servable(entry, real):
                found = _read(entry.path, address + entry.name, old, room=HOLD_TOTAL - held)
                if found is not None:
                    held += len(found.body or b"") + len(found.packed or b"")
                    files[address + entry.name] = found
        _index(address, files, redirects)
    return Site(files, frozenset(redirects), folders, held)


def _listing(
    folder: str, folders: dict[str, Identity], *, root: Path | None
) -> list[os.DirEntry[str]]:
    """What ``folder`` holds, by name, noting its identity in ``folders``; nothing if it
    cannot be listed, unless it is the ``root`` of the site."""
    try:
        folders[folder] = _identity(os.stat(folder))
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        if root is not None:
            raise OutputError.one(f"cannot read: {exc.strerror}", file=str(root)) from None
        return []


def _index(address: str, files: dict[str, SiteFile], redirects: set[str]) -> None:
    """Make the folder at ``address`` answer with its index, if it has one."""
    index = files.get(address + INDEX)
    if index is not None:
        files[address] = index
        if address != "/":
            redirects.add(address.removesuffix("/"))


def changed(site: Site) -> bool:
    """Whether a folder of ``site`` changed (or went) since it was read."""
    for folder, identity in site.folders.items():
        try:
            now = _identity(os.stat(folder))
        except OSError:
            return True
        if now != identity:
            return True
    return False


@contextmanager
def held(root: Path) -> Iterator[bool]:
    """Hold ``root``'s lock shared while reading the site, so that no `usce-cal cohort` run
    puts files in place meanwhile; yields ``False`` (holding nothing) while a run writes it."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): runs are not seen
        yield True
        return
    try:
        handle = os.open(root, os.O_RDONLY)
    except OSError:
        yield True
        return
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(handle)  # closing lets go of the lock


def on_disk(address: str, disk: str, info: os.stat_result) -> SiteFile:
    """A file read from disk when asked for, as ``info`` describes it."""
    return _described(address, disk, info, etag=_etag(repr(_identity(info)).encode()))


def _servable(entry: os.DirEntry[str], real_root: str) -> bool:
    """A regular file, or a link to one inside the site."""
    if not entry.is_symlink():
        return entry.is_file(follow_symlinks=False)
    target = os.path.realpath(entry.path)
    inside = os.path.commonpath([target, real_root]) == real_root
    return inside and os.path.isfile(target)


def _read(disk: str, address: str, old: dict[str, SiteFile], *, room: int) -> SiteFile | None:
    """The file at ``disk``, held in memory if it fits in ``HOLD_FILE`` and ``room``;
    ``None`` if it is not a regular file (any more)."""
    try:
        handle = os.open(disk, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return None
        before = old.get(address)
        if before is not None and before.identity == _identity(info):
            held = len(before.body or b"") + len(before.packed or b"")
            if before.body is None or held <= room:
                return before
        if info.st_size > min(HOLD_FILE, room):
            return on_disk(address, disk, info)
        body = stream.read(info.st_size)
    return _held(address, disk, info, body, room=room)


def _held(address: str, disk: str, info: os.stat_result, body: bytes, *, room: int) -> SiteFile:
    packed = None
    if compressible(content_type(disk)) and len(body) >= GZIP_FROM:
        packed = gzip.compress(body, compresslevel=6, mtime=0)
        if len(packed) >= len(body) or len(body) + len(packed) > room:
            packed = None
    return _described(address, disk, info, etag=_etag(body), body=body, packed=packed)


def _described(
    address: str,
    disk: str,
    info: os.stat_result,
    *,
    etag: bytes,
    body: bytes | None = None,
    packed: bytes | None = None,
) -> SiteFile:
    """The file at ``disk`` as ``info`` describes it, with ``body`` if it is held (its
    size is then the bytes read)."""
    size = info.st_size if body is None else len(body)
    modified = formatdate(info.st_mtime, usegmt=True).encode()
    heads = file_heads(
        address,
        content_type(disk),
        size=size,
        etag=etag,
        modified=modified,
        packed=None if packed is None else len(packed),
    )
    identity = (info.st_dev, info.st_ino, size, info.st_mtime_ns)
    mtime = int(info.st_mtime)
    return SiteFile(
        address, disk, identity, etag, b"W/" + etag, modified, mtime, body, packed, *heads
    )


def _identity(info: os.stat_result) -> Identity:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _etag(data: bytes) -> bytes:
    return b'"' + hashlib.blake2b(data, digest_size=16).hexdigest().encode() + b'"'
