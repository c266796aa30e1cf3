"""`usce-cal check`: each of the guide's rules triggers on a plan that breaks it, not otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from freezegun import freeze_time
from typer.testing import CliRunner

from helpers import plan_text, regold_if_asked
from usce_cal.cli.app import app

HEAD = plan_text().split("[[rotations]]")[0].rstrip() + "\n"
"""The base plan without its rotations."""

GOOD = [
    ("mercy-im", "Internal Medicine", "externship", "2027-04-05", 4),
    ("lakeside-im", "Internal Medicine", "clerkship", "2027-05-10", 4),
    ("riverside-fm", "Family Medicine", "observership", "2027-07-19", 4),
]
"""Three rotations that follow every rule."""

Rotation = tuple[str, str, str, str, int]


def plan_with(rotations: list[Rotation], extra: dict[str, str] | None = None) -> str:
    """A plan with ``rotations``; ``extra`` adds lines to a rotation by id, or to the top ("")."""
    extra = extra or {}
    parts = [HEAD, extra.get("", "")]
    for rid, specialty, kind, start, weeks in rotations:
        parts.append(
            f'\n[[rotations]]\nid = "{rid}"\nprogram = "{rid.title()} Hospital"\n'
            f'specialty = "{specialty}"\nkind = "{kind}"\nstart = {start}\nweeks = {weeks}\n'
            + extra.get(rid, "")
        )
    return "".join(parts)


def run_check(runner: CliRunner, tmp_path: Path, text: str, *args: str) -> tuple[int, str]:
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(path), "--today", "2026-11-25", *args])
    return result.exit_code, result.stdout.replace(str(path), "PLAN")


def test_good_plan_has_no_findings(runner: CliRunner, tmp_path: Path) -> None:
    assert run_check(runner, tmp_path, plan_with(GOOD)) == (0, "PLAN: no findings.\n")


CASES = [
    pytest.param(
        [("mercy-im", "Internal Medicine", "externship", "2027-02-15", 4), *GOOD[1:]],
        1,
        'error: rotation-covers-exam: rotations[0].start: rotations[0] "mercy-im" (2027-02-15'
        " to 2027-03-14) covers USMLE Step 2 CK on 2027-03-02\n"
        "  why: Full-time USCE while studying hard for a Step exam means doing both badly: put"
        " rotations after the exam.\n"
        "PLAN: 1 error, 0 warnings, 0 advice.\n",
        id="rotation-covers-exam",
    ),
    pytest.param(
        [("mercy-im", "Internal Medicine", "externship", "2027-01-25", 4), *GOOD[1:]],
        0,
        'warning: rotation-before-exam: rotations[0].start: rotations[0] "mercy-im" ends 9'
        " days before USMLE Step 2 CK on 2027-03-02: you would study for it while rotating\n"
        "  why: Full-time USCE while studying hard for a Step exam means doing both badly:"
        " leave a margin before the exam.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
        id="rotation-before-exam",
    ),
    pytest.param(
        [*GOOD[:2], ("riverside-fm", "Family Medicine", "observership", "2027-07-05", 4)],
        0,
        'warning: rotation-covers-graduation: rotations[2].start: rotations[2] "riverside-fm"'
        " (2027-07-05 to 2027-08-01) covers graduation on 2027-07-15\n"
        "  why: Check rotations against final exams, thesis and graduation requirements before"
        " paying deposits.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
        id="rotation-covers-graduation",
    ),
    pytest.param(
        [
            ("mercy-im", "Internal Medicine", "externship", "2027-10-04", 4),
            ("lakeside-im", "Internal Medicine", "externship", "2027-11-01", 4),
        ],
        1,
        "error: all-usce-in-autumn: rotations: every rotation in person falls in October to "
        "December\n"
        "  why: Letters from rotations in October to December arrive after most interviews have "
        "been scheduled.\n"
        "warning: few-before-target: rotations: 0 of 2 rotations end before the letter target "
        "(2027-09-15); aim for at least 2\n"
        "  why: The strongest applications finish their USCE by June so that 2 to 3 letters are "
        "uploaded before programs start reviewing.\n"
        "warning: few-letters: rotations: US letters that can be uploaded to ERAS before the "
        "letter target (2027-09-15): 0; you need at least 2 (remote letters do not count)\n"
        "  why: You need at least 2–3 strong US letters; letters commonly arrive about 4 weeks "
        "after a rotation ends.\n"
        "PLAN: 1 error, 2 warnings, 0 advice.\n",
        id="all-usce-in-autumn",
    ),
    pytest.param(
        [*GOOD[:1], ("lakeside-im", "Internal Medicine", "externship", "2027-09-06", 4)],
        0,
        "warning: few-before-target: rotations: 1 of 2 rotations end before the letter target "
        "(2027-09-15); aim for at least 2\n"
        "  why: The strongest applications finish their USCE by June so that 2 to 3 letters are "
        "uploaded before programs start reviewing.\n"
        "warning: few-letters: rotations: US letters that can be uploaded to ERAS before the "
        "letter target (2027-09-15): 1; you need at least 2 (remote letters do not count)\n"
        "  why: You need at least 2–3 strong US letters; letters commonly arrive about 4 weeks "
        "after a rotation ends.\n"
        "PLAN: 0 errors, 2 warnings, 0 advice.\n",
        id="few-before-target",
    ),
    pytest.param(
        [
            ("mercy-im", "Internal Medicine", "observership", "2027-04-05", 4),
            ("lakeside-im", "Internal Medicine", "tele-observership", "2027-05-10", 4),
        ],
        0,
        "warning: no-hands-on: rotations: no hands-on rotation (clerkship or externship)\n"
        "  why: One strong hands-on externship with a real letter is worth more than several "
        "observerships.\n"
        "warning: tele-heavy: rotations: 1 of 2 rotations are tele-observerships; they are not US "
        "clinical experience, and their letters carry little weight\n"
        "  why: Remote observerships almost never lead to a useful letter: three "
        "tele-observerships are worth less than one strong hands-on externship with a real "
        "letter.\n"
        "warning: few-letters: rotations: US letters that can be uploaded to ERAS before the "
        "letter target (2027-09-15): 1; you need at least 2 (remote letters do not count)\n"
        "  why: You need at least 2–3 strong US letters; letters commonly arrive about 4 weeks "
        "after a rotation ends.\n"
        "advice: little-usce: rotations: 4 weeks of US clinical experience planned "
        "(tele-observerships do not count); aim for 2 to 3 months\n"
        "  why: One month of USCE is rarely enough for interviews unless the rest of the profile "
        "is very strong.\n"
        "advice: little-in-target: rotations: 4 weeks of USCE in Internal Medicine; aim for at "
        "least 2 months\n"
        "  why: Aim for 2 to 3 months of USCE with at least 2 months in your target specialty.\n"
        "PLAN: 0 errors, 3 warnings, 2 advice.\n",
        id="no-hands-on",
    ),
    pytest.param(
        [
            *GOOD[:1],
            ("lakeside-im", "Internal Medicine", "observership", "2027-05-10", 4),
            ("riverside-im", "Internal Medicine", "observership", "2027-07-19", 4),
        ],
        0,
        "advice: observership-heavy: rotations: 2 of 3 rotations are observerships\n"
        "  why: Three tele-observerships are worth less than one strong hands-on externship with"
        " a real letter.\n"
        "PLAN: 0 errors, 0 warnings, 1 advice.\n",
        id="observership-heavy",
    ),
    pytest.param(
        [*GOOD[:2], ("riverside-derm", "Dermatology", "observership", "2027-07-19", 4)],
        0,
        'warning: unfocused: rotations[2].specialty: rotations[2] "riverside-derm" is in '
        "Dermatology, neither your target (Internal Medicine), a specialty related to it, nor "
        "your backup\n"
        "  why: Rotations in random specialties look unfocused: keep them in your target "
        "specialty or a related one.\n"
        "PLAN: 0 errors, 1 warning, 0 advice.\n",
        id="unfocused",
    ),
    pytest.param(
        [
            ("mercy-im", "Internal Medicine", "externship", "2027-04-05", 3),
            ("riverside-fm", "Family Medicine", "externship", "2027-05-10", 3),
        ],
        0,
        "advice: little-usce: rotations: 6 weeks of US clinical experience planned "
        "(tele-observerships do not count); aim for 2 to 3 months\n"
        "  why: One month of USCE is rarely enough for interviews unless the rest of the profile "
        "is very strong.\n"
        "advice: little-in-target: rotations: 3 weeks of USCE in Internal Medicine; aim for at "
        "least 2 months\n"
        "  why: Aim for 2 to 3 months of USCE with at least 2 months in your target specialty.\n"
        "advice: third-letter: rotations: 2 US letters can be uploaded to ERAS before the letter "
        "target (2027-09-15); aim for 3\n"
        "  why: At least 2 confirmed US letters by the end of August, ideally 3.\n"
        "PLAN: 0 errors, 0 warnings, 3 advice.\n",
        id="little-usce-and-little-in-target",
    ),
]


@pytest.mark.parametrize(("rotations", "code", "expected"), CASES)
def test_check_triggers(
    runner: CliRunner, tmp_path: Path, rotations: list[Rotation], code: int, expected: str
) -> None:
    assert run_check(runner, tmp_path, plan_with(rotations)) == (code, expected)


def test_strict_fails_on_warnings(runner: CliRunner, tmp_path: Path) -> None:
    derm = ("riverside-derm", "Dermatology", "observership", "2027-07-19", 4)
    text = plan_with([*GOOD[:2], derm])

    assert run_check(runner, tmp_path, text)[0] == 0
    assert run_check(runner, tmp_path, text, "--strict")[0] == 1


def test_json_format(runner: CliRunner, tmp_path: Path) -> None:
    derm = ("riverside-derm", "Dermatology", "observership", "2027-07-19", 4)
    text = plan_with([*GOOD[:2], derm])

    code, output = run_check(runner, tmp_path, text, "--format", "json")

    assert code == 0
    assert json.loads(output) == {
        "plan": "PLAN",
        "today": "2026-11-25",
        "findings": [
            {
                "check": "unfocused",
                "severity": "warning",
                "field": "rotations[2].specialty",
                "message": 'rotations[2] "riverside-derm" is in Dermatology, neither your target'
                " (Internal Medicine), a specialty related to it, nor your backup",
                "reason": "Rotations in random specialties look unfocused: keep them in your"
                " target specialty or a related one.",
            }
        ],
    }


@freeze_time("2026-11-25")
def test_generate_counts_findings(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(
        plan_with([*GOOD[:2], ("riverside-derm", "Dermatology", "observership", "2027-07-19", 4)]),
        encoding="utf-8",
    )

    result = runner.invoke(app, ["generate", str(path), "--out", str(tmp_path)])

    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        f"Checks: 0 errors, 1 warning, 0 advice; run `usce-cal check {path}` for details."
    )


PAIRS = [
    pytest.param(
        "2027-05-10",
        {"mercy-im": 'letters = [{ writer = "Dr. Okafor" }]\n'},
        {"mercy-im": 'letters = [{ writer = "Dr. Okafor", status = "asked" }]\n'},
        (
            0,
            'warning: letter-not-asked: rotations[0].letters: rotations[0] "mercy-im" ended on'
            " 2027-05-02 and no letter is recorded as asked for; ask now and record it in the"
            " plan\n"
            "  why: Admiring a kind attending and leaving without asking for a letter throws the"
            " rotation away; do not wait three months after you leave.\n"
            "PLAN: 0 errors, 1 warning, 0 advice.\n",
        ),
        id="letter-not-asked",
    ),
    pytest.param(
        "2026-11-25",
        {"": '[[home_letters]]\nwriter = "Prof. Rao"\n[[home_letters]]\nwriter = "Dr. Sen"\n'},
        {"": '[[home_letters]]\nwriter = "Prof. Rao"\n'},
        (
            0,
            "warning: home-letters: home_letters: 2 home-country letters listed; add at most 1\n"
            "  why: Programs prefer US letters; 4–5 home letters dilute your best US ones. Add at"
            " most 1 strong home-country letter.\n"
            "PLAN: 0 errors, 1 warning, 0 advice.\n",
        ),
        id="home-letters",
    ),
    pytest.param(
        "2026-11-25",
        {"mercy-im": 'visa = "B1/B2"\n'},
        {"mercy-im": 'visa = "B1/B2"\nvisa_interview = 2027-01-20\n'},
        (
            0,
            'warning: visa-lead-time: rotations[0].visa: rotations[0] "mercy-im" needs a B1/B2'
            " visa: the embassy appointment should have been booked by 2026-10-05 (6 months"
            " before the start)\n"
            "  why: Visa appointment waiting times alone can wreck the timeline: book early, or"
            " move the rotation.\n"
            "PLAN: 0 errors, 1 warning, 0 advice.\n",
        ),
        id="visa-lead-time",
    ),
    pytest.param(
        "2027-03-01",
        {"mercy-im": "costs = { fee = 2500 }\n"},
        {"mercy-im": "costs = { fee = 2500 }\nbalance_paid = true\n"},
        (
            0,
            'warning: balance-passed: rotations[0].balance_paid: rotations[0] "mercy-im": the'
            " balance was due on 2027-02-19 and is not marked paid (balance_paid = true)\n"
            "  why: Externship companies commonly want the balance about 45 days before the start,"
            " and cancellation fees apply.\n"
            "PLAN: 0 errors, 1 warning, 0 advice.\n",
        ),
        id="balance-passed",
    ),
    pytest.param(
        "2026-11-25",
        {
            "": "[usce]\nbudget = 6000\n",
            "mercy-im": "costs = { fee = 2500, housing = 1200 }\n",
            "lakeside-im": "costs = { fee = 3000 }\n",
        },
        {
            "": "[usce]\nbudget = 6700\n",
            "mercy-im": "costs = { fee = 2500, housing = 1200 }\n",
            "lakeside-im": "costs = { fee = 3000 }\n",
        },
        (
            0,
            "warning: over-budget: usce.budget: rotations cost $6,700 in all, $700 over your budget"
            " of $6,000\n"
            "  why: If the money does not work, drop one rotation and make fewer rotations"
            " excellent, or choose cheaper housing.\n"
            "PLAN: 0 errors, 1 warning, 0 advice.\n",
        ),
        id="over-budget",
    ),
]


@pytest.mark.parametrize(("today", "bad", "good", "expected"), PAIRS)
def test_check_triggers_and_its_fix_clears_it(
    runner: CliRunner,
    tmp_path: Path,
    today: str,
    bad: dict[str, str],
    good: dict[str, str],
    expected: tuple[int, str],
) -> None:
    def check(extra: dict[str, str]) -> tuple[int, str]:
        path = tmp_path / "plan.toml"
        path.write_text(plan_with(GOOD, extra), encoding="utf-8")
        result = runner.invoke(app, ["check", str(path), "--today", today])
        return result.exit_code, result.stdout.replace(str(path), "PLAN")

    assert check(bad) == expected
    assert check(good) == (0, "PLAN: no findings.\n")


def test_json_matches_the_golden_file(runner: CliRunner, tmp_path: Path) -> None:
    """The JSON report is a documented interface: compare it byte for byte."""
    golden = Path(__file__).parent / "golden" / "check.json"
    text = plan_with(
        [("mercy-im", "Internal Medicine", "observership", "2027-10-04", 4)],
        {"": "[usce]\nbudget = 1000\n", "mercy-im": "costs = { fee = 900, housing = 800 }\n"},
    )

    code, output = run_check(runner, tmp_path, text, "--format", "json")

    assert code == 1
    regold_if_asked(golden, output)
    assert output == golden.read_text(encoding="utf-8")
