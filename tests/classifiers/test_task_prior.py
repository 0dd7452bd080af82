"""The fixed task-type prior: cue families, precedence of technical cues, saturation, size cues."""

from __future__ import annotations

import re

import pytest

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


def test_repetition_saturates() -> None:
    """Repeating a cue word cannot push the prior past the sum of the positive weights."""
    ceiling = sum(w for w in PRIOR_WEIGHTS.values() if w > 0) + 2 * PRIOR_WEIGHTS["tech_extra"]
    assert prior("prove integral derivative python sql " * 500) <= ceiling
    assert prior("Hi! " * 3) < 0
