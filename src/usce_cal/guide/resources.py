"""Where the packaged data and templates live, in a wheel and in a source checkout."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def data_file(name: str) -> Path:
    """A file in the package's ``data`` folder."""
    return _PACKAGE / "data" / name


@cache
def load_toml(name: str) -> dict[str, object]:
    """A packaged TOML data file, parsed once (``data_files`` gives each its shape)."""
    with data_file(name).open("rb") as handle:
        return tomllib.load(handle)


def templates_dir() -> Path:
    """The built-in templates: inside the wheel, or the checkout's top-level folder."""
    installed = _PACKAGE / "templates"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / "templates"
