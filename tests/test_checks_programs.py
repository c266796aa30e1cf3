"""The guide's checks on the program list: each fires on a list built for it, with its exact
words, and is silent on the same list put right; a list that follows the guide has none."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import replaced
from test_checks import GOOD, plan_with
from test_checks_trust import check

PROGRAMS = """
[[programs]]
name = "Alpha Clinic"
type = "externship"
specialty = "Internal Medicine"
fee = 2500
start_options = [2027-08-23]
status = "applied"
applied = 2026-12-07

[[programs]]
name = "Beta Hospital"
type = "clerkship"
fee = 3000
start_options = [2027-08-23, 2027-09-20]
status = "offered"
applied = 2026-12-01
reply = 2027-01-05
answer_by = 2027-01-29
"""
"""Two applications out for the one rotation still needed, hands-on, on free dates."""

USCE = "[usce]\ntarget_rotations = 4\nbudget = 12000\n"
FOLLOWS = plan_with(GOOD, {"": USCE}) + PROGRAMS
"""Three rotations booked of four, and a list that follows the guide."""
EARLY = plan_with([], {"": USCE}) + PROGRAMS.replace("externship", "observership")
"""Nothing booked yet, in November (month -11)."""

CASES = [
    pytest.param(
        replaced(FOLLOWS, 'status = "offered"', 'status = "rejected"'),
        "2027-01-04",
        "warning: few-applications: programs: applications waiting for an answer: 1;"
        " rotations still needed: 1; apply to at least 2\n"
        "  why: Apply to more programs than the rotations you need (month -10, December): some"
        " will reject you, others will ghost you.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
        id="few-applications",
    ),
    pytest.param(
        replaced(EARLY, 'type = "clerkship"', 'type = "tele-observership"'),
        "2026-11-25",
        "warning: observerships-only: programs: all 2 programs on your list are observerships"
        " or tele-observerships, and no hands-on rotation is booked; add clerkships or"
        " externships\n"
        "  why: One strong hands-on externship with a real letter is worth more than several"
        " observerships; remote observerships are almost useless for letters.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
        id="observerships-only",
    ),
    pytest.param(
        replaced(
            FOLLOWS, "start_options = [2027-08-23]", "start_options = [2027-02-22, 2027-07-05]"
        ),
        "2027-01-04",
        'warning: start-clashes: programs[0].start_options: programs[0] "Alpha Clinic": every'
        " start option clashes: 2027-02-22 covers USMLE Step 2 CK on 2027-03-02; 2027-07-05"
        " covers graduation on 2027-07-15\n"
        "  why: Check every start date against final exams, Step exams and graduation before you"
        " apply: slot USCE after exam dates.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
        id="start-clashes",
    ),
    pytest.param(
        replaced(
            FOLLOWS, "start_options = [2027-08-23]", "start_options = [2027-04-12, 2027-05-17]"
        ),
        "2027-01-04",
        'warning: start-clashes: programs[0].start_options: programs[0] "Alpha Clinic": every'
        ' start option clashes: 2027-04-12 overlaps rotation "mercy-im" (2027-04-05 to'
        ' 2027-05-02); 2027-05-17 overlaps rotation "lakeside-im" (2027-05-10 to 2027-06-06)\n'
        "  why: Check every start date against final exams, Step exams and graduation before you"
        " apply: slot USCE after exam dates.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
        id="start-clashes-with-rotations",
    ),
    pytest.param(
        replaced(FOLLOWS, "budget = 12000", "budget = 2800"),
        "2027-01-04",
        'warning: program-over-budget: programs[1].fee: programs[1] "Beta Hospital": its fee'
        " ($3,000) is more than what is left of your budget ($2,800 of $2,800 after the"
        " rotations booked)\n"
        "  why: Count program fees, housing, transport, food, visa fees and flights before you"
        " apply; if the money does not work, choose fewer, better rotations or cheaper"
        " programs.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
        id="program-over-budget",
    ),
    pytest.param(
        FOLLOWS,
        "2027-01-25",
        'warning: offer-unanswered: programs[1].answer_by: programs[1] "Beta Hospital": the'
        " offer must be answered by 2027-01-29 (in 4 days); accept and pay the deposit, or"
        " decline it, and record it in the plan\n"
        "  why: Month -9 (January) is for accepting offers and paying deposits: an offer left"
        " unanswered past its deadline goes to someone else.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
        id="offer-unanswered",
    ),
    pytest.param(
        replaced(FOLLOWS, "answer_by = 2027-01-29\n", ""),
        "2027-01-21",
        'warning: offer-unanswered: programs[1].reply: programs[1] "Beta Hospital": the offer'
        " must be answered by 2027-01-19 (2 days ago); accept and pay the deposit, or decline"
        " it, and record it in the plan\n"
        "  why: Month -9 (January) is for accepting offers and paying deposits: an offer left"
        " unanswered past its deadline goes to someone else.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
        id="offer-held-two-weeks-unanswered",
    ),
]


@pytest.mark.parametrize(("text", "today", "expected"), CASES)
def test_check_fires_with_its_words(
    runner: CliRunner, tmp_path: Path, text: str, today: str, expected: str
) -> None:
    assert check(runner, tmp_path, text, today) == (0, expected)


SILENT = [
    pytest.param(
        replaced(FOLLOWS, 'status = "offered"', 'status = "rejected"'),
        "2026-12-31",
        id="few-applications-before-month-9",
    ),
    pytest.param(
        replaced(
            replaced(FOLLOWS, 'status = "offered"', 'status = "rejected"'),
            "target_rotations = 4",
            "target_rotations = 3",
        ),
        "2027-01-04",
        id="few-applications-when-every-rotation-is-booked",
    ),
    pytest.param(EARLY, "2026-11-25", id="observerships-only-with-a-clerkship-on-the-list"),
    pytest.param(
        replaced(
            FOLLOWS, "start_options = [2027-08-23]", "start_options = [2027-02-22, 2027-08-23]"
        ),
        "2027-01-04",
        id="start-clashes-with-one-free-start",
    ),
    pytest.param(
        replaced(FOLLOWS, "budget = 12000", "budget = 3000"),
        "2027-01-04",
        id="program-over-budget-at-the-budget",
    ),
    pytest.param(FOLLOWS, "2027-01-21", id="offer-unanswered-8-days-ahead"),
    pytest.param(
        replaced(FOLLOWS, 'status = "offered"', 'status = "accepted"'),
        "2027-01-25",
        id="offer-unanswered-once-accepted",
    ),
]


@pytest.mark.parametrize(("text", "today"), SILENT)
def test_check_is_silent_when_put_right(
    runner: CliRunner, tmp_path: Path, text: str, today: str
) -> None:
    assert check(runner, tmp_path, text, today) == (0, "PLAN: no findings.\n")


@pytest.mark.parametrize("today", ["2026-10-05", "2026-11-25", "2027-01-04", "2027-01-18"])
def test_a_list_that_follows_the_guide_has_no_findings(
    runner: CliRunner, tmp_path: Path, today: str
) -> None:
    assert check(runner, tmp_path, FOLLOWS, today) == (0, "PLAN: no findings.\n")
