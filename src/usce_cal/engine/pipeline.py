"""The application pipeline: each program on the list, from researching to an answered
offer, as dated reminders (``data/pipeline.toml``).

A researched program gets "apply" a week before its next deadline (or in guide month -10
when it lists none); an application with no reply gets a follow-up two weeks after it was
sent, another two weeks later, then the advice to mark it ``no-reply`` and apply elsewhere;
an offer gets "answer and pay the deposit" a few days before its deadline. Accepted,
declined, rejected and unanswered programs get nothing. Every reminder falls on a working
day that is not a US federal holiday, and none is placed before ``today`` while its
deadline is still ahead.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from msgspec import Struct

from usce_cal.engine.items import Item, ItemKind, ProgramDetails
from usce_cal.formats import shortdate
from usce_cal.guide import data_files
from usce_cal.guide.content import Guide
from usce_cal.guide.season import Season
from usce_cal.guide.services import Words
from usce_cal.guide.working_days import on_or_after, on_or_before
from usce_cal.plan.program import Program, ProgramStatus

APPLY_MONTH = -10
"""The guide month of applying (December): a program with no deadline is applied to then."""


def program_items(
    programs: tuple[Program, ...], season: Season, guide: Guide, words: Words, *, today: date
) -> list[Item]:
    """The reminders of every program on the list."""
    context = _Context(season, guide, words)
    return [
        _item(program, dated, context)
        for program in programs
        for dated in _dated(program, season, today=today)
    ]


class _Context(Struct, frozen=True):
    """What every reminder's words and details draw on."""

    season: Season
    guide: Guide
    words: Words


Dated = tuple[str, date, date | None, bool]
"""A reminder before its words: task, day, the deadline it works to, and whether that
deadline is an estimate."""


def _dated(program: Program, season: Season, *, today: date) -> Iterator[Dated]:
    """Each reminder ``program`` gets in its status."""
    rules = data_files.pipeline()
    if program.status is ProgramStatus.RESEARCHING:
        ahead = [day for day in program.deadlines if day >= today]
        due = min(ahead) if ahead else max(program.deadlines, default=None)
        if due is None:
            opens = season.month_start(APPLY_MONTH)
            yield "apply", on_or_after(max(opens, today), us=True), None, False
        else:
            lead = timedelta(days=rules["apply_lead_days"])
            yield "apply", _before(due, lead, today=today), due, False
    elif program.status is ProgramStatus.APPLIED and program.reply is None and program.applied:
        days = [*rules["follow_up_days"], rules["give_up_days"]]
        for task, after in zip(("follow-up-1", "follow-up-2", "no-reply"), days, strict=True):
            yield task, on_or_after(program.applied + timedelta(days=after), us=True), None, False
    elif program.status is ProgramStatus.OFFERED:
        due = program.offer_deadline
        lead = timedelta(days=rules["answer_lead_days"])
        day = on_or_after(today, us=True) if due is None else _before(due, lead, today=today)
        yield "answer", day, due, due is not None and program.answer_by is None


def _before(due: date, lead: timedelta, *, today: date) -> date:
    """The working day ``lead`` before ``due``, or the first from ``today`` when that has
    passed and ``due`` has not."""
    day = on_or_before(due - lead, us=True)
    if day < today <= due:
        soonest = on_or_after(today, us=True)
        day = soonest if soonest <= due else on_or_before(due, us=True)
    return day


def _item(program: Program, dated: Dated, context: _Context) -> Item:
    task, day, due, estimated = dated
    text = data_files.pipeline()["task"][task]
    if due is None:
        title = text.get("title_open", text["title"])
    else:
        title = text["title"].replace("{due}", shortdate(due))
    fill = context.words.fill
    checklist = tuple(fill(line).replace("{program}", program.name) for line in text["checklist"])
    details = ProgramDetails(
        program=program,
        task=task,
        title=title,
        due=due,
        estimated=estimated,
        checklist=checklist,
        kind=context.guide.kinds[program.type] if program.type else None,
        season=context.season,
    )
    return Item(
        key=f"program/{program.id}/{task}",
        kind=ItemKind.PROGRAM,
        summary=f"{title} · {program.name}",
        start=day,
        timed=True,
        alarm=True,
        details=details,
    )
