"""Writing output files atomically: a reader never sees a half-written calendar, and two
runs never write one folder at once.

A run holds a lock on its output folder (``flock`` on the folder itself, so no lock file
lands in a published site) from reading the previous files to writing the new ones, so a
second run cannot publish a lower SEQUENCE over the first; it waits ``LOCK_WAIT`` seconds,
then says the folder is busy. Temporary files a killed run left behind are removed by the
next run that holds the lock.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from usce_cal.errors import OutputError


def check_folder(folder: Path) -> None:
    """Fail clearly, before any work, if ``folder`` exists and is not a folder."""
    if folder.exists() and not folder.is_dir():
        raise OutputError.one(
            "exists and is not a folder; choose a folder for --out", file=str(folder)
        )


def check_target(path: Path) -> None:
    """Fail clearly, before any work is written, if something other than a file is at
    ``path``, where an output file goes (``--force`` does not replace a folder)."""
    if path.exists() and not path.is_file():
        raise OutputError.one(
            "is not a file, and an output file goes here; move it away or choose another --out",
            file=str(path),
        )


def prepare_folder(folder: Path) -> None:
    """Create ``folder`` if needed; fail clearly if it cannot hold output."""
    check_folder(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError.one(
            f"cannot create the output folder: {exc.strerror}", file=str(folder)
        ) from None


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename,
    both synced to disk."""
    put_in_place([(_temporary(path, data), path)])


def stage_all(files: list[tuple[Path, bytes]]) -> list[tuple[Path, Path]]:
    """Write each of ``files`` (a path and its bytes) beside its place in a temporary file,
    its folder made if needed, to be put in place by ``commit_staged``; returns each
    temporary file with its place. On an error, none stays staged."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files:
            prepare_folder(path.parent)
            staged.append((_temporary(path, data), path))
    except BaseException:
        discard_staged(staged)
        raise
    return staged


def put_in_place(staged: list[tuple[Path, Path]]) -> None:
    """``commit_staged``; on an error, the temporary files not yet in place are removed."""
    try:
        commit_staged(staged)
    except BaseException:
        discard_staged(staged)
        raise


def _temporary(path: Path, data: bytes | Iterable[bytes]) -> Path:
    """A temporary file beside ``path`` holding ``data`` (bytes, or pieces written as they
    come), not yet synced."""
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise OutputError.one(f"cannot write here: {exc.strerror}", file=str(path.parent)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                stream.writelines(data)
        os.chmod(temporary, 0o644)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError.one(
                f"cannot write the file: {exc.strerror}", file=str(path)
            ) from None
        raise
    return Path(temporary)


def commit_staged(staged: list[tuple[Path, Path]]) -> None:
    """Put every staged file in place. The durability rule: all their bytes reach the disk
    before any is renamed over the file it replaces, and the renames reach it before the
    caller records the build as done. A few files are synced one by one with their folders;
    many (a whole cohort) with one ``sync`` before the renames and one after."""
    if not staged:
        return
    many = len(staged) > FEW_FILES
    if many:
        _sync()
    else:
        for temporary, path in staged:
            _fsync_file(temporary, path)
    for temporary, path in staged:
        try:
            os.replace(temporary, path)
        except OSError as exc:
            raise OutputError.one(
                f"cannot write the file: {exc.strerror}", file=str(path)
            ) from None
    if many:
        _sync()
    else:
        for folder in sorted({path.parent for _, path in staged}):
            _fsync_folder(folder)


FEW_FILES = 32
"""Up to this many files are synced one by one; beyond, the whole disk at once."""


def discard_staged(staged: list[tuple[Path, Path]]) -> None:
    """Remove staged files that will not be put in place."""
    for temporary, _ in staged:
        temporary.unlink(missing_ok=True)


def _sync() -> None:
    sync = getattr(os, "sync", None)  # POSIX; elsewhere each rename is as durable as the OS
    if sync is not None:
        sync()


def _fsync_file(temporary: Path, path: Path) -> None:
    """Sync the staged file ``temporary`` of ``path``; a failure (a full disk) is an error."""
    try:
        handle = os.open(temporary, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
    except OSError as exc:
        raise OutputError.one(f"cannot write the file: {exc.strerror}", file=str(path)) from None


def _fsync_folder(folder: Path) -> None:
    """Sync a folder's entries, where the system can (POSIX; elsewhere a folder cannot be
    opened, and a rename is as durable as the system makes it)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def holds(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data``."""
    try:
        return path.is_file() and path.read_bytes() == data
    except OSError:
        return False


def stage_if_changed(path: Path, pieces: Iterable[bytes]) -> list[tuple[Path, Path]]:
    """Write ``pieces`` beside ``path`` as they come, to be put in place by
    ``commit_staged``, unless ``path`` already holds exactly them: the staged file and its
    place, or nothing. A page listing thousands of members is never held whole."""
    check_target(path)
    prepare_folder(path.parent)
    temporary = _temporary(path, pieces)
    try:
        same = path.is_file() and filecmp.cmp(temporary, path, shallow=False)
    except OSError:
        same = False
    if same:
        temporary.unlink(missing_ok=True)
        return []
    return [(temporary, path)]


def write_pieces_if_changed(path: Path, pieces: Iterable[str]) -> bool:
    """``write_if_changed`` for text made piece by piece (UTF-8), never held whole."""
    staged = stage_if_changed(path, (piece.encode() for piece in pieces))
    put_in_place(staged)
    return bool(staged)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless ``path`` already holds it; say whether it wrote."""
    check_target(path)
    if holds(path, data):
        return False
    prepare_folder(path.parent)
    write_atomic(path, data)
    return True


LOCK_WAIT = 5.0
"""Seconds a run waits for another run writing the same folder to finish."""
_LEFTOVER = re.compile(r"\.[^/]+\.(?:ics|html|bak|json|csv)\.[a-z0-9_]{8}\.tmp")
"""A temporary file ``write_atomic`` makes (``mkstemp`` adds 8 such characters)."""


@contextmanager
def holding(folder: Path, *, create: bool) -> Iterator[None]:
    """Hold ``folder`` for this run (``create``: make it first if it does not exist)."""
    if create:
        prepare_folder(folder)
    elif not folder.is_dir():
        yield  # nothing there to read or write
        return
    try:
        import fcntl
    except ImportError:  # no flock (Windows): runs are not kept apart
        yield
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise OutputError.one(
                        "is busy: another usce-cal run is writing there; run again when it"
                        " has finished",
                        file=str(folder),
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(handle)


def remove_leftovers(*folders: Path) -> None:
    """Delete the temporary files of an interrupted ``write_atomic`` in ``folders`` (a
    cohort's thousand member folders each run: read with ``os.scandir``, not a glob)."""
    for folder in folders:
        try:
            with os.scandir(folder) as entries:
                leftovers = [
                    entry.path
                    for entry in entries
                    if entry.name.endswith(".tmp")
                    and _LEFTOVER.fullmatch(entry.name)
                    and entry.is_file()
                ]
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue  # nothing of ours there
        for leftover in leftovers:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)
