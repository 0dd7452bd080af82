"""The shipped difficulty model: loads, scores in [0, 1], deterministic, ranks hard above trivial;
the calibration map; older artifacts; benchmark scaffolding removed from the focus text; the
flattened forest that scores all trees at once."""

from __future__ import annotations

import itertools
import json
import math
import random
from typing import Any

import pytest

from classifiers.difficulty_model import (
    ARTIFACT_FORMAT,
    Calibration,
    DifficultyModel,
    Forest,
    Tree,
    shipped_artifact,
)
from classifiers.features import FEATURE_NAMES, Features, extract, focus


@pytest.fixture(scope="module")
def model() -> DifficultyModel:
    return DifficultyModel.load()


def test_shipped_artifact_loads(model: DifficultyModel) -> None:
    """The package ships a JSON artifact with its training record, small enough to ship."""
    assert shipped_artifact().is_file()
    assert shipped_artifact().stat().st_size < 3_000_000
    assert model.metadata["n_prompts"] > 10_000
    assert model.trees_ and model.term_weights_
    assert model.calibration_ is not None and model.prior_scale_ == (1.0, 0.0)
    assert "4 source(s) weighted equally" in model.metadata["calibration"]


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
    # solved examples without answer options are not a benchmark's answer format (the prior applies)
    assert not extract(prompt).benchmark_format
    assert extract(prompt + "\nA) 391\nB) 401").benchmark_format


def test_benchmark_answer_scaffolding_is_removed() -> None:
    """Answer-format instructions a benchmark repeats on every prompt are not part of the focus text."""
    prompt = (
        "Please answer with the letter of the correct answer.\n\nWhich gas do plants take in?\n"
        'A) oxygen\nB) carbon dioxide\nPrint only a single choice  from "A" or "B" without '
        "explanation.\nAnswer:"
    )
    assert focus(prompt) == ("Which gas do plants take in?\nA) oxygen\nB) carbon dioxide", False)
    features = extract(prompt)
    assert features.benchmark_format and not {"print", "single", "explanation"} & features.terms
    assert not extract("Which gas do plants take in?").benchmark_format


def test_calibration_is_strictly_increasing_with_tails() -> None:
    """The score map rises strictly everywhere, tails included, and stays inside (0, 1)."""
    cal = Calibration(logit=(-1.0, 0.0, 2.0), score=(0.1, 0.5, 0.9), tail=1.0)
    zs = [-800.0, -30.0, -5.0, -1.0, -0.5, 0.0, 1.0, 2.0, 5.0, 30.0]
    scores = [cal(z) for z in zs]
    assert all(0.0 < a < b < 1.0 for a, b in itertools.pairwise(scores[1:-1]))
    assert cal(-0.5) == pytest.approx(0.3) and cal(1.0) == pytest.approx(0.7)
    assert cal(-2.0) == pytest.approx(0.1 * math.exp(-1.0))
    assert scores[0] >= 0.0 and scores[-1] <= 1.0


@pytest.mark.parametrize(
    ("logit", "score", "tail"),
    [((0.0,), (0.5,), 1.0), ((0.0, 0.0), (0.2, 0.4), 1.0), ((0.0, 1.0), (0.4, 0.2), 1.0),
     ((0.0, 1.0), (0.0, 0.5), 1.0), ((0.0, 1.0), (0.2, 0.4), 0.0)],
)  # fmt: skip
def test_invalid_calibrations_are_refused(
    logit: tuple[float, ...], score: tuple[float, ...], tail: float
) -> None:
    """Too few knots, non-increasing knots, scores at 0 or 1, or a zero tail raise ValueError."""
    with pytest.raises(ValueError, match="calibration"):
        Calibration(logit=logit, score=score, tail=tail)


def test_version_1_artifacts_still_load(model: DifficultyModel) -> None:
    """An artifact without prior and calibration (version 1) loads and scores by the logistic function."""
    data = model.to_dict()
    data["version"] = 1
    del data["prior"], data["calibration"]
    old = DifficultyModel.from_dict(data)
    text = "Solve 3x + 5 = 20."
    assert old.calibration_ is None and old.prior_weights_ == ()
    assert old.classify(text) == pytest.approx(1 / (1 + math.exp(-old.logit(text))))


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
        ({"prior": {"cues": ["tech"], "weights": [1.0]}}, "other prior cues"),
        ({"calibration": {"logit": [1.0, 0.0], "score": [0.2, 0.4], "tail": 1.0}}, "increasing"),
        ({"trees": {"init": 0.0, "trees": [{"feature": [0], "threshold": [0.0], "left": [5],
                                             "right": [6], "value": [0.0]}]}}, "forward"),
    ],
)  # fmt: skip
def test_invalid_artifacts_are_refused(model: DifficultyModel, changes: dict[str, Any], message: str) -> None:
    """Wrong format, version, feature list or structure raise ValueError (no code is executed)."""
    with pytest.raises(ValueError, match=message):
        DifficultyModel.from_dict(_artifact(model, **changes))


def test_forest_reaches_the_same_leaves_as_each_tree(model: DifficultyModel) -> None:
    """The flattened forest gives every tree's own prediction, also on thresholds, NaN and extremes."""
    forest = Forest(model.trees_)
    rng = random.Random(0)
    thresholds = sorted({t for tree in model.trees_ for t in tree.threshold})
    special = [math.nan, math.inf, -math.inf, 0.0, -1e300, 1e300]
    for _ in range(300):
        x = [
            rng.choice(thresholds) + rng.choice((0.0, 0.0, 1e-9, -1e-9, rng.uniform(-2, 2)))
            for _ in FEATURE_NAMES
        ]
        x[rng.randrange(len(x))] = rng.choice(special)
        assert forest.leaf_values(x) == [tree.predict(x) for tree in model.trees_]


def test_forest_handles_uneven_trees() -> None:
    """Trees of different depths, leaves at any level and a lone leaf are walked correctly."""
    stump = Tree(feature=(0,), threshold=(0.0,), left=(-1,), right=(-1,), value=(0.5,))
    deep = Tree(
        feature=(0, 0, 1, 0, 0, 0, 0),
        threshold=(1.0, 0.0, 2.0, 0.0, 0.0, 0.0, 0.0),
        left=(1, -1, 3, -1, 5, -1, -1),
        right=(2, -1, 4, -1, 6, -1, -1),
        value=(0.0, 1.0, 0.0, 2.0, 0.0, 3.0, 4.0),
    )
    forest = Forest((stump, deep))
    assert forest.depth == 3
    for x in ([0.0, 0.0], [2.0, 1.0], [2.0, 3.0], [math.nan, 0.0]):
        assert forest.leaf_values(x) == [stump.predict(x), deep.predict(x)]


def test_forest_refuses_backward_children() -> None:
    """A tree whose children do not point forward is refused (its depth could not be known)."""
    loop = Tree(feature=(0, 0, 0), threshold=(0.0,) * 3, left=(2, -1, 1), right=(1, -1, 1), value=(0.0,) * 3)
    with pytest.raises(ValueError, match="forward"):
        Forest((loop,))


def test_logit_features_refuses_a_short_feature_vector(model: DifficultyModel) -> None:
    """A feature vector of the wrong length raises ValueError instead of scoring silently."""
    features = extract("Solve 3x + 5 = 20.")
    with pytest.raises(ValueError, match="feature values"):
        model.logit_features(Features(features.dense[:-1], features.terms, features.cues))
