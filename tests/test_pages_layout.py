"""The pages at a phone's width (390 px) and a desktop's (1280 px), in headless Chromium
driven by Playwright: no horizontal overflow, no text under 11 px, every block named in a
key, a legend. Screenshots stay in tmp_path (USCE_CAL_ARTIFACTS=DIR keeps copies)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, sync_playwright
from typer.testing import CliRunner

from helpers import keep_artifact
from usce_cal.cli.app import app

EXAMPLE = Path(__file__).parent.parent / "examples" / "cohort"
WIDTHS = (390, 1280)

MEASURE = """() => {
  const doc = document.documentElement;
  let smallest = 1000;
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (own && box.width > 0 && style.visibility !== "hidden" && style.display !== "none") {
      smallest = Math.min(smallest, parseFloat(style.fontSize));
    }
  }
  const blocks = [...document.querySelectorAll(".block")].map(b => b.dataset.key);
  const named = [...document.querySelectorAll(".key li.named")].map(n => n.dataset.key);
  return {
    overflow: doc.scrollWidth - window.innerWidth,
    smallest,
    blocks,
    named,
    legend: [...document.querySelectorAll(".legend span")].map(s => s.textContent.trim()),
    dates: [...document.querySelectorAll(".key.dates li")].map(s => s.textContent.trim()),
  };
}"""


@pytest.fixture(scope="module")
def browser(chromium: Callable[..., str]) -> Iterator[Browser]:
    assert chromium("--version")
    executable = shutil.which("chromium")
    assert executable is not None
    with sync_playwright() as driver:
        launched = driver.chromium.launch(
            executable_path=executable,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


def measure(browser: Browser, page: Path, width: int, shot: Path) -> dict[str, Any]:
    tab = browser.new_page(viewport={"width": width, "height": 900})
    tab.goto(page.as_uri())
    found: dict[str, Any] = tab.evaluate(MEASURE)
    tab.screenshot(path=str(shot), full_page=True)
    tab.close()
    keep_artifact(shot)
    return found


LEGEND = ["booked rotation", "proposed block", "season date", "exam or graduation", "today"]


@pytest.mark.parametrize("width", WIDTHS)
def test_person_page_fits_and_names_everything(
    browser: Browser, runner: CliRunner, tmp_path: Path, width: int
) -> None:
    args = ["generate", "--out", str(tmp_path), "--today", "2026-11-25", "--html"]
    assert runner.invoke(app, args).exit_code == 0

    found = measure(browser, tmp_path / "example.html", width, tmp_path / f"person-{width}.png")

    assert found["overflow"] <= 0
    assert found["smallest"] >= 11
    assert found["blocks"] == ["rotation/mercy-im", "rotation/lakeside-im", "rotation/riverside-fm"]
    assert found["named"] == found["blocks"]
    assert found["legend"] == LEGEND
    assert found["dates"] == [
        "Tue 2 Mar 2027: USMLE Step 2 CK",
        "Thu 15 Jul 2027: graduation",
        "Wed 1 Sep 2027: ERAS opens",
        "Wed 15 Sep 2027: Letter target",
        "Wed 22 Sep 2027: Programs start reviewing applications",
        "Wed 1 Mar 2028: Rank order list deadline",
        "Fri 17 Mar 2028: Match Day",
        "Wed 25 Nov 2026: today",
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_cohort_page_fits_and_names_every_block(
    browser: Browser, runner: CliRunner, tmp_path: Path, width: int
) -> None:
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLE, folder)
    out = tmp_path / "site"
    args = ["cohort", str(folder / "cohort.toml"), "--out", str(out), "--today", "2026-11-25"]
    assert runner.invoke(app, args).exit_code == 0

    found = measure(browser, out / "index.html", width, tmp_path / f"cohort-{width}.png")

    assert found["overflow"] <= 0
    assert found["smallest"] >= 11
    assert len(found["blocks"]) == 12
    assert found["named"] == found["blocks"]
    assert found["legend"] == LEGEND
