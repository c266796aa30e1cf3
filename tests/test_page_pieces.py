"""Pages made piece by piece (the cohort page and the coordinator's board, a row per
member): the same bytes as rendering whole, written only when they changed, and nothing left
behind when a template fails part-way."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from usce_cal.calendar import describe
from usce_cal.calendar.describe import BATCH, Renderer, _batched, _stripped
from usce_cal.calendar.files import stage_if_changed, write_pieces_if_changed
from usce_cal.errors import OutputError, TemplateError

PIECE = st.text(alphabet=" \n\t<>&ab", max_size=6)


@given(pieces=st.lists(PIECE | PIECE.map(Markup), max_size=12))
def test_stripped_pieces_join_to_the_stripped_text(pieces: list[str]) -> None:
    out = list(_stripped(iter(pieces)))

    assert "".join(out) == "".join(pieces).strip()
    assert all(type(piece) is str for piece in out)  # never Markup, which would escape


@given(sizes=st.lists(st.integers(min_value=0, max_value=BATCH // 3), max_size=12))
def test_batches_join_to_the_pieces_and_are_full_but_the_last(sizes: list[int]) -> None:
    pieces = [Markup("<" * size) for size in sizes]

    batches = list(_batched(iter(pieces)))

    assert "".join(batches) == "".join(pieces)
    assert all(len(batch) >= BATCH for batch in batches[:-1])
    assert all(type(batch) is str for batch in batches)


def page_folder(tmp_path: Path, body: str) -> Path:
    mine = tmp_path / "mine"
    (mine / "site").mkdir(parents=True)
    (mine / "site" / "board.html.j2").write_text(body, encoding="utf-8")
    return mine


def test_a_page_is_escaped_stripped_and_ends_in_one_line_break(tmp_path: Path) -> None:
    mine = page_folder(
        tmp_path,
        "\n  <p>{{ who }} &amp; {{ what }}</p>\n"
        "{% for n in rows %}<i>{{ n }}</i>\n{% endfor %}\n\n",
    )
    values = {"who": "A & B", "what": Markup("<b>x</b>"), "rows": [1, 2, 3]}
    renderer = Renderer(mine)

    assert (
        renderer.page("board", values)
        == "<p>A &amp; B &amp; <b>x</b></p>\n<i>1</i>\n<i>2</i>\n<i>3</i>\n"
    )


def test_a_page_many_batches_long_joins_to_the_whole_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(describe, "BATCH", 256)  # a user's page may make 100,000 characters
    body = "\n{% for n in rows %}<i>{{ n }} &amp; {{ n }}</i>  \n{% endfor %}"
    values = {"rows": [f"row {n} <{n}>" for n in range(1_000)]}
    renderer = Renderer(page_folder(tmp_path, body))

    pieces = list(renderer.page_pieces("board", values))

    assert len(pieces) > 100
    assert (
        "".join(pieces)
        == "".join(
            f"<i>row {n} &lt;{n}&gt; &amp; row {n} &lt;{n}&gt;</i>  \n" for n in range(1_000)
        ).strip()
        + "\n"
    )


def test_an_error_part_way_names_the_template_and_line(tmp_path: Path) -> None:
    mine = page_folder(
        tmp_path, "<p>first</p>\n{% for n in rows %}\n{{ n.missing }}\n{% endfor %}\n"
    )
    pieces = Renderer(mine).page_pieces("board", {"rows": [1]})

    with pytest.raises(TemplateError) as caught:
        list(pieces)

    assert [str(p) for p in caught.value.problems] == [
        f"{mine / 'site' / 'board.html.j2'}:3: template error: 'int object' has no attribute"
        " 'missing'"
    ]


def test_unchanged_pieces_stage_nothing_and_leave_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "board.html"
    assert write_pieces_if_changed(path, ["<p>", "one", "</p>\n"]) is True
    os.utime(path, (1_000_000_000, 1_000_000_000))

    assert stage_if_changed(path, [b"<p>one", b"</p>\n"]) == []
    assert write_pieces_if_changed(path, ["<p>one</p>\n"]) is False
    assert path.stat().st_mtime == 1_000_000_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.html"]


def test_changed_pieces_are_staged_beside_their_place(tmp_path: Path) -> None:
    path = tmp_path / "board.html"
    path.write_bytes(b"<p>one</p>\n")

    [(staged, place)] = stage_if_changed(path, [b"<p>two", b"</p>\n"])

    assert place == path
    assert staged.parent == tmp_path
    assert staged.name.startswith(".board.html.")
    assert staged.read_bytes() == b"<p>two</p>\n"
    assert path.read_bytes() == b"<p>one</p>\n"


def test_a_failure_part_way_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "board.html"
    path.write_bytes(b"<p>one</p>\n")

    def pieces() -> Iterator[str]:
        yield "<p>two"
        raise TemplateError.one("template error: broken", file="board.html.j2", line=2)

    with pytest.raises(TemplateError):
        write_pieces_if_changed(path, pieces())

    assert sorted(p.name for p in tmp_path.iterdir()) == ["board.html"]
    assert path.read_bytes() == b"<p>one</p>\n"


def test_a_folder_where_the_page_goes_is_refused(tmp_path: Path) -> None:
    (tmp_path / "board.html").mkdir()

    with pytest.raises(OutputError) as caught:
        write_pieces_if_changed(tmp_path / "board.html", ["<p>one</p>"])

    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'board.html'}: is not a file, and an output file goes here; move it away"
        " or choose another --out"
    ]
