"""Publishing a cohort's site: nothing at all when nothing changed since the last build
(``site.last_build``), else a build of what changed (``site.publish``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from usce_cal.calendar.files import holding
from usce_cal.site.last_build import Built, unchanged
from usce_cal.site.private_files import private_paths


def publish_cohort(
    *,
    cohort_path: Path,
    out: Path,
    today: date,
    rotate: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Built:
    """Publish the cohort at ``cohort_path`` to ``out``, unless the last build stands."""
    if rotate is None and cohort_path.name and out.is_dir():
        private = private_paths(cohort_path)
        with holding(out, create=False):
            last = unchanged(cohort_path, out, private, today=today)
        if last is not None:
            return Built(last.members, (), out, *private)
    from usce_cal.site.publish import build_site

    return build_site(
        cohort_path=cohort_path, out=out, today=today, rotate=rotate, progress=progress
    )
