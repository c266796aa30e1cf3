"""The files one plan produces, each merged into its previous version before writing.

All files are prepared (read, merged, serialized) before any is written, so an error in
one leaves every file as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from msgspec import Struct

from usce_cal.calendar.alarms import AlarmPolicy
from usce_cal.calendar.description import Description
from usce_cal.calendar.events import Builders, event_builders
from usce_cal.calendar.files import check_target, prepare_folder, write_atomic
from usce_cal.calendar.history import Change, merge, read_previous
from usce_cal.calendar.serialize import calendar_id, serialize
from usce_cal.calendar.split import SplitCalendar
from usce_cal.engine.items import Item
from usce_cal.errors import OutputError
from usce_cal.plan.model import Plan
from usce_cal.plan.recurrence import last_day


class Document(Struct, frozen=True):
    """One calendar file to produce."""

    path: Path
    """Where it goes."""
    calendar_id: str
    """The calendar's identity (``X-USCE-CAL-ID``); the previous file must carry the same."""
    builders: Builders
    """Each entry's UID and how to build it for a stamp."""
    span: tuple[date, date] | None
    """First and last day covered, for the VTIMEZONE."""
    part: SplitCalendar | None = None
    """The split calendar it is, if any."""


class Prepared(Struct, frozen=True):
    """A document ready to write."""

    path: Path
    """Where it goes."""
    data: bytes
    """Its bytes."""
    changes: tuple[Change, ...]
    """What changed since the previous file (empty for a first file)."""
    first: bool
    """Whether there was no previous file to merge into."""
    unchanged: bool
    """Whether the bytes equal the file already there."""
    replaces: bool
    """Whether it replaces a damaged or foreign file (``--force``)."""
    entries: int
    """Events or tasks written, cancelled ones included."""


def calendar_document(
    plan: Plan,
    items: Sequence[Item],
    builders: Builders,
    *,
    path: Path,
    part: SplitCalendar | None = None,
) -> Document:
    """The document at ``path`` holding ``items`` (built by ``builders``), as the combined
    calendar of ``plan`` or one of its split calendars (``part``)."""
    return Document(
        path, calendar_id(plan, part.key if part else None), builders, timed_span(items), part
    )


def described_document(
    plan: Plan,
    items: Sequence[Item],
    descriptions: Mapping[str, Description],
    *,
    path: Path,
    alarms: AlarmPolicy,
    part: SplitCalendar | None = None,
) -> Document:
    """``calendar_document`` for items described beforehand (``descriptions`` by item key)."""
    builders = event_builders(plan, items, descriptions, alarms=alarms)
    return calendar_document(plan, items, builders, path=path, part=part)


def timed_span(items: Iterable[Item]) -> tuple[date, date] | None:
    """First and last day of the timed items, repeats included: what VTIMEZONEs must cover."""
    timed = [item for item in items if item.timed]
    if not timed:
        return None
    return min(i.start for i in timed), max(_last_occurrence(i) for i in timed)


def joined(*spans: tuple[date, date] | None) -> tuple[date, date] | None:
    """The smallest span covering every span given."""
    found = [span for span in spans if span is not None]
    if not found:
        return None
    return min(first for first, _ in found), max(last for _, last in found)


def _last_occurrence(item: Item) -> date:
    if not item.recurrence:
        return item.last_day
    zone = ZoneInfo(item.zone or "UTC")
    start = datetime.combine(item.start, item.at) if item.timed and item.at else item.start
    return last_day(item.recurrence, start, zone)


def prepare(
    document: Document, *, plan: Plan, today: date, keep_cancelled: timedelta, force: bool
) -> Prepared:
    """Merge ``document`` into its previous file and serialize it."""
    check_target(document.path)
    source = str(document.path)
    try:
        previous = read_previous(document.path, calendar_id=document.calendar_id)
        merged = merge(
            document.builders, previous, today=today, keep_cancelled=keep_cancelled, source=source
        )
    except OutputError:
        if not force:
            raise
        previous = None
        merged = merge(document.builders, None, today=today, keep_cancelled=keep_cancelled)
    # Cancelled events kept from the previous file need their zones' times defined too.
    span = joined(document.span, *(event.span for event in merged.events))
    data = serialize(plan, merged.events, span=span, part=document.part)
    return Prepared(
        path=document.path,
        data=data,
        changes=merged.changes if previous is not None else (),
        first=previous is None,
        unchanged=previous is not None and previous.data == data,
        replaces=previous is None and document.path.exists(),
        entries=len(merged.events),
    )


def write(prepared: Sequence[Prepared], *, folder: Path) -> None:
    """Write every changed file atomically, keeping a .bak of any file it replaces."""
    prepare_folder(folder)
    for item in prepared:
        if item.unchanged:
            continue
        prepare_folder(item.path.parent)
        if item.replaces:
            write_atomic(item.path.with_name(item.path.name + ".bak"), item.path.read_bytes())
        write_atomic(item.path, item.data)
