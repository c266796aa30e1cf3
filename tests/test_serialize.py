"""Our calendar bytes against icalendar's ``to_ical()``, over generated items."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from helpers import plan_text
from test_lines import TEXT
from usce_cal.calendar.alarms import AlarmPolicy
from usce_cal.calendar.description import Description
from usce_cal.calendar.events import Stamp, to_event
from usce_cal.calendar.serialize import serialize, to_calendar
from usce_cal.engine.items import Item, ItemKind
from usce_cal.plan.load import parse_plan

PLAN = parse_plan(plan_text(), today=date(2026, 11, 25), source="plan.toml", plan_name="plan")
ZONES = ["Asia/Kolkata", "America/New_York", "Europe/London", "Australia/Sydney", "UTC"]


@st.composite
def items(draw: st.DrawFn) -> tuple[Item, Description]:
    timed = draw(st.booleans())
    day = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)))
    item = Item(
        key=draw(st.from_regex(r"[a-z]{1,8}(/[a-z0-9-]{1,12}){0,3}", fullmatch=True)),
        kind=draw(st.sampled_from(list(ItemKind))),
        summary=draw(TEXT.filter(str.strip)),
        start=day,
        end=None if timed else day + timedelta(days=draw(st.integers(1, 40))),
        timed=timed,
        alarm=draw(st.booleans()),
        busy=draw(st.booleans()),
        location=draw(st.one_of(st.none(), TEXT)),
        at=time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45])))
        if timed
        else None,
        zone=draw(st.sampled_from(ZONES)) if timed else None,
        recurrence=draw(st.sampled_from([None, "FREQ=WEEKLY;COUNT=5", "FREQ=MONTHLY;INTERVAL=2"])),
        tentative=draw(st.booleans()),
    )
    return item, Description(draw(TEXT), draw(TEXT))


@settings(max_examples=150, deadline=None)
@given(
    found=st.lists(items(), min_size=1, max_size=6),
    alarms=st.sampled_from(list(AlarmPolicy)),
    sequence=st.integers(0, 40),
)
def test_our_bytes_are_icalendars(
    found: list[tuple[Item, Description]], alarms: AlarmPolicy, sequence: int
) -> None:
    moment = datetime(2026, 11, 25, tzinfo=UTC)
    stamp = Stamp(moment, moment + timedelta(hours=1), sequence)
    events = [to_event(PLAN, item, text, stamp, alarms=alarms) for item, text in found]
    first = min(item.start for item, _ in found)
    last = max(item.last_day for item, _ in found)
    calendar = to_calendar(PLAN, events, span=(first, last))

    ours = serialize(calendar)

    assert ours == calendar.to_ical()
    assert Calendar.from_ical(ours).to_ical() == ours
