"""Our event and calendar bytes against icalendar's ``to_ical()``, over generated items."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import available_timezones

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Component, vDuration, vRecur

from helpers import plan_text
from reference_event import reference_event, reference_head, reference_vtimezone
from test_lines import TEXT
from usce_cal.calendar.alarms import AlarmPolicy
from usce_cal.calendar.components import written
from usce_cal.calendar.description import Description
from usce_cal.calendar.documents import joined
from usce_cal.calendar.events import write_event
from usce_cal.calendar.property_values import duration, rule
from usce_cal.calendar.serialize import serialize, zone_bytes
from usce_cal.calendar.split import split_calendars
from usce_cal.calendar.written import Stamp
from usce_cal.engine.items import Item, ItemKind
from usce_cal.plan.load import parse_plan

PLAN = parse_plan(plan_text(), today=date(2026, 11, 25), source="plan.toml", plan_name="plan")
ZONES = [
    "Asia/Kolkata",
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "UTC",
    "Africa/Accra",  # icalendar holds it equal to UTC and writes its times with Z
    "Etc/GMT+5",
    "America/Argentina/Buenos_Aires",
]
CLOCK_CHANGES = [date(2027, 3, 14), date(2027, 11, 7), date(2027, 3, 28), date(2027, 4, 4)]
"""Days clocks change in New York, London and Sydney: gap and overlap times."""
RULES = [None, "FREQ=WEEKLY;COUNT=5", "FREQ=MONTHLY;INTERVAL=2", "COUNT=3;BYDAY=MO,WE;FREQ=WEEKLY"]


@st.composite
def items(draw: st.DrawFn) -> tuple[Item, Description]:
    timed = draw(st.booleans())
    day = draw(
        st.one_of(
            st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
            st.sampled_from(CLOCK_CHANGES),
        )
    )
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
        duration=draw(st.sampled_from([None, timedelta(hours=1), timedelta(minutes=90)])),
        zone=draw(st.sampled_from(ZONES)) if timed else None,
        recurrence=draw(st.sampled_from(RULES)),
        tentative=draw(st.booleans()),
    )
    return item, Description(draw(TEXT), draw(TEXT))


STAMPS = st.builds(
    lambda day, hours, sequence: Stamp(
        datetime.combine(day, time(), tzinfo=UTC),
        datetime.combine(day, time(), tzinfo=UTC) + timedelta(hours=hours, seconds=1),
        sequence,
    ),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
    st.integers(0, 30),
    st.integers(0, 1000),
)


@settings(max_examples=400, deadline=None)
@given(found=items(), alarms=st.sampled_from(list(AlarmPolicy)), stamp=STAMPS)
def test_our_event_bytes_are_icalendars(
    found: tuple[Item, Description], alarms: AlarmPolicy, stamp: Stamp
) -> None:
    item, description = found

    ours = write_event(PLAN, item, description, stamp, alarms=alarms)

    reference = reference_event(PLAN, item, description, stamp, alarms=alarms)
    assert ours.data == reference.to_ical()
    assert ours == written(reference)  # title, day, zones and span as read back


@settings(max_examples=120, deadline=None)
@given(
    found=st.lists(items(), min_size=1, max_size=6),
    alarms=st.sampled_from(list(AlarmPolicy)),
    stamp=STAMPS,
    split=st.booleans(),
)
def test_our_calendar_bytes_are_icalendars(
    found: list[tuple[Item, Description]], alarms: AlarmPolicy, stamp: Stamp, split: bool
) -> None:
    events = [write_event(PLAN, item, text, stamp, alarms=alarms) for item, text in found]
    span = joined(*(event.span for event in events))
    part = split_calendars()[0] if split else None

    ours = serialize(PLAN, events, span=span, part=part)

    calendar = reference_head(PLAN, part)
    zones = sorted({zone for event in events for zone in event.zones})
    calendar.subcomponents = [
        *(vtimezone_for(zone, span) for zone in zones if span is not None),
        *(reference_event(PLAN, item, text, stamp, alarms=alarms) for item, text in found),
    ]
    assert ours == calendar.to_ical()
    assert Calendar.from_ical(ours).to_ical() == ours


def vtimezone_for(tzid: str, span: tuple[date, date]) -> Component:
    """The VTIMEZONE ``serialize`` writes for ``span``, as an icalendar component."""
    first = span[0].replace(day=1)
    after = (span[1].replace(day=1) + timedelta(days=32)).replace(day=1)
    zone = reference_vtimezone(tzid, first, after)
    assert zone.to_ical() == zone_bytes(tzid, span)
    return zone


def test_every_zone_is_written_as_icalendar_writes_it() -> None:
    """Times in zones icalendar holds equal to UTC (Africa/Accra among them) are written
    with ``Z``; every other zone by its own name."""
    stamp = Stamp(datetime(2026, 11, 25, tzinfo=UTC), datetime(2026, 11, 25, tzinfo=UTC))
    text = Description("text", "<p>text</p>")
    differ = []
    for zone in sorted(available_timezones()):
        item = Item(
            key="zone", kind=ItemKind.EXAM, summary="Exam", start=date(2027, 6, 2),
            timed=True, at=time(9), zone=zone,
        )  # fmt: skip
        ours = write_event(PLAN, item, text, stamp, alarms=AlarmPolicy.NONE).data
        if ours != reference_event(PLAN, item, text, stamp, alarms=AlarmPolicy.NONE).to_ical():
            differ.append(zone)
    assert differ == []


@settings(max_examples=300, deadline=None)
@given(st.timedeltas(min_value=timedelta(days=-400), max_value=timedelta(days=400)))
def test_durations_are_icalendars(value: timedelta) -> None:
    assert duration(value) == vDuration(value).to_ical().decode()


PART = st.sampled_from(
    ["FREQ=WEEKLY", "freq=daily", "COUNT=05", "INTERVAL=+2", "BYDAY=MO,we,-1FR,+2TU",
     "BYMONTHDAY=+5,-1,28", "BYMONTH=01,6", "UNTIL=20270601", "UNTIL=20270601T120000Z",
     "WKST=su", "BYSETPOS=-1", ""]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(PART, min_size=1, max_size=6, unique=True))
def test_repeat_rules_are_icalendars(parts: list[str]) -> None:
    text = ";".join(parts)

    assert rule(text) == vRecur.from_ical(text).to_ical().decode()
