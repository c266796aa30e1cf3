"""The guide's data files are parsed once and kept parsed in the user's cache folder; an
edited, upgraded or damaged copy is parsed afresh."""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from usce_cal.guide import resources


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the packaged reminders file, read through a fresh cache folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(resources.data_file("reminders.toml"), folder / "reminders.toml")
    monkeypatch.setattr(resources, "data_file", lambda name: folder / name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for cached in (resources.load_toml, resources.user_cache):
        cached.cache_clear()
    yield folder / "reminders.toml"
    for cached in (resources.load_toml, resources.user_cache):
        cached.cache_clear()


def kept(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "usce-cal" / "parsed-data").glob("*.pickle"))


def read_again() -> dict[str, object]:
    resources.load_toml.cache_clear()
    return resources.load_toml("reminders.toml")


def test_a_data_file_is_kept_parsed(data: Path, tmp_path: Path) -> None:
    parsed = tomllib.loads(data.read_text(encoding="utf-8"))
    before = data.stat()

    assert resources.load_toml("reminders.toml") == parsed
    assert len(kept(tmp_path)) == 1
    data.write_bytes(b"#" * before.st_size)  # a comment only, of the same size and time
    os.utime(data, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert read_again() == parsed  # the kept copy is read, not the file


def test_an_edited_file_is_parsed_afresh(data: Path, tmp_path: Path) -> None:
    resources.load_toml("reminders.toml")
    data.write_text('ladder_days = [3]\nladder_tasks = ["x"]\n', encoding="utf-8")

    assert read_again() == {"ladder_days": [3], "ladder_tasks": ["x"]}
    assert len(kept(tmp_path)) == 1  # the older copy is removed


def test_a_damaged_copy_is_ignored(data: Path, tmp_path: Path) -> None:
    parsed = tomllib.loads(data.read_text(encoding="utf-8"))
    resources.load_toml("reminders.toml")
    [copy] = kept(tmp_path)
    copy.write_bytes(b"\x80\x05damaged")

    assert read_again() == parsed


def test_a_cache_folder_others_may_write_is_not_used(data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "usce-cal" / "parsed-data"
    folder.mkdir(parents=True)
    folder.chmod(0o777)

    assert resources.user_cache("parsed-data") is None
    assert resources.load_toml("reminders.toml") == tomllib.loads(data.read_text("utf-8"))
    assert kept(tmp_path) == []
