"""The shipped difficulty model: loads, scores in [0, 1], deterministic, ranks hard above trivial."""

from __future__ import annotations

import json
from typing import Any

import pytest

from classifiers.difficulty_model import ARTIFACT_FORMAT, DifficultyModel, shipped_artifact
from classifiers.features import FEATURE_NAMES, extract, focus


@pytest.fixture(scope="module")
def model() -> DifficultyModel:
    return DifficultyModel.load()


def test_shipped_artifact_loads(model: DifficultyModel) -> None:
    """The package ships a JSON artifact with its training record, small enough to ship."""
    assert shipped_artifact().is_file()
    assert shipped_artifact().stat().st_size < 3_000_000
    assert model.metadata["n_prompts"] > 10_000
    assert model.trees_ and model.term_weights_


@pytest.mark.parametrize(
    "text",
    ["", " ", "?", "é" * 50, "1" * 5000, "x = 1\n" * 4000, "Write code. " * 3000, "\x00\ufffd emoji 🙂"],
)
def test_scores_are_probabilities(model: DifficultyModel, text: str) -> None:
    """Any text, empty or huge, scores within [0, 1]."""
    assert 0.0 <= model.classify(text) <= 1.0


def test_deterministic_and_round_trips(model: DifficultyModel) -> None:
    """The same text scores the same, also after a to_dict/from_dict round trip."""
    text = "Prove that the square root of 2 is irrational."
    again = DifficultyModel.from_dict(json.loads(model.to_json()))
    assert model.classify(text) == model.classify(text)
    assert again.classify(text) == pytest.approx(model.classify(text), abs=1e-6)


@pytest.mark.parametrize(
    ("hard", "easy"),
    [
        (
            "A store sells pencils at $0.25 each and notebooks at $1.75 each. Maria buys 12 pencils and "
            "3 notebooks and pays with a $20 bill. How much change does she get?",
            "Hi!",
        ),
        ("Solve for x: 3x^2 - 12x + 9 = 0, and explain each step.", "What is the capital of France?"),
        (
            "Implement a function to find the median of two sorted arrays of different sizes in "
            "O(log(min(m, n))) time. Return a float.",
            "Say hello in Spanish.",
        ),
        (
            "Write a Python function that returns the longest palindromic substring of a string.",
            "Translate 'thank you' into German.",
        ),
        (
            "Tom has twice as many marbles as Jerry. Together they have 36. After Tom gives 4 marbles to "
            "Jerry, how many marbles does each have? Explain your reasoning.",
            "Write a short poem about autumn leaves.",
        ),
        (
            "If all bloops are razzies and all razzies are lazzies, are all bloops definitely lazzies? "
            "Explain step by step.",
            "Pretend you are a pirate captain and greet me.",
        ),
    ],
)
def test_harder_prompts_score_higher(model: DifficultyModel, hard: str, easy: str) -> None:
    """Multi-step math, code and reasoning score above trivial or creative requests."""
    assert model.classify(hard) > model.classify(easy)


def test_few_shot_prompts_are_scored_on_their_last_question() -> None:
    """Solved examples before the real question are cut off."""
    prompt = "Q: 1+1?\nAnswer: 2\n\nQ: 2+2?\nAnswer: 4\n\nWhat is 17*23?\nAnswer:"
    assert focus(prompt) == ("What is 17*23?", True)
    assert focus("Plain question?") == ("Plain question?", False)


def test_feature_vector_length() -> None:
    """extract gives one value per feature name."""
    assert len(extract("How many apples?").dense) == len(FEATURE_NAMES)


def _artifact(model: DifficultyModel, **changes: Any) -> dict[str, Any]:
    data = model.to_dict()
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "something-else"}, ARTIFACT_FORMAT),
        ({"version": 99}, "unsupported artifact version"),
        ({"features": ["log_chars"]}, "other features"),
        ({"linear": {"coef": []}}, "malformed"),
        ({"trees": {"init": 0.0, "trees": [{"feature": [0], "threshold": [0.0], "left": [5],
                                             "right": [6], "value": [0.0]}]}}, "forward"),
    ],
)  # fmt: skip
def test_invalid_artifacts_are_refused(model: DifficultyModel, changes: dict[str, Any], message: str) -> None:
    """Wrong format, version, feature list or structure raise ValueError (no code is executed)."""
    with pytest.raises(ValueError, match=message):
        DifficultyModel.from_dict(_artifact(model, **changes))
