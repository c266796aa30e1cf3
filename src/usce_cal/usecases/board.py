"""``board``: where every member of a cohort stands on a day, for the coordinator."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from msgspec import Struct

from usce_cal.plan.cohort import Cohort
from usce_cal.plan.cohort_load import load_cohort
from usce_cal.site.board import BoardEntry, board_entries
from usce_cal.site.private_files import secrets_path
from usce_cal.site.tokens import read_secrets


class Board(Struct, frozen=True):
    """The board of one cohort on one day."""

    cohort: Cohort
    """The cohort."""
    today: date
    """The day it is made for."""
    entries: list[BoardEntry]
    """One row per member, private ones included, members behind first."""


def cohort_board(*, cohort_path: Path, today: date) -> Board:
    """The board of the cohort at ``cohort_path``; reads the private record beside it (for
    the days plans last changed) and writes nothing."""
    cohort = load_cohort(cohort_path, today=today)
    state = read_secrets(secrets_path(cohort_path))
    return Board(cohort, today, board_entries(cohort, state, today=today))
