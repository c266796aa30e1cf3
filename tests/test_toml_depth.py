"""The plan reader's two bracket counters (`deepest`, quick; `too_deep_at`, token by token)
against the real nesting of generated TOML, whose strings and comments hold brackets and
quotes of every kind."""

from __future__ import annotations

import re

import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from usce_cal.plan.toml_file import deepest, too_deep_at

NOISE = st.text(alphabet="[]{}\"'#\\ ab\t", max_size=12)


def _basic(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _multi_basic(text: str) -> str:
    """Quotes stay unescaped, up to two in a row, and may end the string (TOML 1.0)."""
    return '"""' + re.sub('"{3,}', '""', text.replace("\\", "\\\\")) + '"""'


def _multi_literal(text: str) -> str:
    return "'''" + re.sub("'{3,}", "''", text) + "'''"


STRINGS = st.one_of(
    NOISE.map(_basic),
    NOISE.filter(lambda t: "'" not in t).map(lambda t: f"'{t}'"),
    NOISE.map(_multi_basic),
    NOISE.map(_multi_literal),
)
"""A TOML string, each form, holding brackets, quotes, hashes and backslashes."""


def _array(children: list[tuple[str, int]], comment: str, one_line: bool) -> tuple[str, int]:
    if one_line:
        body, head = ", ".join(text for text, _ in children), "["
    else:
        body = ",\n".join(text for text, _ in children)
        head = f"[ # {comment}\n" if comment else "[\n"
    return head + body + "]", 1 + max((depth for _, depth in children), default=0)


def _inline(children: list[tuple[str, int]]) -> tuple[str, int]:
    body = ", ".join(f"k{n} = {text}" for n, (text, _) in enumerate(children))
    return "{" + body + "}", 1 + max((depth for _, depth in children), default=0)


VALUES = st.recursive(
    STRINGS.map(lambda text: (text, 0)) | st.integers().map(lambda n: (str(n), 0)),
    lambda inner: (
        st.builds(_array, st.lists(inner, max_size=3), NOISE, st.booleans())
        | st.builds(_inline, st.lists(inner, max_size=3))
    ),
    max_leaves=40,
)
"""A TOML value as text, and how deep its arrays and inline tables nest."""


@settings(max_examples=500, deadline=None)
@given(value=VALUES, comment=NOISE, most=st.integers(min_value=0, max_value=8))
def test_both_counters_find_the_real_nesting(
    value: tuple[str, int], comment: str, most: int
) -> None:
    body, depth = value
    text = f"[[members]]\nvalue = {body}\n# {comment}\n"
    tomli.loads(text)  # the generator writes only valid TOML

    assert deepest(text) == max(depth, 2)  # [[members]] opens and closes on its line
    assert (too_deep_at(text, most) is not None) == (max(depth, 2) > most)


def test_quotes_that_end_a_multi_line_string_close_it() -> None:
    text = 'v = [[[[[[[[[[""""""", ["\\"[",\n[["""""", [[[[]]]]]]]]]]]]]], """"""]]]\n'
    tomli.loads(text)

    assert (deepest(text), too_deep_at(text, 16), too_deep_at(text, 17)) == (17, 2, None)
