"""Difficulty features: the shortcuts that find words and answer options without a regex scan of every
character give what the scan gives."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers import features

_LINES = st.lists(
    st.tuples(
        st.sampled_from(("", " ", "\t", "  ", "(")),
        st.sampled_from(("A", "b", "H", "i", "x", "1", "")),
        st.sampled_from((".", ")", ":", "", "-")),
        st.sampled_from((" ", "\t", "", " \t")),
        st.sampled_from(("12 cm", "x = 2y", "none", "", " ", "Paris, France", "é 🙂", "a\rb")),
    ).map("".join),
    max_size=30,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200) | st.text(alphabet="aZ9_- \t\n\x1c\u2003é", max_size=200))
def test_letter_runs_split_into_the_words(text: str) -> None:
    """The letter runs split into exactly the words the word pattern finds, ASCII or not."""
    runs = features._letter_runs(text)
    assert runs.split() == re.findall(r"[A-Za-z]+", text)
    assert len(runs) - runs.count(" ") == sum(map(len, re.findall(r"[A-Za-z]+", text)))


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_option_lines_are_found_as_a_full_scan_finds_them(text: str) -> None:
    """Answer options are found at the same places on texts of few and of many lines."""
    expected = [(m.span(), m.group(2)) for m in features._OPTION.finditer(text)]
    assert [(m.span(), m.group(2)) for m in features._option_matches(text)] == expected


@pytest.mark.parametrize(
    "text",
    ["", "A. one", "Q?\nA) one\n(B) two\n  c: three\nD.four", "x\n" * 30 + "A. one\nB. two", "\nA. x\n"],
)
def test_option_lines_on_examples(text: str) -> None:
    """Options at the start, after blank lines and past the many-lines threshold are all found."""
    expected = [m.span() for m in features._OPTION.finditer(text)]
    assert [m.span() for m in features._option_matches(text)] == expected
