"""The plan reader's two bracket counters (`deepest`, quick; `too_deep_at`, token by token)
against the real nesting of generated TOML, whose strings and comments hold brackets and
quotes of every kind."""

from __future__ import annotations

import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from usce_cal.plan.toml_file import deepest, too_deep_at

NOISE = st.text(alphabet="[]{}\"'#\\ ab\t", max_size=12)


def _basic(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _multi_basic(text: str) -> str:
    return '"""' + text.replace("\\", "\\\\").replace('"', '\\"') + '"""'


STRINGS = st.one_of(
    NOISE.map(_basic),
    NOISE.filter(lambda t: "'" not in t).map(lambda t: f"'{t}'"),
    NOISE.map(_multi_basic),
    NOISE.filter(lambda t: "'''" not in t and not t.endswith("'")).map(lambda t: f"'''{t}'''"),
)
"""A TOML string, each form, holding brackets, quotes, hashes and backslashes."""


def _array(children: list[tuple[str, int]], comment: str) -> tuple[str, int]:
    body = ",\n".join(text for text, _ in children)
    tail = f" # {comment}\n" if comment else "\n"
    return "[" + tail + body + "\n]", 1 + max((depth for _, depth in children), default=0)


def _inline(children: list[tuple[str, int]]) -> tuple[str, int]:
    body = ", ".join(f"k{n} = {text}" for n, (text, _) in enumerate(children))
    return "{" + body + "}", 1 + max((depth for _, depth in children), default=0)


VALUES = st.recursive(
    STRINGS.map(lambda text: (text, 0)) | st.integers().map(lambda n: (str(n), 0)),
    lambda inner: (
        st.builds(_array, st.lists(inner, max_size=3), NOISE)
        | st.builds(_inline, st.lists(inner, max_size=3))
    ),
    max_leaves=40,
)
"""A TOML value as text, and how deep its arrays and inline tables nest."""


@settings(max_examples=300, deadline=None)
@given(value=VALUES, comment=NOISE, most=st.integers(min_value=0, max_value=8))
def test_both_counters_find_the_real_nesting(
    value: tuple[str, int], comment: str, most: int
) -> None:
    body, depth = value
    text = f"[[members]]\nvalue = {body}\n# {comment}\n"
    tomli.loads(text)  # the generator writes only valid TOML

    assert deepest(text) == max(depth, 2)  # [[members]] opens and closes on its line
    assert (too_deep_at(text, most) is not None) == (max(depth, 2) > most)
