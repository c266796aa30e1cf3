"""The cohort and member pages, opened in headless Chromium: subscribe links, and a picture
that shows every rotation. The cohort page's screenshot stays in tmp_path; set
USCE_CAL_ARTIFACTS=DIR to keep a copy in DIR."""

from __future__ import annotations

import csv
import html
import re
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


def overflow(chromium: Chromium, page: Path, width: int) -> tuple[int, int]:
    """How far ``page`` overflows a viewport ``width`` CSS pixels wide, and the width it had.

    Headless Chromium keeps its window at least 500 pixels wide, so the page is laid out in
    an iframe of exactly ``width`` pixels; a script of the test's copy reads the result.
    """
    wrapper = page.with_name(f"probe-{width}.html")
    wrapper.write_text(
        f'<!doctype html><html><body style="margin:0"><iframe id="f" style="width:{width}px;'
        f'height:900px;border:0" srcdoc="{html.escape(page.read_text(encoding="utf-8"))}">'
        '</iframe><script>var f = document.getElementById("f"); f.onload = function () {'
        " var d = f.contentDocument.documentElement;"
        " document.body.dataset.overflow = d.scrollWidth - d.clientWidth;"
        " document.body.dataset.width = d.clientWidth; };</script></body></html>",
        encoding="utf-8",
    )
    found = re.search(
        r'<body[^>]*data-overflow="(-?\d+)" data-width="(\d+)"',
        chromium(
            "--window-size=1400,1000", "--virtual-time-budget=5000", "--dump-dom", wrapper.as_uri()
        ),
    )
    assert found is not None
    return int(found[1]), int(found[2])


@pytest.fixture
def board_page(tmp_path: Path, runner: CliRunner) -> Path:
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLE, folder)
    args = ["cohort", str(folder / "cohort.toml"), "--out", str(tmp_path / "site")]
    assert runner.invoke(app, [*args, "--today", "2027-05-12"]).exit_code == 0
    return folder / "cohort-board.html"


def test_the_probe_sees_a_page_that_overflows(chromium: Chromium, tmp_path: Path) -> None:
    wide = tmp_path / "wide.html"
    wide.write_text('<!doctype html><div style="width:600px">wide</div>', encoding="utf-8")

    assert overflow(chromium, wide, 390)[0] > 0


@pytest.mark.parametrize("width", [390, 1280])
def test_board_page_fits_a_phone_and_a_laptop(
    chromium: Chromium, board_page: Path, tmp_path: Path, width: int
) -> None:
    spill, seen = overflow(chromium, board_page, width)

    assert spill == 0
    assert width - 20 <= seen <= width  # less a scrollbar, if the page has one
    page = chromium("--dump-dom", board_page.as_uri())
    assert re.findall(r'<tr class="([a-z-]+)" data-member="(\w+)"', page) == [
        ("behind", "amina"),
        ("watch", "li"),
        ("watch", "fatima"),
        ("on-track", "diego"),
    ]
    shot = tmp_path / f"board-{width}.png"
    chromium(
        "--hide-scrollbars",
        f"--window-size={width},1000",
        f"--screenshot={shot}",
        board_page.as_uri(),
    )
    assert shot.read_bytes().startswith(b"\x89PNG")
    keep_artifact(shot)
