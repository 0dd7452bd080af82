"""The fixed task-type prior: cue families, precedence of technical cues, saturation, size cues; the
shortcuts that count its patterns without a full scan."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers import task_prior
from classifiers.task_prior import PRIOR_NAMES, PRIOR_WEIGHTS, cue_strengths, prior_logit


def prior(text: str) -> float:
    return prior_logit(text, " ".join(re.findall(r"[A-Za-z]+", text)).lower().split())


def strengths(text: str) -> dict[str, float]:
    return cue_strengths(text, " ".join(re.findall(r"[A-Za-z]+", text)).lower().split())


def test_every_strength_is_in_the_unit_interval() -> None:
    """Each cue family's strength lies in [0, 1] and every weighted name is computed."""
    s = strengths("Solve x^2 = 4, write a poem, act as a pirate, extract the JSON. Hi! " * 20)
    assert set(PRIOR_NAMES) <= set(s)
    assert all(0.0 <= v <= 1.0 for name, v in s.items() if name != "tech_extra")


@pytest.mark.parametrize(
    ("harder", "easier"),
    [
        ("Prove that the sum of two odd integers is even.", "Write a poem about the sea."),
        ("Implement a binary heap in Python with push and pop.", "Pretend you are a pirate and greet me."),
        (
            "Explain how enzymes lower the activation energy of a reaction.",
            "Compose an email to my landlord.",
        ),
        ("Extract the dates from this text and return them as JSON: 'May 3 and June 4'.", "Tell me a joke."),
        ("Discuss the causes of the First World War.", "Hi!"),
        ("Write a Python function that reverses a linked list.", "Write a short story about a dragon."),
    ],
)
def test_task_types_are_ordered(harder: str, easier: str) -> None:
    """Math, code, science, extraction and humanities cues rank above writing, role-play, chit-chat."""
    assert prior(harder) > prior(easier)


def test_technical_cues_override_the_writing_verb() -> None:
    """'Write a function' is a coding task: the writing cue counts only where technical cues leave room."""
    s = strengths("Write a Python function that implements Dijkstra's algorithm with a binary heap.")
    assert s["tech"] > 0.8
    assert s["writing"] < 0.2


def test_word_problems_with_more_quantities_and_operations_score_higher() -> None:
    """A word problem chaining more quantities and operations gets a larger prior."""
    one = "Kim has 9 apples and buys 6 more. How many apples does she have?"
    many = (
        "Kim has 9 apples and buys 6 bags of 4 more. She gives half of them to 3 friends equally and "
        "sells each remaining apple for $0.50 after a 10% discount. How much money does she make?"
    )
    assert strengths(one)["math"] > 0.6  # asking for a quantity makes it a math problem
    assert prior(many) > prior(one) + 0.3


def test_algorithmic_coding_task_scores_above_data_handling() -> None:
    """A coding task naming an algorithmic idea gets a larger prior than plain data handling."""
    plain = "Write a python function to remove the odd numbers from a given list."
    algorithmic = "Write a python function to find the longest palindromic subsequence using recursion."
    assert strengths(plain)["algorithm"] == 0.0
    assert strengths(algorithmic)["algorithm"] > 0.3
    assert prior(algorithmic) > prior(plain) + 0.2
    assert strengths("Is 7 a prime number?")["algorithm"] == 0.0  # not a coding task


def test_repetition_saturates() -> None:
    """Repeating a cue word cannot push the prior past the sum of the positive weights."""
    ceiling = sum(w for w in PRIOR_WEIGHTS.values() if w > 0) + 2 * PRIOR_WEIGHTS["tech_extra"]
    assert prior("prove integral derivative python sql " * 500) <= ceiling
    assert prior("Hi! " * 3) < 0


def _texts(*pieces: str) -> st.SearchStrategy[str]:
    """Strings of pieces that make a pattern match, nearly match and overlap."""
    return st.lists(st.sampled_from(pieces), max_size=30).map("".join)


_SPACES = (" ", "  ", "\n", "\t", "\u2003", "\x1c")
# Operand, spaces, operator, spaces, again: every operator has something on both sides.
_EQUATION_TEXTS = st.lists(
    st.tuples(
        st.sampled_from(("1", "23", "4.5", "x", "ab", "é", "٣", "(", "\\frac", "\\", "√", "_")),
        st.sampled_from(("", *_SPACES, " \n ")),
        st.sampled_from(("", *"+-*/^=<>×÷", "--", "-(", "^(", "=(", "*(")),
        st.sampled_from(("", *_SPACES, " \n ")),
    ).map("".join),
    max_size=10,
).map("".join)
_CODE_TEXTS = st.lists(
    st.tuples(
        st.sampled_from((*"af#()={};->`_é", "#include", "def ", "import ", "()", "``")),
        st.sampled_from(("", "", *_SPACES)),
    ).map("".join),
    max_size=20,
).map("".join)
_COMPARATIVE_TEXTS = _texts(
    " ", "-", "_", "1", "²", "é", "a", "n", "er", "er than", " than", "thanks", "bigg"
)


def _assert_counts_equal_a_full_scan(text: str) -> None:
    equations = len(task_prior._EQUATION.findall(text))
    assert task_prior._equations(text) == equations
    assert task_prior._equations(text, limit=2) == min(equations, 2)
    assert task_prior._code_marks(text) == len(task_prior._CODE_MARK.findall(text))
    lower = text.lower()
    assert task_prior._comparatives(lower) == len(task_prior._COMPARATIVE.findall(lower))
    assert task_prior.find_numbers(text) == re.findall(r"\d+(?:[.,]\d+)*", text)


@settings(max_examples=500, deadline=None)
@given(_EQUATION_TEXTS, _CODE_TEXTS, _COMPARATIVE_TEXTS)
def test_pattern_counts_equal_a_full_scan(equation: str, code: str, comparative: str) -> None:
    """The anchored counts of equations, code marks and comparatives equal re.findall over every position."""
    for text in (equation, code, comparative):
        _assert_counts_equal_a_full_scan(text)


@pytest.mark.parametrize(
    "text",
    [
        "1 -  2, 3 -\n\t4, 5\u2003-\u20036 and 7-8",
        "1^(2) x ^ 3 y^(z) 2 ×(3) 4÷ 5 a =b c=(d) e < f_",
        "\\frac{1}{2} \\fra √ ∫∑π 12.5 * 3,000.25 / 4",
        "{\t\n}  \x1c\n;\u2003",
        "#include()\n#include <a.h>\nimport os; def f(): return x == y -> z\n```a``` ``",
        "x1er than bigger than_ é_er than thanks fewer than",
        "",
    ],
)
def test_pattern_counts_on_tricky_texts(text: str) -> None:
    """Spaces of any kind around operators, brackets after them, and code marks that share characters
    are counted as a full scan counts them."""
    _assert_counts_equal_a_full_scan(text)


@settings(max_examples=200, deadline=None)
@given(_EQUATION_TEXTS | _COMPARATIVE_TEXTS | st.text(max_size=200))
def test_precomputed_word_statistics_give_the_same_strengths(text: str) -> None:
    """Passing the word counts, the pairs that start with a cue word and the numbers changes nothing."""
    words = " ".join(re.findall(r"[A-Za-z]+", text)).lower().split()
    pairs = Counter(p for p in itertools.pairwise(words) if p[0] in task_prior.PAIR_FIRSTS)
    numbers = re.findall(r"\d+(?:[.,]\d+)*", text)
    given_ = cue_strengths(text, words, counts=Counter(words), pairs=pairs, numbers=numbers)
    assert given_ == cue_strengths(text, words)


@pytest.mark.parametrize(
    ("text", "equations", "code_marks"),
    [
        ("Solve 3x^2 - 12x + 9 = 0.", 2, 0),  # "x^2" takes the 2 that "2 - 12" would start with
        ("x = 1; y => 2", 1, 0),
        ("1  +\n 2 and 1-2 and 1 - 2", 2, 0),
        ("#include()\ndef f():\n    return a == b;\n", 0, 5),  # "#include" takes the e of "e()"
        ("```\n{\n}\n``` and a->b", 0, 5),
    ],
)
def test_pattern_counts_on_examples(text: str, equations: int, code_marks: int) -> None:
    """Equations and code marks counted on hand-checked examples."""
    assert task_prior._equations(text) == equations
    assert task_prior._code_marks(text) == code_marks
