"""Which application service a specialty applies through, and the words it uses.

Emergency medicine and OB/GYN apply through ResidencyCAS, not ERAS; EM letters are SLOEs.
Everything usce-cal says about applying is worded through ``Words`` for the applicant's
service and specialty (``data/services.toml``, ``data/specialties.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache

from msgspec import Struct

from usce_cal.guide import data_files

DEFAULT_SERVICE = "eras"
"""The service of a specialty the data does not list."""


class PublishedSeason(Struct, frozen=True):
    """One season's dates as a service published them."""

    year: int
    """The season (the year residency starts)."""
    source: str
    """The page the dates were read from."""
    read: date
    """The day they were read."""
    dates: Mapping[str, date]
    """Each published date by season field."""


class Service(Struct, frozen=True):
    """An application service (ERAS, ResidencyCAS) and its published seasons."""

    key: str
    """``eras`` or ``residencycas``."""
    name: str
    """Its name, as in titles: ``ERAS``."""
    token: bool
    """Whether IMGs open it with a token from ECFMG."""
    site: str
    """Its applicants' web page."""
    words: tuple[tuple[str, str], ...]
    """The words its texts use (``portal``, ``letter_request``…)."""
    seasons: tuple[PublishedSeason, ...]
    """Seasons with published dates."""

    def published(self, year: int) -> PublishedSeason | None:
        """The published dates of season ``year``, if any."""
        return next((s for s in self.seasons if s.year == year), None)


class Specialty(Struct, frozen=True):
    """A specialty as the guide and the services know it."""

    name: str
    """Its usual name."""
    service: str
    """The service it applies through before ``moved``."""
    moved: tuple[str, int] | None
    """A later service and the first season it applies to."""
    signals: bool
    """Whether programs take signals."""
    related: tuple[str, ...]
    """Specialties whose rotations count as focused for it."""
    letter_words: tuple[tuple[str, str], ...]
    """Words for its letters that differ from its service's (EM: SLOE)."""

    def service_in(self, season: int) -> str:
        """The service it applies through in ``season``."""
        if self.moved is not None and season >= self.moved[1]:
            return self.moved[0]
        return self.service


class Words(Struct, frozen=True):
    """How to speak about applying, for one applicant: the service and its words."""

    service: Service
    """The application service."""
    specialty: Specialty | None
    """The applicant's specialty as the data knows it, if it does."""
    values: tuple[tuple[str, str], ...]
    """Each word by name, capitalized forms included (``Letters``)."""

    def fill(self, text: str) -> str:
        """``text`` with each ``{word}`` replaced; other braces are left as they are."""
        words = dict(self.values)
        return _WORD.sub(lambda m: words.get(m.group(1), m.group(0)), text)

    @property
    def signals(self) -> bool:
        """Whether the applicant's specialty takes program signals."""
        return self.specialty is not None and self.specialty.signals


_WORD = re.compile(r"\{([A-Za-z_]+)\}")


def _key(name: str) -> str:
    """A specialty name compared without case, spaces or punctuation; ``&`` reads ``and``."""
    return re.sub(r"[^a-z0-9]", "", name.casefold().replace("&", "and"))


@cache
def services() -> dict[str, Service]:
    """Every application service by key."""
    found = {}
    for key, raw in data_files.services().items():
        seasons = tuple(
            PublishedSeason(s["year"], s["source"], s["read"], s["dates"]) for s in raw["season"]
        )
        words = tuple((name, value) for name, value in raw["words"].items())
        found[key] = Service(key, raw["service"], raw["token"], raw["site"], words, seasons)
    return found


@cache
def _specialties() -> dict[str, Specialty]:
    """Every listed specialty by each of its compared names."""
    found: dict[str, Specialty] = {}
    for raw in data_files.specialties()["specialty"]:
        moved = raw.get("service_from")
        specialty = Specialty(
            name=raw["name"],
            service=raw["service"],
            moved=(str(moved[0]), int(moved[1])) if moved else None,
            signals=raw["signals"],
            related=tuple(raw["related"]),
            letter_words=tuple(
                (name, raw[name]) for name in ("letter", "letters", "letter_request") if name in raw
            ),
        )
        for name in (raw["name"], *raw["aliases"]):
            found[_key(name)] = specialty
    return found


def specialty(name: str) -> Specialty | None:
    """The specialty ``name`` means (by name or alias), if the data lists it."""
    return _specialties().get(_key(name))


def same_specialty(a: str, b: str) -> bool:
    """Whether two names mean the same specialty (``IM`` and ``Internal Medicine``)."""
    known_a, known_b = specialty(a), specialty(b)
    if known_a is not None and known_b is not None:
        return known_a.name == known_b.name
    return _key(a) == _key(b)


def related(target: str, other: str) -> bool:
    """Whether ``other`` is a specialty the guide counts as related to ``target``."""
    known = specialty(target)
    return known is not None and any(same_specialty(other, r) for r in known.related)


@cache
def words_for(specialty_name: str, season: int) -> Words:
    """How to speak about applying for someone in ``specialty_name`` in ``season``."""
    known = specialty(specialty_name)
    service = services()[known.service_in(season) if known else DEFAULT_SERVICE]
    values = dict(service.words)
    if known is not None:
        values.update(known.letter_words)
    if known is not None and "letter_request" in dict(known.letter_words):
        values["letter_request"] = f"{values['letter_request']} in {service.name}"
    values["service"] = service.name
    capitals = {name.capitalize(): value[:1].upper() + value[1:] for name, value in values.items()}
    return Words(service, known, tuple(sorted({**values, **capitals}.items())))
