"""Publishing a cohort as a static site: the cohort feed and page, and one private feed and
page per member at an unguessable address.

Tokens and the record of what each member's feed was built from live in a private file
beside the cohort file, never in the site. Only members whose inputs changed are rebuilt;
the others keep their bytes (and so their ETag). Member files stream: each is written, as a
temporary file beside its place, by the process that built it, and the parent keeps only
their names; once every member is built, all are synced and renamed into place at once, so
an error leaves the site as it was (``calendar.files.commit_staged``).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from usce_cal import __version__
from usce_cal.calendar.alarms import AlarmPolicy
from usce_cal.calendar.describe import Renderer
from usce_cal.calendar.documents import (
    Document,
    Prepared,
    calendar_document,
    described_document,
    prepare,
    write,
)
from usce_cal.calendar.files import (
    check_folder,
    check_target,
    commit_staged,
    discard_staged,
    holding,
    holds,
    remove_leftovers,
    stage_all,
    stage_if_changed,
    write_if_changed,
    write_pieces_if_changed,
)
from usce_cal.calendar.history import KEEP_CANCELLED
from usce_cal.engine.build import build
from usce_cal.engine.group_events import group_event_items
from usce_cal.engine.items import Item, in_order
from usce_cal.engine.progress import Progress
from usce_cal.engine.progress import progress as plan_progress
from usce_cal.errors import OutputError, PlanError
from usce_cal.plan.cohort import Cohort, Member, Privacy
from usce_cal.plan.cohort_load import load_cohort
from usce_cal.site.board import board_page, published_entries
from usce_cal.site.event_templates import EventTemplates
from usce_cal.site.last_build import Built, record
from usce_cal.site.links import links
from usce_cal.site.pages import cohort_page, person_page
from usce_cal.site.private_files import last_build_path, private_paths
from usce_cal.site.tokens import (
    COHORT_FEED,
    FEED,
    PAGE,
    PRIVATE,
    Secrets,
    issue_tokens,
    read_secrets,
    secrets_json,
    subscriptions_csv,
)

Tick = Callable[[int, int], None]
"""Told how many member feeds are built, of how many."""


def build_site(
    *,
    cohort_path: Path,
    out: Path,
    today: date,
    rotate: str | None = None,
    progress: Tick | None = None,
) -> Built:
    """Write the cohort's site to ``out`` and the private files beside the cohort file."""
    cohort = load_cohort(cohort_path, today=today)
    private, listing, board = private_paths(cohort_path)
    for path in (private, listing, board, last_build_path(cohort_path)):
        if path.resolve().is_relative_to(out.resolve()):
            raise OutputError.one(
                "would be inside the published site; put the site folder elsewhere",
                file=str(path),
            )
    check_folder(out)
    ids = {m.id for m in cohort.members}
    if rotate is not None and rotate not in ids:
        raise PlanError.one(
            f'no member "{rotate}"; members: {", ".join(sorted(ids))}', field="--rotate-token"
        )
    with holding(out, create=True):
        remove_leftovers(out, *_member_folders(out), private.parent)
        built = _publish(cohort, out, today=today, rotate=rotate, progress=progress)
        record(cohort, out, (private, listing, board), today=today, members=built.members)
        return built


def _member_folders(out: Path) -> list[Path]:
    folder = out / PRIVATE
    return [child for child in folder.iterdir() if child.is_dir()] if folder.is_dir() else []


def _publish(
    cohort: Cohort, out: Path, *, today: date, rotate: str | None, progress: Tick | None
) -> Built:
    """Build the site of ``cohort`` in ``out``, which this run holds."""
    private, listing, board = private_paths(Path(cohort.source))
    state = read_secrets(private)
    ids = {m.id for m in cohort.members}
    retired = issue_tokens(state, [m.id for m in cohort.members], rotate=rotate)
    renderer = Renderer()
    prepared: list[Prepared] = []
    shared = cohort.events_fingerprint
    jobs = _stale_members(cohort, state, out, today=today)
    staged: list[tuple[Path, Path]] = []
    try:  # until every file is in place: an error leaves no staged file behind
        fresh = _build_members(cohort, jobs, today, renderer, staged, progress)
        # The cohort feed depends on the season and the shared events, not on the members.
        fingerprint = _fingerprint(cohort.id, shared)
        if state.inputs.get("cohort") != fingerprint or not (out / COHORT_FEED).exists():
            doc = cohort_feed(cohort, out, renderer)
            plan = cohort.as_plan()
            prepared.append(
                prepare(doc, plan=plan, today=today, keep_cancelled=KEEP_CANCELLED, force=False)
            )
        state.inputs["cohort"] = fingerprint
        # The public page shows the season, the events and the members who share their plans.
        shown = [
            (m.id, m.name, m.fingerprint) for m in cohort.members if m.privacy is Privacy.COHORT
        ]
        page_print = _fingerprint(cohort.id, shared, shown, today)
        if state.inputs.get("page") != page_print or not (out / PAGE).exists():
            page = cohort_page(cohort, renderer, today=today)
            staged += stage_if_changed(out / PAGE, (piece.encode() for piece in page))
            state.inputs["page"] = page_print
        for member_id in set(state.tokens) - ids:
            retired.append(state.tokens.pop(member_id))
            state.inputs.pop(member_id, None)
        entries = published_entries(cohort, state, fresh, today=today)
        commit_staged(staged)
    except BaseException:
        discard_staged(staged)
        # Workers still running when one failed staged files no result reports: this run
        # holds the site, so every temporary file in the members' folders is one of them.
        remove_leftovers(*(folder for _, folder, _ in jobs if folder.is_dir()))
        raise
    _write(out, prepared, retired)
    board_print = _fingerprint(cohort.name, today, json.dumps(entries, sort_keys=True))
    if state.inputs.get("board") != board_print or not board.exists():
        write_pieces_if_changed(board, board_page(cohort, entries, renderer, today=today))
        state.inputs["board"] = board_print
    write_if_changed(private, secrets_json(state))
    write_if_changed(listing, subscriptions_csv(cohort, state).encode())
    rebuilt = tuple(member.id for member, _, _ in jobs)
    return Built(len(cohort.members), rebuilt, out, private, listing, board)


def _build_members(
    cohort: Cohort,
    jobs: list[Job],
    today: date,
    renderer: Renderer,
    staged: list[tuple[Path, Path]],
    progress: Tick | None,
) -> dict[str, Progress]:
    """Build the members of ``jobs``, adding their files to ``staged``; where each stands."""
    fresh: dict[str, Progress] = {}
    for done, (member_id, standing, written) in enumerate(
        _member_builds(cohort, jobs, today, renderer), start=1
    ):
        staged += written
        fresh[member_id] = standing
        if progress is not None:
            progress(done, len(jobs))
    return fresh


def _stale_members(cohort: Cohort, state: Secrets, out: Path, *, today: date) -> list[Job]:
    """The members whose feed must be (re)built, recording what each is built from."""
    jobs = []
    events = cohort.events_fingerprint
    private = os.path.join(out, PRIVATE)  # strings, not paths: this runs for every member
    for member in cohort.members:
        token = state.tokens[member.id]
        fingerprint = _fingerprint(member.fingerprint, events, token, today)
        folder = os.path.join(private, token)
        if (
            state.inputs.get(member.id) != fingerprint
            or not os.path.exists(os.path.join(folder, FEED))
            or not os.path.exists(os.path.join(folder, PAGE))
        ):
            jobs.append((member, Path(folder), token))
            state.inputs[member.id] = fingerprint
    return jobs


PARALLEL_FROM = 24
"""Rebuilding at least this many members spreads the work over the machine's cores."""
SHARED_FROM = 4
"""Rebuilding at least this many members builds shared events once (``shared``)."""


class _Worker(Struct, frozen=True):
    """Per-process state of a build worker."""

    cohort: Cohort
    """The cohort, without its members."""
    today: date
    """The day the site is built for."""
    renderer: Renderer
    """Describes the members' own items."""
    shared: EventTemplates | None
    """Shared event templates, for builds of many members."""


_worker: list[_Worker] = []
"""This process's worker state, once started."""

Job = tuple[Member, Path, str]


Built_ = tuple[str, Progress, list[tuple[Path, Path]]]
"""A member's id, where their plan stands, and their changed files, staged."""


def _member_builds(
    cohort: Cohort, jobs: list[Job], today: date, renderer: Renderer
) -> Iterator[Built_]:
    """Each job's prepared feed and page, in job order; in worker processes for many jobs."""
    shell = replace(cohort, members=())
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers == 1:
        _start_worker(shell, today, many=len(jobs) >= SHARED_FROM, renderer=renderer)
        yield from map(_build_member, jobs)
        return
    # Loaded only here: a rebuild of a few members (the usual case) starts no processes.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(shell, today)
    ) as pool:
        yield from pool.map(_build_member, jobs, chunksize=max(1, len(jobs) // (workers * 8)))


def _start_worker(
    cohort: Cohort, today: date, *, many: bool = True, renderer: Renderer | None = None
) -> None:
    renderer = renderer or Renderer()
    shared = EventTemplates(renderer) if many else None
    _worker[:] = [_Worker(cohort, today, renderer, shared)]


def _build_member(job: Job) -> Built_:
    member, folder, token = job
    state = _worker[0]
    doc, page, items = member_files(member, folder, token, state)
    ready = prepare(
        doc, plan=member.plan, today=state.today, keep_cancelled=KEEP_CANCELLED, force=False
    )
    standing = plan_progress(member.plan, today=state.today, items=items)
    page_path, page_data = folder / PAGE, page.encode()
    check_target(page_path)
    changed = [(ready.path, ready.data)] if not ready.unchanged else []
    if not holds(page_path, page_data):
        changed.append((page_path, page_data))
    staged = stage_all(changed)
    return member.id, standing, staged


def member_files(
    member: Member, folder: Path, token: str, state: _Worker
) -> tuple[Document, str, tuple[Item, ...]]:
    """A member's feed (their plan and the cohort's events), private page, and items."""
    cohort, today, renderer, shared = state.cohort, state.today, state.renderer, state.shared
    plan = member.plan
    items = in_order((*build(plan, today=today), *group_event_items(cohort)))
    path = folder / FEED
    if shared is None:  # a few members: templates would not pay for themselves
        descriptions = {item.key: renderer.describe(plan, item) for item in items}
        doc = described_document(plan, items, descriptions, path=path, alarms=AlarmPolicy.DEFAULT)
    else:
        builders = shared.builders(plan, items, alarms=AlarmPolicy.DEFAULT)
        doc = calendar_document(plan, items, builders, path=path)
    relative = f"{PRIVATE}/{token}/{FEED}"
    page = person_page(
        plan,
        items,
        renderer,
        links(cohort.base_url, relative, f"USCE plan: {member.name}"),
        today=today,
        cohort=cohort,
    )
    return doc, page, items


def cohort_items(cohort: Cohort) -> tuple[Item, ...]:
    """The cohort feed's items: season dates, the guide's months on their own days, events."""
    plan = cohort.as_plan()
    early = date(cohort.season - 3, 1, 1)  # the guide's own days for everyone
    return in_order(
        (
            *build(plan, today=early, suggestions=False, lead_items=False),
            *group_event_items(cohort),
        )
    )


def cohort_feed(cohort: Cohort, out: Path, renderer: Renderer) -> Document:
    """The cohort feed, to subscribe to."""
    plan = cohort.as_plan()
    items = cohort_items(cohort)
    descriptions = {item.key: renderer.describe(plan, item) for item in items}
    return described_document(
        plan, items, descriptions, path=out / COHORT_FEED, alarms=AlarmPolicy.DEFAULT
    )


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256(repr((__version__, *parts)).encode()).hexdigest()


def _write(out: Path, prepared: list[Prepared], retired: list[str]) -> None:
    write(prepared, folder=out)
    for token in retired:
        folder = out / PRIVATE / token
        for child in (folder / FEED, folder / PAGE):
            child.unlink(missing_ok=True)
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
