"""The guide's rules as named checks on a plan: each finding has a severity and a reason.

Pure: a plan and ``today`` in, findings out. The words live in ``data/checks.toml``; the
rules in ``check_schedule`` (dates) and ``check_experience`` (rotations and letters).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from enum import StrEnum

from msgspec import Struct

from usce_cal.engine.check_experience import experience_findings
from usce_cal.engine.check_programs import program_findings
from usce_cal.engine.check_schedule import schedule_findings
from usce_cal.engine.check_values import Found
from usce_cal.guide import data_files
from usce_cal.plan.model import Plan, words_of


class Severity(StrEnum):
    """How much a finding matters; errors fail `check`, warnings fail `check --strict`."""

    ERROR = "error"
    WARNING = "warning"
    ADVICE = "advice"


class Finding(Struct, frozen=True):
    """One thing the guide would tell this person about their plan."""

    check: str
    """Name of the check, such as ``few-before-target``."""
    severity: Severity
    """error, warning or advice."""
    message: str
    """What is wrong, in one line."""
    reason: str
    """The guide's reason."""
    field: str
    """The plan field it concerns, such as ``rotations[1].start``."""

    def as_dict(self) -> dict[str, str]:
        """The finding as JSON-ready values."""
        return {
            "check": self.check,
            "severity": str(self.severity),
            "field": self.field,
            "message": self.message,
            "reason": self.reason,
        }


def run_checks(plan: Plan, *, today: date) -> tuple[Finding, ...]:
    """Every finding for ``plan``, most severe first, then in plan order."""
    rules = data_files.checks()
    words = words_of(plan)
    found = [
        Finding(
            check=name,
            severity=Severity(rules[name]["severity"]),
            message=words.fill(rules[name]["message"]).format(**values),
            reason=words.fill(rules[name]["reason"]),
            field=field,
        )
        for name, field, values in _findings(plan, today=today)
    ]
    order = list(Severity)
    return tuple(sorted(found, key=lambda f: order.index(f.severity)))


def _findings(plan: Plan, *, today: date) -> Iterator[Found]:
    yield from schedule_findings(plan, today=today)
    yield from experience_findings(plan, today=today)
    yield from program_findings(plan, today=today)
