"""Our content lines against icalendar's, byte for byte, over generated values."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import vText
from icalendar.parser import Contentline, Parameters

from usce_cal.calendar.lines import escape_text, fold, line, param_value

QUOTE = "\u2019"
"""A right single quotation mark: icalendar quotes parameter values that hold one."""
TRICKY = st.sampled_from(
    [*"\\;,:\"'^\r\n\t ", QUOTE, "\\N", "\r\n", "é", "\u2013", "☐", "😀", "中"]
)
TEXT = st.lists(st.one_of(TRICKY, st.text(max_size=40)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_text_escaping_matches_icalendar(value: str) -> None:
    assert escape_text(value) == vText(value).to_ical().decode("utf-8")


@settings(max_examples=400, deadline=None)
@given(
    name=st.sampled_from(["DESCRIPTION", "SUMMARY", "X-ALT-DESC", "LOCATION"]),
    value=TEXT,
    param=st.one_of(
        st.none(),
        st.text(alphabet=st.characters(exclude_characters='"\r\n', codec="utf-8"), max_size=20),
    ),
)
def test_folded_lines_match_icalendar(name: str, value: str, param: str | None) -> None:
    params = Parameters({"FMTTYPE": param}) if param is not None else Parameters()
    theirs = Contentline.from_parts(name, params, vText(value)).to_ical()
    pairs = [("FMTTYPE", param)] if param is not None else []

    ours = fold(line(name, escape_text(value), pairs)).encode("utf-8")

    assert ours == theirs


@given(st.one_of(TEXT, st.text(max_size=30)))
def test_parameter_values_are_quoted_like_icalendar(value: str) -> None:
    from icalendar.parser import param_value as theirs

    assert param_value(value) == theirs(value)
