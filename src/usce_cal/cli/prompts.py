"""Asking ``init``'s questions: each answer is checked as it is given, and asked again with
the reason when it cannot be used."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import typer

from usce_cal.plan.answers import MonthOnly, is_zone, parse_day, zone_choices

Check = Callable[[str], str | None]
"""Returns why an answer cannot be used, or ``None``."""


def ask(question: str, check: Check, *, default: str | None = None) -> str:
    """Ask until ``check`` accepts the answer."""
    while True:
        answer = typer.prompt(question, default=default, show_default=default is not None)
        answer = str(answer).strip()
        problem = check(answer)
        if problem is None:
            return answer
        typer.echo(f"  {problem}")


def required(answer: str) -> str | None:
    """A non-empty answer."""
    return None if answer else "Please answer: this cannot be empty."


def ask_zone() -> str:
    """An IANA timezone, from a zone, country or city name (a pick when there are several)."""
    while True:
        typed = ask(
            "Your timezone (an IANA name such as Asia/Kolkata, or your country or city)", required
        )
        if is_zone(typed):
            return typed
        choices = zone_choices(typed)
        if len(choices) == 1 and is_zone(choices[0]):
            typer.echo(f"  Timezone: {choices[0]}")
            return choices[0]
        zones = [c for c in choices if is_zone(c)]
        if zones and len(zones) == len(choices):
            return pick(zones)
        hint = f" Did you mean: {', '.join(choices)}?" if choices else ""
        typer.echo(
            f'  "{typed}" is not a timezone, country or city usce-cal knows.{hint}'
            " Try an IANA name such as Asia/Kolkata or America/Chicago."
        )


def pick(zones: list[str]) -> str:
    """One of several zones, by number."""
    for number, zone in enumerate(zones, start=1):
        typer.echo(f"  {number}) {zone}")
    answer = ask(
        "Which one? (number)",
        lambda a: None if a.isdigit() and 1 <= int(a) <= len(zones) else "Type a listed number.",
        default="1",
    )
    return zones[int(answer) - 1]


def ask_date(question: str, *, optional: bool) -> date | None:
    """A date as people type it; a month without its day asks for the day."""
    while True:
        typed = typer.prompt(question, default="" if optional else None, show_default=False)
        typed = str(typed).strip()
        if optional and not typed:
            return None
        found = parse_day(typed)
        if isinstance(found, date):
            return found
        if isinstance(found, MonthOnly):
            day = _day_of(found)
            if day is not None:
                return day
            continue
        typer.echo(f'  "{typed}" is not a date; write it as 2027-07-15 or 15 July 2027.')


def _day_of(month: MonthOnly) -> date | None:
    name = date(month.year, month.month, 1).strftime("%B %Y")
    typed = ask(f"Which day in {name}? (1-31)", lambda a: None if a.isdigit() else "Type a number.")
    try:
        return date(month.year, month.month, int(typed))
    except ValueError:
        typer.echo(f"  {name} has no day {typed}.")
        return None


def ask_season(default: int, first: int) -> int:
    """The season: the year residency starts, not one that has closed."""

    def check(answer: str) -> str | None:
        if not answer.isdigit():
            return "Type a year, such as 2028."
        if int(answer) < first:
            return f"Season {answer} has closed; choose {first} or later."
        return None

    return int(ask("Season: the year your residency would start", check, default=str(default)))
