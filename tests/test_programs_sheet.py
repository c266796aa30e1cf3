"""`usce-cal programs import` and `export`: the guide's spreadsheet in and out of a plan, as
Excel, LibreOffice and Google Sheets write it, with comments and layout kept."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from usce_cal.cli.app import app
from usce_cal.engine.build import build
from usce_cal.engine.items import ItemKind
from usce_cal.plan.load import load_plan

HEADER = (
    "Program name,Type,Specialty,Tuition/fees,Visa type,LOR policy,Application deadlines,"
    "Start date options,Status,Applied,Reply,Notes,Answer by,URL\r\n"
)

PLAN = """\
# Amina's plan
[plan]
id = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"

[applicant]
name = "Amina Rahman"
specialty = "Internal Medicine"
timezone = "Asia/Kolkata"   # reminders in India time

[cycle]
season = 2028

# The guide's spreadsheet (month -12)
[[programs]]
name = "Mercy Community Hospital"   # first choice
type = "externship"
fee = 2500
status = "applied"
applied = 2026-12-01

[[rotations]]
program = "Lakeside University Medical Center"
specialty = "Internal Medicine"
kind = "clerkship"
start = 2027-07-05
"""

EXPECTED = """\
# Amina's plan
[plan]
id = "3f9a1c2e-0b7d-4e55-9c1a-7d2b8e6f4a10"

[applicant]
name = "Amina Rahman"
specialty = "Internal Medicine"
timezone = "Asia/Kolkata"   # reminders in India time

[cycle]
season = 2028

# The guide's spreadsheet (month -12)
[[programs]]
name = "Mercy Community Hospital"   # first choice
type = "externship"
specialty = "Internal Medicine"
fee = 2500
visa = "B1/B2"
lor_policy = "Attending writes 1; uploaded to ERAS"
deadlines = [2026-12-15]
start_options = [2027-04-05, 2027-05-03]
status = "offered"
applied = 2026-12-01
reply = 2027-01-11
notes = "Housing list\\nin the welcome pack"

[[programs]]
name = "Riverside Family Practice"
type = "observership"
specialty = "Family Medicine"
fee = 500
visa = "B1/B2"
deadlines = [2027-01-29]
start_options = [2027-06-07]
status = "researching"

[[rotations]]
program = "Lakeside University Medical Center"
specialty = "Internal Medicine"
kind = "clerkship"
start = 2027-07-05
"""
"""The plan after importing any of the sheets below."""

IMPORT_OUTPUT = """\
changed: "Mercy Community Hospital"
  specialty: (none) → "Internal Medicine"
  visa: (none) → "B1/B2"
  lor_policy: (none) → "Attending writes 1; uploaded to ERAS"
  deadlines: (none) → "2026-12-15"
  start_options: (none) → "2027-04-05; 2027-05-03"
  status: "applied" → "offered"
  reply: (none) → "2027-01-11"
  notes: (none) → "Housing list\\nin the welcome pack"
added: "Riverside Family Practice"
Updated {plan}: 1 added, 1 changed, 0 unchanged.
"""

EXCEL = (
    "\ufeffProgram name,Type,Specialty,Tuition/fees,Visa type,LOR policy,"
    "Application deadlines,Start date options,Status,Applied,Reply,Notes\r\n"
    'Mercy Community Hospital,Externship,Internal Medicine,"$2,500",B1/B2,'
    '"Attending writes 1; uploaded to ERAS",12/15/2026,"4/5/2027; 5/3/2027",Offered,'
    '12/1/2026,1/11/2027,"Housing list\r\nin the welcome pack"\r\n'
    "Riverside Family Practice,Observership,Family Medicine,$500,B1/B2,,1/29/2027,6/7/2027,"
    "Researching,,,\r\n"
    ",,,,,,,,,,,\r\n"
)
"""Excel, "CSV UTF-8": a byte-order mark, CRLF, US dates, money as shown, an empty row."""

LIBREOFFICE = (
    "Program name;Type;Specialty;Tuition/fees;Visa type;LOR policy;Application deadlines;"
    "Start date options;Status;Applied;Reply;Notes\n"
    "Mercy Community Hospital;externship;Internal Medicine;2500;B1/B2;"
    '"Attending writes 1; uploaded to ERAS";15.12.2026;"05.04.2027; 03.05.2027" ;offered;'
    '01/12/2026 ;11/01/2027;"Housing list\nin the welcome pack"\n'
    "Riverside Family Practice;observership;Family Medicine;500;B1/B2;;29.01.2027;07.06.2027;"
    ";;;\n"
)
"""LibreOffice in a European locale: ``;`` between cells, day-first dates, LF."""

GOOGLE = (
    "Program name,Type,Specialty,Tuition/fees,Visa type,LOR policy,Application deadlines,"
    "Start date options,Status,Applied,Reply,Notes\r\n"
    "Mercy Community Hospital,externship,Internal Medicine,2500,B1/B2,"
    '"Attending writes 1; uploaded to ERAS",2026-12-15,2027-04-05; 2027-05-03,offered,'
    '2026-12-01,2027-01-11,"Housing list\nin the welcome pack"\r\n'
    "Riverside Family Practice,observership,Family Medicine,500,B1/B2,,29 Jan 2027,"
    "7 Jun 2027,researching,,,"
)
"""Google Sheets: no byte-order mark, CRLF between rows, no line break at the end."""


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["programs", *args, "--today", "2026-11-25"])
    return result.exit_code, result.stdout, result.stderr


def imported(
    runner: CliRunner, tmp_path: Path, name: str, data: bytes
) -> tuple[Path, Path, tuple[int, str, str]]:
    """``programs import`` of ``data``, saved as ``name``, into a fresh plan: the plan, the
    sheet, and the exit code, stdout and stderr."""
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    sheet = tmp_path / name
    sheet.write_bytes(data)
    return plan, sheet, run(runner, "import", str(sheet), "--plan", str(plan))


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(EXCEL, "utf-8", id="excel"),
        pytest.param(LIBREOFFICE, "utf-8", id="libreoffice"),
        pytest.param(GOOGLE, "utf-8", id="google-sheets"),
    ],
)
def test_import_what_spreadsheets_write(
    runner: CliRunner, tmp_path: Path, data: str, encoding: str
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")
    sheet = tmp_path / "programs.csv"
    sheet.write_bytes(data.encode(encoding))

    code, out, err = run(runner, "import", str(sheet), "--plan", str(plan))

    assert (code, err) == (0, "")
    assert out == IMPORT_OUTPUT.format(plan=plan)
    assert plan.read_text(encoding="utf-8") == EXPECTED


def test_export_then_import_changes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(EXPECTED, encoding="utf-8")
    sheet = tmp_path / "programs.csv"

    code, out, _ = run(runner, "export", str(plan), "--out", str(sheet))
    assert (code, out) == (0, f"Wrote {sheet}.\n")
    code, out, _ = run(runner, "import", str(sheet), "--plan", str(plan))

    assert (code, out) == (0, f"{plan} already matches {sheet}: 0 added, 0 changed, 2 unchanged.\n")
    assert plan.read_text(encoding="utf-8") == EXPECTED
    assert (
        sheet.read_bytes()
        == (
            "\ufeff" + HEADER + "Mercy Community Hospital,externship,Internal Medicine,2500,B1/B2,"
            "Attending writes 1; uploaded to ERAS,2026-12-15,2027-04-05; 2027-05-03,offered,"
            '2026-12-01,2027-01-11,"Housing list\nin the welcome pack",,\r\n'
            "Riverside Family Practice,observership,Family Medicine,500,B1/B2,,2027-01-29,"
            "2027-06-07,researching,,,,,\r\n"
        ).encode()
    )


def stdout_bytes(runner: CliRunner, *args: str) -> bytes:
    """What a command printed, line ends as written (``Result.stdout`` turns CRLF into LF)."""
    result = runner.invoke(app, ["programs", *args, "--today", "2026-11-25"])
    assert result.exit_code == 0
    return result.stdout_bytes


def test_export_to_stdout_starts_with_the_guides_columns(runner: CliRunner, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN, encoding="utf-8")

    out = stdout_bytes(runner, "export", str(plan)).decode()

    assert out.split("\r\n")[0].split(",")[:8] == [
        "Program name", "Type", "Specialty", "Tuition/fees", "Visa type", "LOR policy",
        "Application deadlines", "Start date options",
    ]  # fmt: skip
    assert (
        out == HEADER + "Mercy Community Hospital,externship,,2500,,,,,applied,2026-12-01,,,,\r\n"
    )


def test_cells_a_spreadsheet_could_run_are_guarded_and_read_back(
    runner: CliRunner, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text(
        PLAN.replace(
            'status = "applied"', 'notes = "=HYPERLINK(\\"http://x\\")"\nstatus = "applied"'
        ),
        encoding="utf-8",
    )
    before = plan.read_bytes()
    sheet = tmp_path / "programs.csv"

    run(runner, "export", str(plan), "--out", str(sheet))
    code, _, _ = run(runner, "import", str(sheet), "--plan", str(plan))

    assert ',"\'=HYPERLINK(""http://x"")",' in sheet.read_text(encoding="utf-8-sig")
    assert code == 0
    assert plan.read_bytes() == before


class TestBadSheets:
    """Every bad cell is one line naming the row and column; exit 1; the plan untouched."""

    HEAD = "Program name,Type,Status,Applied,Tuition/fees\n"

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            pytest.param(
                HEAD + "Mercy,externship,applied,05/04/2027,2500\n",
                [
                    'row 2, column "Applied": "05/04/2027" could be Monday 5 April 2027 or'
                    " Tuesday 4 May 2027; write it as 2027-04-05 or 2027-05-04"
                ],
                id="ambiguous-date",
            ),
            pytest.param(
                HEAD + "Mercy,hands-on,sent,next week,about 2k\nLakeside,,applied,,\n",
                [
                    'row 2, column "Type": unknown type "hands-on"; expected one of: clerkship,'
                    " externship, observership, tele-observership",
                    'row 2, column "Status": unknown status "sent"; expected one of: researching,'
                    " applied, offered, accepted, declined, rejected, no-reply",
                    'row 2, column "Applied": expected a date such as 2027-04-05, got "next week"',
                    'row 2, column "Tuition/fees": expected an amount in US dollars such as 2500'
                    ' or $2,500, got "about 2k"',
                    'row 3, column "Applied": required when status is "applied": the day you'
                    " applied, such as 2026-12-01",
                ],
                id="every-bad-cell-at-once",
            ),
            pytest.param(
                "Programme,Tution/fees\nMercy,2500\n",
                [
                    'row 1: unknown column "Programme"; did you mean "Program name"?',
                    'row 1: unknown column "Tution/fees"; did you mean "Tuition/fees"?',
                    'row 1: no "Program name" column; the first row must name the columns, such'
                    " as Program name, Type, Specialty, Tuition/fees, Visa type, LOR policy,"
                    " Application deadlines, Start date options",
                ],
                id="unknown-columns",
            ),
            pytest.param(
                HEAD + "Mercy,,,,\n ,externship,,,\nMERCY,,,,,x\n",
                [
                    'row 3, column "Program name": required: the program\'s name',
                    "row 4: 6 cells but the first row names 5 columns",
                ],
                id="no-name-and-extra-cells",
            ),
            pytest.param(
                HEAD + "Mercy,,,,\nmercy ,,,,\n",
                [
                    'row 3, column "Program name": "mercy" is already on row 2; list each'
                    " program once"
                ],
                id="same-program-twice",
            ),
            pytest.param(
                HEAD + "Mercy,,rejec\x1b[2Jted,,\n",
                ['row 2, column "Status": "rejec\\x1b[2Jted" holds a control character; remove it'],
                id="control-characters-escaped",
            ),
            pytest.param(
                HEAD + 'Mercy,,,,\nLakeside,,,,"2500\x00"\n',
                ['row 3, column "Tuition/fees": "2500\\x00" holds a control character; remove it'],
                id="control-character-in-a-cell",
            ),
            pytest.param(
                HEAD + "Mercy,,,15-Dec-26,\n",
                [
                    'row 2, column "Applied": "15-Dec-26" has a 2-digit year; write the year in'
                    " full, such as 2027"
                ],
                id="two-digit-year",
            ),
        ],
    )
    def test_one_line_per_problem(
        self, runner: CliRunner, tmp_path: Path, data: str, expected: list[str]
    ) -> None:
        plan, sheet, (code, out, err) = imported(runner, tmp_path, "programs.csv", data.encode())

        assert (code, out) == (1, "")
        assert err.splitlines() == [f"error: {sheet}: {line}" for line in expected]
        assert plan.read_text(encoding="utf-8") == PLAN

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            pytest.param(
                "Program name\nH\xf4pital\n".encode("cp1252"),
                'not UTF-8 (byte 15); save the sheet as "CSV UTF-8" and try again',
                id="not-utf-8",
            ),
            pytest.param(
                b"\xef\xbb\xbf\r\n\r\n", "empty; the first row must name the columns", id="empty"
            ),
            pytest.param(
                b'Program name,Notes\nA,"' + b"x" * 200_000 + b'"\n',
                "not a readable CSV file: field larger than field limit (131072) (line 2)",
                id="a-cell-too-long",
            ),
        ],
    )
    def test_unreadable_files(
        self, runner: CliRunner, tmp_path: Path, data: bytes, expected: str
    ) -> None:
        plan, sheet, (code, _, err) = imported(runner, tmp_path, "programs.csv", data)

        assert (code, err) == (1, f"error: {sheet}: {expected}\n")
        assert plan.read_text(encoding="utf-8") == PLAN

    def test_a_plan_tomlkit_would_rearrange_is_refused(
        self, runner: CliRunner, tmp_path: Path
    ) -> None:
        text = PLAN + '\n[[programs]]\nname = "Riverside"\n'
        plan = tmp_path / "plan.toml"
        plan.write_text(text, encoding="utf-8")
        sheet = tmp_path / "programs.csv"
        sheet.write_text("Program name,Status\nRiverside,rejected\n", encoding="utf-8")

        code, _, err = run(runner, "import", str(sheet), "--plan", str(plan))

        assert (code, err) == (
            1,
            f"error: {plan}: cannot be edited without moving its tables; keep all [[programs]]"
            " tables together and all [[rotations]] tables together, then try again\n",
        )
        assert plan.read_text(encoding="utf-8") == text


def test_the_readme_example(runner: CliRunner, tmp_path: Path) -> None:
    """The sample sheet in examples/ imports as the README says, with the reminders it lists."""
    root = Path(__file__).parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    plan = tmp_path / "plan.toml"
    plan.write_text(PLAN.split("# The guide's", maxsplit=1)[0], encoding="utf-8")

    code, out, _ = run(
        runner, "import", str(root / "examples" / "programs.csv"), "--plan", str(plan)
    )

    assert code == 0
    shown = readme.split("$ usce-cal programs import examples/programs.csv --plan plan.toml\n")[1]
    assert shown.split("```")[0] == out.replace(str(plan), "plan.toml")
    made = load_plan(plan, today=date(2026, 11, 25))
    items = [i for i in build(made, today=date(2026, 11, 25)) if i.kind is ItemKind.PROGRAM]
    listed = readme.split("(`--today 2026-11-25`):\n\n```\n")[1].split("```")[0]
    assert "".join(f"{i.start}  {i.summary}\n" for i in items) == listed


class TestExcelWorkbooks:
    """`--format xlsx` (or a name ending in .xlsx) both ways, with openpyxl."""

    def test_import_a_workbook(self, runner: CliRunner, tmp_path: Path) -> None:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.worksheets[0]
        sheet.append(
            ["Program name", "Type", "Specialty", "Tuition/fees", "Visa type", "LOR policy",
             "Application deadlines", "Start date options", "Status", "Applied", "Reply",
             "Notes"]
        )  # fmt: skip
        sheet.append(
            ["Mercy Community Hospital", "Externship", "Internal Medicine", 2500.0, "B1/B2",
             "Attending writes 1; uploaded to ERAS", datetime(2026, 12, 15),
             "4/5/2027; 5/3/2027", "Offered", datetime(2026, 12, 1), date(2027, 1, 11),
             "Housing list\nin the welcome pack"]
        )  # fmt: skip
        sheet.append(
            ["Riverside Family Practice", "observership", "Family Medicine", 500, "B1/B2", None,
             "1/29/2027", date(2027, 6, 7), "researching"]
        )  # fmt: skip
        workbook = tmp_path / "programs.xlsx"
        book.save(workbook)
        plan = tmp_path / "plan.toml"
        plan.write_text(PLAN, encoding="utf-8")

        code, out, err = run(runner, "import", str(workbook), "--plan", str(plan))

        assert (code, err) == (0, "")
        assert out == IMPORT_OUTPUT.format(plan=plan)
        assert plan.read_text(encoding="utf-8") == EXPECTED

    def test_export_then_import_changes_nothing(self, runner: CliRunner, tmp_path: Path) -> None:
        plan = tmp_path / "plan.toml"
        plan.write_text(EXPECTED.replace('notes = "', 'notes = "=1+1 ', 1), encoding="utf-8")
        before = plan.read_bytes()
        first, second = tmp_path / "a.xlsx", tmp_path / "b.bin"

        assert run(runner, "export", str(plan), "--out", str(first))[0] == 0
        assert run(runner, "export", str(plan), "--out", str(second), "--format", "xlsx")[0] == 0
        code, out, _ = run(runner, "import", str(second), "--plan", str(plan), "--format", "xlsx")

        assert first.read_bytes() == second.read_bytes()  # the same programs, the same bytes
        assert (code, out) == (
            0,
            f"{plan} already matches {second}: 0 added, 0 changed, 2 unchanged.\n",
        )
        assert plan.read_bytes() == before
        from openpyxl import load_workbook

        cells = load_workbook(first).worksheets[0]
        assert [c.value for c in cells[1]][:8] == [
            "Program name", "Type", "Specialty", "Tuition/fees", "Visa type", "LOR policy",
            "Application deadlines", "Start date options",
        ]  # fmt: skip
        assert (cells["D2"].value, cells["J2"].value) == (2500, datetime(2026, 12, 1))
        assert (cells["L2"].value, cells["L2"].data_type) == (
            "=1+1 Housing list\nin the welcome pack",
            "s",
        )

    @pytest.mark.parametrize(
        ("data", "expected"),
        [
            pytest.param(
                b"Program name\nMercy\n",
                "not an Excel workbook (.xlsx); save the sheet as .xlsx or CSV",
                id="csv-named-xlsx",
            ),
        ],
    )
    def test_unreadable_workbooks(
        self, runner: CliRunner, tmp_path: Path, data: bytes, expected: str
    ) -> None:
        plan, workbook, (code, _, err) = imported(runner, tmp_path, "programs.xlsx", data)

        assert (code, err) == (1, f"error: {workbook}: {expected}\n")
        assert plan.read_text(encoding="utf-8") == PLAN

    def test_a_bad_cell_names_its_row_and_column(self, runner: CliRunner, tmp_path: Path) -> None:
        from openpyxl import Workbook

        book = Workbook()
        book.worksheets[0].append(["Program name", "Status", "Applied"])
        book.worksheets[0].append(["Mercy", "applied", datetime(2026, 12, 1, 14, 30)])
        workbook = tmp_path / "programs.xlsx"
        book.save(workbook)
        plan = tmp_path / "plan.toml"
        plan.write_text(PLAN, encoding="utf-8")

        code, _, err = run(runner, "import", str(workbook), "--plan", str(plan))

        assert (code, err) == (
            1,
            f'error: {workbook}: row 2, column "Applied": expected a date such as 2027-04-05,'
            ' got "2026-12-01 14:30:00"\n',
        )

    def test_a_workbook_is_not_printed(self, runner: CliRunner, tmp_path: Path) -> None:
        plan = tmp_path / "plan.toml"
        plan.write_text(PLAN, encoding="utf-8")

        assert run(runner, "export", str(plan), "--format", "xlsx") == (
            2,
            "",
            "error: --format: an Excel workbook needs a file: add --out FILE.xlsx\n",
        )
