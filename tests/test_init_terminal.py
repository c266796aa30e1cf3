"""`usce-cal init` in a real terminal (a pty): each answer checked as it is given."""

from __future__ import annotations

import sys
import tomllib
from datetime import date
from pathlib import Path

import pexpect
import pytest

TIMEOUT = 20


def spawn(folder: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "usce_cal", "init", *args, "--today", "2026-11-25"],
        cwd=str(folder),
        encoding="utf-8",
        timeout=TIMEOUT,
        env={"PATH": "/usr/bin:/bin", "TERM": "dumb", "COLUMNS": "100"},
    )


def test_two_wrong_answers_are_asked_again_with_the_reason(tmp_path: Path) -> None:
    child = spawn(tmp_path)
    child.expect_exact("Your name: ")
    child.sendline("Amina Rahman")
    child.expect_exact("Target specialty: ")
    child.sendline("Internal Medicine")
    child.expect_exact("Backup specialty (empty for none): ")
    child.sendline("")
    child.expect_exact("or your country or city): ")
    child.sendline("Narnia")
    child.expect_exact('"Narnia" is not a timezone, country or city usce-cal knows.')
    child.expect_exact("or your country or city): ")
    child.sendline("India")
    child.expect_exact("Timezone: Asia/Kolkata")
    child.expect_exact("Season: the year your residency would start [2028]: ")
    child.sendline("")
    child.expect_exact("Graduation date (empty if unknown): ")
    child.sendline("sometime soon")
    child.expect_exact('"sometime soon" is not a date; write it as 2027-07-15 or 15 July 2027.')
    child.expect_exact("Graduation date (empty if unknown): ")
    child.sendline("July 2027")
    child.expect_exact("Which day in July 2027? (1-31): ")
    child.sendline("15")
    child.expect_exact("Wrote plan.toml for the 2028 season.")
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 0
    data = tomllib.loads((tmp_path / "plan.toml").read_text(encoding="utf-8"))
    assert data["applicant"] == {
        "name": "Amina Rahman",
        "specialty": "Internal Medicine",
        "timezone": "Asia/Kolkata",
        "graduation": date(2027, 7, 15),
    }
    assert data["cycle"] == {"season": 2028}


def test_a_country_with_several_zones_offers_a_pick(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--name", "A", "--specialty", "IM", "--backup-specialty", "")
    child.expect_exact("or your country or city): ")
    child.sendline("Brazil")
    child.expect_exact("1) America/Noronha")
    child.expect_exact("Which one? (number) [1]: ")
    child.sendline("8")
    child.expect_exact("Season")
    child.sendline("2029")
    child.expect_exact("Graduation date")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()

    data = tomllib.loads((tmp_path / "plan.toml").read_text(encoding="utf-8"))
    assert (data["applicant"]["timezone"], data["cycle"]["season"]) == ("America/Sao_Paulo", 2029)


def test_an_existing_file_is_refused_before_the_first_question(tmp_path: Path) -> None:
    (tmp_path / "plan.toml").write_text("mine\n", encoding="utf-8")
    child = spawn(tmp_path)
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 1
    assert "error: plan.toml: already exists; pass --force to overwrite it" in child.before
    assert "Your name" not in child.before


@pytest.mark.parametrize("answers", [0, 2])
def test_ctrl_c_exits_130_and_writes_nothing(tmp_path: Path, answers: int) -> None:
    child = spawn(tmp_path)
    child.expect_exact("Your name: ")
    if answers:
        child.sendline("Amina Rahman")
        child.expect_exact("Target specialty: ")
        child.sendline("Internal Medicine")
        child.expect_exact("Backup specialty (empty for none): ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 130
    assert "error: interrupted; nothing was written" in child.before
    assert not (tmp_path / "plan.toml").exists()
