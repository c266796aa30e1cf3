"""The packaged data files and their shapes: one typed loader per file.

Each file in ``usce_cal/data`` is read once and described here as a ``TypedDict``, so code
that reads the guide's facts is checked against the data's shape.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING, cast

from usce_cal.guide.resources import load_toml

if TYPE_CHECKING:  # shapes for the type checker; the data stay plain dicts at run time
    from typing import NotRequired, TypedDict

    class PhaseData(TypedDict):
        key: str
        title: str
        months: list[int]

    class LineData(TypedDict):
        text: str
        until: NotRequired[int]
        health: NotRequired[bool]

    class MonthData(TypedDict):
        offset: int
        urgency: int
        title: str
        summary: str
        checklist: list[str | LineData]
        notes: list[str]
        catch_up: str
        show_rotation_kinds: NotRequired[bool]

    class GuideData(TypedDict):
        exam_margin_days: int
        health_window_days: int
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
        remote_title: NotRequired[str]
        remote_checklist: NotRequired[list[str]]
        late: NotRequired[bool]

    class StepsData(TypedDict):
        step: list[StepData]

    class PublishedData(TypedDict):
        year: int
        source: str
        read: date
        dates: dict[str, date]
        """Each published date by field name (the file writes them beside year and source)."""

    class ServiceData(TypedDict):
        service: str
        token: bool
        site: str
        words: dict[str, str]
        """Every other text value of the service's table: ``portal``, ``letter_request``…"""
        season: list[PublishedData]

    class SpecialtyData(TypedDict):
        name: str
        aliases: list[str]
        service: str
        service_from: NotRequired[list[str | int]]
        signals: bool
        related: list[str]
        letter: NotRequired[str]
        letters: NotRequired[str]
        letter_request: NotRequired[str]

    class SpecialtiesData(TypedDict):
        specialty: list[SpecialtyData]

    class FieldData(TypedDict):
        group: str
        title: NotRequired[str]
        titles: NotRequired[dict[str, str]]
        notes: list[str]
        et: NotRequired[str]
        days: NotRequired[int]
        only: NotRequired[str]
        lead_up: NotRequired[bool]

    class SeasonsData(TypedDict):
        field: dict[str, FieldData]
        nrmp: list[PublishedData]
        links: dict[str, str]

    class RemindersData(TypedDict):
        ladder_days: list[int]
        ladder_tasks: list[str]
        lead_up_days: int
        lead_up_tasks: list[str]
        overdue: list[str]

    class LogisticsTask(TypedDict):
        title: str
        checklist: list[str]

    class PipelineTask(TypedDict):
        title: str
        title_open: NotRequired[str]
        """The title when the date it names is not known."""
        checklist: list[str]

    class PipelineData(TypedDict):
        apply_lead_days: int
        follow_up_days: list[int]
        give_up_days: int
        answer_lead_days: int
        task: dict[str, PipelineTask]

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
    return cast("GuideData", load_toml("guide.toml"))


def rotation_kinds() -> dict[str, KindData]:
    """``rotation_kinds.toml``: the guide's figures per kind of rotation."""
    return cast("dict[str, KindData]", load_toml("rotation_kinds.toml"))


def rotation_steps() -> StepsData:
    """``rotation_steps.toml``: the steps from a rotation to a letter."""
    return cast("StepsData", load_toml("rotation_steps.toml"))


def seasons() -> SeasonsData:
    """``seasons.toml``: the season's dates (titles, notes, times) and published Match dates."""
    return _seasons()


def _published(entries: object) -> list[PublishedData]:
    """Season tables as written (year, source, read and dates side by side), typed."""
    return [
        cast(
            "PublishedData",
            {
                "year": cast(int, entry["year"]),
                "source": str(entry["source"]),
                "read": cast(date, entry["read"]),
                "dates": {k: v for k, v in entry.items() if isinstance(v, date) and k != "read"},
            },
        )
        for entry in cast(list[dict[str, object]], entries)
    ]


@cache
def _seasons() -> SeasonsData:
    raw = load_toml("seasons.toml")
    found = cast("SeasonsData", dict(raw))
    found["nrmp"] = _published(raw["nrmp"])
    return found


@cache
def services() -> dict[str, ServiceData]:
    """``services.toml``: each application service, its words and its published seasons."""
    found = {}
    for key, value in load_toml("services.toml").items():
        raw = cast(dict[str, object], value)
        found[key] = cast(
            "ServiceData",
            {
                "service": str(raw["service"]),
                "token": bool(raw["token"]),
                "site": str(raw["site"]),
                "words": {
                    k: v
                    for k, v in raw.items()
                    if isinstance(v, str) and k not in ("service", "site")
                },
                "season": _published(raw["season"]),
            },
        )
    return found


def specialties() -> SpecialtiesData:
    """``specialties.toml``: names and aliases, services, related specialties, signals."""
    return cast("SpecialtiesData", load_toml("specialties.toml"))


def reminders() -> RemindersData:
    """``reminders.toml``: alarm ladders and lead-up items."""
    return cast("RemindersData", load_toml("reminders.toml"))


def logistics() -> dict[str, LogisticsTask]:
    """``logistics.toml``: each logistics task's title and checklist."""
    return cast("dict[str, LogisticsTask]", load_toml("logistics.toml"))


def pipeline() -> PipelineData:
    """``pipeline.toml``: the reminders of each program on the list, and their days."""
    return cast("PipelineData", load_toml("pipeline.toml"))


def suggestions() -> SuggestionsData:
    """``suggestions.toml``: the guide's windows for proposed blocks."""
    return cast("SuggestionsData", load_toml("suggestions.toml"))


def checks() -> dict[str, CheckData]:
    """``checks.toml``: each check's severity, message and reason."""
    return cast("dict[str, CheckData]", load_toml("checks.toml"))


def labels() -> LabelsData:
    """``labels.toml``: words for cost items and letter stages."""
    return cast("LabelsData", load_toml("labels.toml"))


def split_calendars() -> dict[str, SplitData]:
    """``feeds.toml``: the split calendars of ``generate --split``."""
    return cast("dict[str, SplitData]", load_toml("feeds.toml"))


def lint_rules() -> dict[str, LintRuleData]:
    """``lint_rules.toml``: each lint rule's severity, clients and text."""
    return cast("dict[str, LintRuleData]", load_toml("lint_rules.toml"))
