"""Where the packaged data and templates live, in a wheel and in a source checkout, and the
user's cache folder that keeps them parsed and compiled between runs."""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path

import tomli  # the standard library's tomllib, compiled

from usce_cal import __version__

_PACKAGE = Path(__file__).resolve().parent.parent


def data_file(name: str) -> Path:
    """A file in the package's ``data`` folder."""
    return _PACKAGE / "data" / name


@cache
def load_toml(name: str) -> dict[str, object]:
    """A packaged TOML data file, parsed once (``data_files`` gives each its shape).

    Parsing the guide's data is a good part of a run, so the parsed form is kept in the
    user's cache folder, under a name made of the version and the file's size and time: an
    edited or upgraded file is parsed afresh. A cached copy that cannot be read is ignored.
    """
    path = data_file(name)
    info = path.stat()
    folder = user_cache("parsed-data")
    kept = (
        folder / f"{name}.{__version__}.{info.st_size}.{info.st_mtime_ns}.pickle"
        if folder is not None
        else None
    )
    if kept is not None:
        try:
            found = pickle.loads(kept.read_bytes())  # our own cache, mode 0700
            if isinstance(found, dict):
                return found
        except Exception:  # missing or damaged: parse the file instead
            pass
    data = tomli.loads(path.read_text(encoding="utf-8"))
    if kept is not None and keep(kept, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)):
        with contextlib.suppress(OSError):  # older copies: removed where they can be
            for older in kept.parent.glob(f"{name}.*.pickle"):
                if older != kept:
                    older.unlink(missing_ok=True)
    return data


def keep(path: Path, data: bytes) -> bool:
    """Write ``data`` to the cache file ``path`` atomically, and say whether it was; a
    cache that cannot be written is simply not kept."""
    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return False
    return True


@cache
def user_cache(kind: str) -> Path | None:
    """The folder ``kind`` in the user's cache folder (``platformdirs``:
    ``$XDG_CACHE_HOME/usce-cal/<kind>`` on Linux), made private; ``None`` if it cannot be
    made, or is not this user's alone. Never a shared temporary folder."""
    from platformdirs import user_cache_path

    folder = user_cache_path("usce-cal", appauthor=False) / kind
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except OSError:
        return None
    # What is kept there is run (compiled templates) or unpickled (parsed data): only from
    # a folder this user owns that no one else may write, as Jinja asks of its own.
    owner = getattr(os, "getuid", None)
    if owner is not None and (info.st_uid != owner() or info.st_mode & 0o022):
        return None
    return folder


def templates_dir() -> Path:
    """The built-in templates: inside the wheel, or the checkout's top-level folder."""
    installed = _PACKAGE / "templates"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / "templates"
