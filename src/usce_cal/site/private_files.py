"""Where a cohort's private files go: beside the cohort file, never in the published site."""

from __future__ import annotations

from pathlib import Path


def secrets_path(cohort_path: Path) -> Path:
    """The private token file for the cohort at ``cohort_path``."""
    return cohort_path.with_name(cohort_path.stem + ".secrets.json")


def subscriptions_path(cohort_path: Path) -> Path:
    """The coordinator's list for the cohort at ``cohort_path``."""
    return cohort_path.with_name(cohort_path.stem + "-subscriptions.csv")


def board_path(cohort_path: Path) -> Path:
    """The board page for the cohort at ``cohort_path``."""
    return cohort_path.with_name(cohort_path.stem + "-board.html")


def last_build_path(cohort_path: Path) -> Path:
    """The record of the cohort's last build (``site.last_build``)."""
    return cohort_path.with_name(cohort_path.stem + ".last-build.json")


def private_paths(cohort_path: Path) -> tuple[Path, Path, Path]:
    """The files a build writes beside the cohort file: tokens, list and board."""
    return secrets_path(cohort_path), subscriptions_path(cohort_path), board_path(cohort_path)
