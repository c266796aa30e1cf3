"""Every fact taken from the guide reaches the calendar a person imports."""

from __future__ import annotations

import tomllib
from pathlib import Path

import icalendar
import pytest
from typer.testing import CliRunner

from usce_cal.cli.app import app

FACTS = tomllib.loads((Path(__file__).parent / "guide_facts.toml").read_text("utf-8"))["fact"]


@pytest.fixture(scope="module")
def descriptions(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("facts")
    result = CliRunner().invoke(app, ["generate", "--out", str(out), "--today", "2026-11-25"])
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical((out / "example.ics").read_bytes())
    return "\n".join(str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT"))


def test_fact_list_covers_every_guide_month() -> None:
    sections = {fact["section"].split(":")[0] for fact in FACTS}
    months = {f"Month {n:+d}" if n else "Month 0" for n in range(-12, 4)}
    assert months <= sections
    assert {"Big picture", "Common mistakes", "FAQ 1", "FAQ 2", "FAQ 3"} <= sections


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f"{f['section']}: {f['text'][:40]}")
def test_fact_is_in_the_calendar(descriptions: str, fact: dict[str, str]) -> None:
    assert fact["text"] in descriptions
