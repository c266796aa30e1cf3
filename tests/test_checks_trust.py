"""Checks you can trust: each new rule fires on a plan built for it, says what the guide
says, and is silent on a plan that follows the guide."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import replaced
from test_checks import GOOD, plan_with
from usce_cal.cli.app import app


def check(runner: CliRunner, tmp_path: Path, text: str, today: str) -> tuple[int, str]:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--today", today])
    return result.exit_code, result.stdout.replace(str(path), "PLAN")


def exam_on(day: str, rotations: list[tuple[str, str, str, str, int]] = GOOD) -> str:
    """The good plan with Step 2 CK moved to ``day``."""
    return replaced(plan_with(rotations), "date = 2027-03-02", f"date = {day}")


EM = [
    ("mercy-em", "Emergency Medicine", "externship", "2027-04-05", 4),
    ("lakeside-em", "Emergency Medicine", "clerkship", "2027-05-10", 4),
]


def em_plan(rotations: list[tuple[str, str, str, str, int]]) -> str:
    return replaced(
        replaced(plan_with(rotations), 'specialty = "Internal Medicine"\n', 'specialty = "EM"\n'),
        'backup_specialty = "Family Medicine"\n',
        "",
    )


PROMISED = 'letters = [{ writer = "Dr. A", status = "promised" }]\n'

CASES: list[tuple[str, str, str]] = [
    ("no-rotations", "2027-01-04", plan_with([])),
    (
        "tele-only",
        "2026-11-25",
        plan_with(
            [
                ("mercy-im", "Internal Medicine", "tele-observership", "2027-04-05", 4),
                ("lakeside-im", "Internal Medicine", "tele-observership", "2027-05-10", 4),
                ("riverside-im", "Internal Medicine", "tele-observership", "2027-07-19", 4),
            ],
            dict.fromkeys(("mercy-im", "lakeside-im", "riverside-im"), PROMISED),
        ),
    ),
    (
        "mostly-autumn",
        "2026-11-25",
        plan_with(
            [
                ("mercy-im", "Internal Medicine", "externship", "2027-04-05", 4),
                ("lakeside-im", "Internal Medicine", "externship", "2027-10-04", 4),
                ("riverside-im", "Internal Medicine", "externship", "2027-11-01", 4),
            ]
        ),
    ),
    (
        "autumn-behind-a-tele-block",
        "2026-11-25",
        plan_with(
            [
                ("mercy-im", "Internal Medicine", "tele-observership", "2027-06-07", 4),
                ("lakeside-im", "Internal Medicine", "externship", "2027-10-04", 4),
                ("riverside-im", "Internal Medicine", "externship", "2027-11-01", 4),
            ]
        ),
    ),
    ("step2-after-submission", "2026-11-25", exam_on("2027-09-20")),
    ("step2-close-to-submission", "2026-11-25", exam_on("2027-07-12")),
    (
        "logistics-order",
        "2026-11-25",
        plan_with(
            GOOD,
            {
                "mercy-im": "application_deadline = 2027-04-09\ndeposit_due = 2027-04-06\n",
                "lakeside-im": "deposit_due = 2027-02-01\nbalance_due = 2027-01-15\n",
            },
        ),
    ),
    (
        "clerkship-after-graduation",
        "2026-11-25",
        plan_with([*GOOD[:2], ("riverside-fm", "Family Medicine", "clerkship", "2027-07-19", 4)]),
    ),
    (
        "letter-cap",
        "2026-11-25",
        plan_with(
            GOOD,
            {
                "mercy-im": 'letters = [{ writer = "Dr. A" }, { writer = "Dr. B" }]\n',
                "lakeside-im": 'letters = [{ writer = "Dr. C" }, { writer = "Dr. D" }]\n',
                "riverside-fm": 'letters = [{ writer = "Dr. E" }]\n',
            },
        ),
    ),
    ("residencycas-words", "2026-11-25", em_plan(EM)),
]


EXPECTED: dict[str, tuple[int, str]] = {
    "no-rotations": (
        0,
        "warning: no-rotations: rotations: no rotations booked, and guide month -9 (2027-01-01) "
        "is when offers are accepted; apply to 3–5 programs now\n"
        "  why: Apply to more rotations than you need in December (month -10) and accept offers "
        "in January (month -9): the first rotation and first letter come in April to June.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
    ),
    "tele-only": (
        0,
        "warning: no-hands-on: rotations: no hands-on rotation (clerkship or externship)\n"
        "  why: One strong hands-on externship with a real letter is worth more than several "
        "observerships.\n"
        "warning: tele-heavy: rotations: 3 of 3 rotations are tele-observerships; they are not US "
        "clinical experience, and their letters carry little weight\n"
        "  why: Remote observerships almost never lead to a useful letter: three "
        "tele-observerships are worth less than one strong hands-on externship with a real "
        "letter.\n"
        "warning: few-letters: rotations: US letters that can be uploaded to ERAS before the "
        "letter target (2027-09-15): 0; you need at least 2 (remote letters do not count)\n"
        "  why: You need at least 2–3 strong US letters; letters commonly arrive about 4 weeks "
        "after a rotation ends.\n"
        "advice: little-usce: rotations: 0 weeks of US clinical experience planned "
        "(tele-observerships do not count); aim for 2 to 3 months\n"
        "  why: One month of USCE is rarely enough for interviews unless the rest of the profile "
        "is very strong.\n"
        "advice: little-in-target: rotations: 0 weeks of USCE in Internal Medicine; aim for at "
        "least 2 months\n"
        "  why: Aim for 2 to 3 months of USCE with at least 2 months in your target specialty.\n"
        "PLAN: 0 errors, 3 warnings, 2 advice.\n",
    ),
    "mostly-autumn": (
        0,
        "warning: mostly-autumn: rotations: 8 of 12 weeks of US clinical experience fall in "
        "October to December\n"
        "  why: When most of your USCE falls in October to December, its letters arrive after "
        "most interviews have been scheduled.\n"
        "warning: few-before-target: rotations: 1 of 3 rotations end before the letter target "
        "(2027-09-15); aim for at least 2\n"
        "  why: The strongest applications finish their USCE by June so that 2 to 3 letters are "
        "uploaded before programs start reviewing.\n"
        "warning: few-letters: rotations: US letters that can be uploaded to ERAS before the "
        "letter target (2027-09-15): 1; you need at least 2 (remote letters do not count)\n"
        "  why: You need at least 2–3 strong US letters; letters commonly arrive about 4 weeks "
        "after a rotation ends.\n"
        "PLAN: 0 errors, 3 warnings, 0 advice.\n",
    ),
    "autumn-behind-a-tele-block": (
        1,
        "error: all-usce-in-autumn: rotations: every rotation in person falls in October to "
        "December\n"
        "  why: Letters from rotations in October to December arrive after most interviews have "
        "been scheduled.\n"
        "warning: few-before-target: rotations: 1 of 3 rotations end before the letter target "
        "(2027-09-15); aim for at least 2\n"
        "  why: The strongest applications finish their USCE by June so that 2 to 3 letters are "
        "uploaded before programs start reviewing.\n"
        "warning: few-letters: rotations: US letters that can be uploaded to ERAS before the "
        "letter target (2027-09-15): 0; you need at least 2 (remote letters do not count)\n"
        "  why: You need at least 2–3 strong US letters; letters commonly arrive about 4 weeks "
        "after a rotation ends.\n"
        "PLAN: 1 error, 2 warnings, 0 advice.\n",
    ),
    "step2-after-submission": (
        0,
        "warning: step2-after-submission: exams[0].date: USMLE Step 2 CK on 2027-09-20 is after "
        "ERAS opens to applicants (2027-09-01): programs will review your application without its "
        "score\n"
        "  why: Step 2 CK results take about 4 weeks; a common aim is to sit it 8 to 10 weeks "
        "before ERAS opens.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
    ),
    "step2-close-to-submission": (
        0,
        "advice: step2-close-to-submission: exams[0].date: USMLE Step 2 CK on 2027-07-12 is 7 "
        "weeks before ERAS opens (2027-09-01); the score may not be out when you submit\n"
        "  why: Step 2 CK results take about 4 weeks; a common aim is to sit it 8 to 10 weeks "
        "before ERAS opens.\n"
        "PLAN: 0 errors, 0 warnings, 1 advice.\n",
    ),
    "logistics-order": (
        0,
        'warning: logistics-order: rotations[0].application_deadline: rotations[0] "mercy-im": '
        "application deadline (2027-04-09) is after start (2027-04-05)\n"
        "  why: Apply before the start, accept and pay the deposit before the start, and the "
        "balance after the deposit: check the dates with the program.\n"
        'warning: logistics-order: rotations[0].deposit_due: rotations[0] "mercy-im": deposit due '
        "date (2027-04-06) is after start (2027-04-05)\n"
        "  why: Apply before the start, accept and pay the deposit before the start, and the "
        "balance after the deposit: check the dates with the program.\n"
        'warning: logistics-order: rotations[1].balance_due: rotations[1] "lakeside-im": balance '
        "due date (2027-01-15) is before deposit due date (2027-02-01)\n"
        "  why: Apply before the start, accept and pay the deposit before the start, and the "
        "balance after the deposit: check the dates with the program.\n"
        "PLAN: 0 errors, 3 warnings, 0 advice.\n",
    ),
    "clerkship-after-graduation": (
        0,
        'warning: clerkship-after-graduation: rotations[2].kind: rotations[2] "riverside-fm" is a '
        "visiting clerkship starting 2027-07-19, after your graduation on 2027-07-15; most "
        "require enrolled students: confirm that you are eligible\n"
        "  why: Check every rotation against graduation requirements before paying deposits: "
        "visiting clerkships are usually for students still enrolled.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
    ),
    "letter-cap": (
        0,
        "advice: letter-cap: rotations: 5 letters listed; a program receives at most 4 per "
        "applicant: choose which 4 each program gets\n"
        "  why: Programs receive at most 4 letters per applicant; once you have 2–3 strong US "
        "letters, add at most 1 strong home-country letter.\n"
        "PLAN: 0 errors, 0 warnings, 1 advice.\n",
    ),
    "residencycas-words": (
        0,
        "advice: third-letter: rotations: 2 US SLOEs can be uploaded to ResidencyCAS before the "
        "letter target (2027-09-24); aim for 3\n"
        "  why: At least 2 confirmed US letters by the end of August, ideally 3.\n"
        "PLAN: 0 errors, 0 warnings, 1 advice.\n",
    ),
}
"""What ``check`` prints for each case: exit code and output."""


@pytest.mark.parametrize(("name", "today", "text"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_a_plan_built_for_it(
    runner: CliRunner, tmp_path: Path, name: str, today: str, text: str
) -> None:
    assert check(runner, tmp_path, text, today) == EXPECTED[name]


@pytest.mark.parametrize("today", ["2026-10-05", "2026-11-25", "2027-01-04", "2027-03-01"])
def test_a_plan_that_follows_the_guide_has_no_findings(
    runner: CliRunner, tmp_path: Path, today: str
) -> None:
    assert check(runner, tmp_path, plan_with(GOOD), today) == (0, "PLAN: no findings.\n")


def test_no_rotations_is_silent_before_offers_are_due(runner: CliRunner, tmp_path: Path) -> None:
    """Month -11: a plan on the guide's schedule has not booked anything yet."""
    assert check(runner, tmp_path, plan_with([]), "2026-12-31") == (0, "PLAN: no findings.\n")


@pytest.mark.parametrize("specialty", ["Cardiology", "Nephrology", "Pulmonary and Critical Care"])
def test_a_related_specialty_is_focused(runner: CliRunner, tmp_path: Path, specialty: str) -> None:
    """The guide names Cardiology as the right related specialty for an IM applicant."""
    rotations = [*GOOD[:2], ("riverside-card", specialty, "observership", "2027-07-19", 4)]
    assert check(runner, tmp_path, plan_with(rotations), "2026-11-25") == (
        0,
        "PLAN: no findings.\n",
    )


def test_an_alias_of_the_target_counts_as_the_target(runner: CliRunner, tmp_path: Path) -> None:
    rotations = [(r, "IM" if s == "Internal Medicine" else s, k, d, w) for r, s, k, d, w in GOOD]
    assert check(runner, tmp_path, plan_with(rotations), "2026-11-25") == (
        0,
        "PLAN: no findings.\n",
    )
