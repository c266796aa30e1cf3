"""The packaged data files and their shapes: one typed loader per file.

Each file in ``usce_cal/data`` is read once and described here as a ``TypedDict``, so code
that reads the guide's facts is checked against the data's shape.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import NotRequired, TypedDict, cast

from usce_cal.guide.resources import load_toml


class PhaseData(TypedDict):
    key: str
    title: str
    months: list[int]


class MonthData(TypedDict):
    offset: int
    title: str
    summary: str
    checklist: list[str]
    notes: list[str]
    catch_up: str
    show_rotation_kinds: NotRequired[bool]


class GuideData(TypedDict):
    exam_margin_days: int
    gold_standard: str
    phase: list[PhaseData]
    month: list[MonthData]


class KindData(TypedDict):
    title: str
    hands_on: bool
    cost_min: int
    cost_max: int
    letter_likelihood: str


class StepData(TypedDict):
    key: str
    title: str
    scope: str
    after: list[tuple[str, int]]
    checklist: list[str]
    not_after: NotRequired[str]
    done_at: NotRequired[str]


class StepsData(TypedDict):
    step: list[StepData]


class SeasonData(TypedDict):
    year: int
    source: str
    dates: dict[str, date]
    """Each published date by field name (the file writes them beside year and source)."""


class ResidencyCasData(TypedDict):
    words: list[str]
    note: str


class SeasonsData(TypedDict):
    season: list[SeasonData]
    titles: dict[str, str]
    notes: dict[str, list[str]]
    residencycas: ResidencyCasData
    links: dict[str, str]


class RemindersData(TypedDict):
    ladder_days: list[int]
    ladder_tasks: list[str]
    lead_up_days: int
    lead_up_keys: list[str]
    lead_up_tasks: list[str]


class LogisticsTask(TypedDict):
    title: str
    checklist: list[str]


class SlotData(TypedDict):
    key: str
    title: str
    months: list[int]


class SuggestionsData(TypedDict):
    weeks: int
    slot: list[SlotData]


class CheckData(TypedDict):
    severity: str
    message: str
    reason: str


class LabelsData(TypedDict):
    costs: dict[str, str]
    letter_status: dict[str, str]


class SplitData(TypedDict):
    title: str
    description: str
    color: str


class LintRuleData(TypedDict):
    severity: str
    clients: str
    text: str


def guide_data() -> GuideData:
    """``guide.toml``: the guide's phases and months."""
    return cast(GuideData, load_toml("guide.toml"))


def rotation_kinds() -> dict[str, KindData]:
    """``rotation_kinds.toml``: the guide's figures per kind of rotation."""
    return cast(dict[str, KindData], load_toml("rotation_kinds.toml"))


def rotation_steps() -> StepsData:
    """``rotation_steps.toml``: the steps from a rotation to a letter."""
    return cast(StepsData, load_toml("rotation_steps.toml"))


def seasons() -> SeasonsData:
    """``seasons.toml``: published season dates with their sources, titles and notes."""
    return _seasons()


@cache
def _seasons() -> SeasonsData:
    raw = load_toml("seasons.toml")
    found = cast(SeasonsData, dict(raw))
    found["season"] = [
        SeasonData(
            year=cast(int, entry["year"]),
            source=str(entry["source"]),
            dates={k: v for k, v in entry.items() if isinstance(v, date)},
        )
        for entry in cast(list[dict[str, object]], raw["season"])
    ]
    return found


def reminders() -> RemindersData:
    """``reminders.toml``: alarm ladders and lead-up items."""
    return cast(RemindersData, load_toml("reminders.toml"))


def logistics() -> dict[str, LogisticsTask]:
    """``logistics.toml``: each logistics task's title and checklist."""
    return cast(dict[str, LogisticsTask], load_toml("logistics.toml"))


def suggestions() -> SuggestionsData:
    """``suggestions.toml``: the guide's windows for proposed blocks."""
    return cast(SuggestionsData, load_toml("suggestions.toml"))


def checks() -> dict[str, CheckData]:
    """``checks.toml``: each check's severity, message and reason."""
    return cast(dict[str, CheckData], load_toml("checks.toml"))


def labels() -> LabelsData:
    """``labels.toml``: words for cost items and letter stages."""
    return cast(LabelsData, load_toml("labels.toml"))


def split_calendars() -> dict[str, SplitData]:
    """``feeds.toml``: the split calendars of ``generate --split``."""
    return cast(dict[str, SplitData], load_toml("feeds.toml"))


def lint_rules() -> dict[str, LintRuleData]:
    """``lint_rules.toml``: each lint rule's severity, clients and text."""
    return cast(dict[str, LintRuleData], load_toml("lint_rules.toml"))
