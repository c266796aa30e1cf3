"""Writing output files atomically: a reader never sees a half-written calendar."""

from __future__ import annotations

import os
import tempfile
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
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise OutputError.one(f"cannot write here: {exc.strerror}", file=str(path.parent)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError.one(
                f"cannot write the file: {exc.strerror}", file=str(path)
            ) from None
        raise


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless ``path`` already holds it; say whether it wrote."""
    check_target(path)
    if path.exists() and path.read_bytes() == data:
        return False
    prepare_folder(path.parent)
    write_atomic(path, data)
    return True
