"""The cohort and member pages, opened in headless Chromium: subscribe links, and a picture
that shows every rotation. The cohort page's screenshot stays in tmp_path; set
USCE_CAL_ARTIFACTS=DIR to keep a copy in DIR."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from typer.testing import CliRunner

from helpers import keep_artifact
from usce_cal.cli.app import app

EXAMPLE = Path(__file__).parent.parent / "examples" / "cohort"
Chromium = Callable[..., str]
"""Runs headless Chromium with some arguments and returns what it printed (conftest)."""


class Dom(HTMLParser):
    """The links and drawn blocks of a page, from the DOM Chromium dumps."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self.blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("data-client"):
            self.links[values["data-client"] or ""] = values.get("href") or ""
        if "block" in (values.get("class") or "").split():
            self.blocks.append(values.get("data-key") or "")


def dom(chromium: Chromium, page: Path) -> Dom:
    parsed = Dom()
    parsed.feed(chromium("--dump-dom", page.as_uri()))
    return parsed


@pytest.fixture
def site(tmp_path: Path, runner: CliRunner) -> tuple[Path, Path]:
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLE, folder)
    out = tmp_path / "site"
    args = ["cohort", str(folder / "cohort.toml"), "--out", str(out), "--today", "2026-11-25"]
    assert runner.invoke(app, args).exit_code == 0
    return folder / "cohort.toml", out


def test_cohort_page(chromium: Chromium, site: tuple[Path, Path], tmp_path: Path) -> None:
    page = dom(chromium, site[1] / "index.html")

    https = "https://img.example.edu/usce/cohort.ics"
    webcal = "webcal://img.example.edu/usce/cohort.ics"
    assert page.links == {
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/render?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": https, "name": "St. Mary IMG Office, ERAS 2028"}),
        "download": "cohort.ics",
    }
    # Members who share their plan with the cohort: Amina (3 rotations), Diego (2 and one
    # proposal), Fatima (3 proposals); Li keeps hers private. Then the 3 cohort events.
    assert sorted(page.blocks) == sorted(
        [
            "cohort/office-hour",
            "cohort/letter-clinic",
            "cohort/mock-interviews",
            "rotation/mercy-im",
            "rotation/lakeside-im",
            "rotation/riverside-fm",
            "rotation/childrens-peds",
            "rotation/riverside-peds",
            "suggestion/high-yield-2",
            "suggestion/first",
            "suggestion/high-yield-1",
            "suggestion/high-yield-2",
        ]
    )
    shot = tmp_path / "cohort-page.png"
    chromium(
        "--hide-scrollbars",
        "--window-size=1300,1000",
        f"--screenshot={shot}",
        (site[1] / "index.html").as_uri(),
    )
    assert shot.read_bytes().startswith(b"\x89PNG")
    keep_artifact(shot)


def test_member_page_shows_their_own_rotations(chromium: Chromium, site: tuple[Path, Path]) -> None:
    with site[0].with_name("cohort-subscriptions.csv").open(encoding="utf-8") as stream:
        li = next(r for r in csv.DictReader(stream) if r["member"] == "li")
    folder = site[1] / li["page"].removeprefix("https://img.example.edu/usce/")

    page = dom(chromium, folder / "index.html")

    assert page.links["webcal"] == li["webcal"]
    assert page.links["download"] == "calendar.ics"
    assert page.blocks == [
        "rotation/mercy-psych",
        "suggestion/high-yield-1",
        "suggestion/high-yield-2",
    ]


def test_generate_html_page(chromium: Chromium, tmp_path: Path, runner: CliRunner) -> None:
    args = ["generate", "--out", str(tmp_path), "--today", "2026-11-25", "--html"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert f"Also wrote {tmp_path / 'example.html'}\n" in result.stdout

    page = dom(chromium, tmp_path / "example.html")

    assert page.links == {"download": "example.ics"}
    assert page.blocks == ["rotation/mercy-im", "rotation/lakeside-im", "rotation/riverside-fm"]
