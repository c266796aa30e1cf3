"""Members as the last load of a cohort validated them (``plan.member_cache``): a load
after one member's change validates that member alone, and gives exactly what validating
every member gives."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from bench_cohort import cohort_text, moved
from usce_cal.errors import PlanError
from usce_cal.plan import cohort_load, member_cache
from usce_cal.plan.cohort import Cohort
from usce_cal.plan.cohort_load import load_cohort

TODAY = date(2026, 11, 25)
EXAMPLE = Path(__file__).parent.parent / "examples" / "cohort"


@pytest.fixture
def validated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The members each load validates, by id (inline) or file name (own plan file)."""
    seen: list[str] = []
    reader = cohort_load._CohortReader
    inline, own = reader.member_inline, reader.member_plan

    def counted_inline(self: object, tbl: dict[str, object], *args: object) -> object:
        seen.append(str(tbl["id"]))
        return inline(self, tbl, *args)  # type: ignore[arg-type]

    def counted_own(self: object, label: str, shown: str, *args: object) -> object:
        seen.append(Path(shown).name)
        return own(self, label, shown, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(reader, "member_inline", counted_inline)
    monkeypatch.setattr(reader, "member_plan", counted_own)
    return seen


def uncached(path: Path, today: date = TODAY) -> Cohort:
    """The cohort as validating every member gives it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cohort_load, "read_kept", lambda _: {})
        patch.setattr(cohort_load, "write_kept", lambda *_: None)
        return load_cohort(path, today=today)


@pytest.fixture
def forty(tmp_path: Path) -> Path:
    path = tmp_path / "cohort.toml"
    path.write_text(cohort_text(40), encoding="utf-8")
    return path


def test_a_second_load_validates_no_member(forty: Path, validated: list[str]) -> None:
    first = load_cohort(forty, today=TODAY)
    assert len(validated) == 40
    validated.clear()

    again = load_cohort(forty, today=TODAY)

    assert validated == []
    assert again == first == uncached(forty)


def test_a_changed_member_is_validated_alone(forty: Path, validated: list[str]) -> None:
    first = load_cohort(forty, today=TODAY)
    forty.write_text(moved(cohort_text(40), "m0007", 1), encoding="utf-8")
    validated.clear()

    again = load_cohort(forty, today=TODAY)

    assert validated == ["m0007"]
    assert again == uncached(forty)
    starts = [c.members[7].plan.rotations[0].start for c in (first, again)]
    assert starts == [date(2027, 3, 1), date(2027, 3, 8)]


def test_a_bad_change_is_reported_though_the_rest_are_kept(
    forty: Path, validated: list[str]
) -> None:
    load_cohort(forty, today=TODAY)
    text = cohort_text(40)
    at = text.index('kind = "', text.index('id = "m0009"'))
    forty.write_text(text[:at] + 'kind = "rotation"' + text[text.index(",", at) :])
    line = text[:at].count("\n") + 1
    validated.clear()

    with pytest.raises(PlanError) as caught:
        load_cohort(forty, today=TODAY)

    assert validated == ["m0009"]
    assert [str(p) for p in caught.value.problems] == [
        f'{forty}:{line}: members[9].rotations[0].kind: unknown kind "rotation"; expected one'
        " of: clerkship, externship, observership, tele-observership"
    ]


def test_another_day_validates_every_member_again(forty: Path, validated: list[str]) -> None:
    load_cohort(forty, today=TODAY)
    validated.clear()

    load_cohort(forty, today=date(2026, 11, 26))

    assert len(validated) == 40


def test_a_damaged_cache_is_ignored(forty: Path, validated: list[str]) -> None:
    first = load_cohort(forty, today=TODAY)
    kept = member_cache._cache_file(forty)
    assert kept is not None
    assert kept.is_file()
    kept.write_bytes(b"\x93not a cache")
    validated.clear()

    assert load_cohort(forty, today=TODAY) == first
    assert len(validated) == 40


def test_members_own_plan_files_are_kept_until_edited(tmp_path: Path, validated: list[str]) -> None:
    folder = tmp_path / "office"
    shutil.copytree(EXAMPLE, folder)
    path = folder / "cohort.toml"
    first = load_cohort(path, today=TODAY)
    assert validated == ["amina.toml", "diego", "li", "fatima"]
    validated.clear()

    assert load_cohort(path, today=TODAY) == first
    assert validated == []
    assert first == uncached(path)
    validated.clear()

    plan = folder / "plans" / "amina.toml"
    plan.write_text(plan.read_text().replace("start = 2027-04-05", "start = 2027-04-12"))
    again = load_cohort(path, today=TODAY)

    assert validated == ["amina.toml"]
    assert again == uncached(path)
    assert again.members[0].plan.rotations[0].start == date(2027, 4, 12)


def test_other_validating_code_validates_every_member_again(
    forty: Path, validated: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    load_cohort(forty, today=TODAY)
    validated.clear()
    monkeypatch.setattr(member_cache, "_code", lambda: "an edited plan/load.py")

    load_cohort(forty, today=TODAY)

    assert len(validated) == 40
