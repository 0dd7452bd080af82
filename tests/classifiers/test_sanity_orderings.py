"""The shipped model orders the hand-written sanity sets (tests/classifiers/data/, never trained on):
chat prompts by task type, word problems by their number of solution steps, chit-chat below the
suggested threshold and multi-step math and code above it."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

import pytest
from scipy.stats import spearmanr

from classifiers.difficulty_model import DifficultyModel

DATA = Path(__file__).parent / "data"


def read(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def model() -> DifficultyModel:
    return DifficultyModel.load()


def test_sanity_sets_are_well_formed() -> None:
    """45 chat prompts over 9 categories; 30 word problems whose step count is their solution's length."""
    chat, word = read("mtbench_style.jsonl"), read("gsm8k_style.jsonl")
    assert len(chat) == 45 and len({r["category"] for r in chat}) == 9
    assert len(word) == 30 and all(r["steps"] == len(r["solution"]) for r in word)
    assert {r["steps"] for r in word} >= set(range(1, 8))


def test_chat_tiers_are_ordered(model: DifficultyModel) -> None:
    """Mean score: math/reasoning/coding/STEM > extraction/humanities > writing/roleplay/chit-chat."""
    chat = read("mtbench_style.jsonl")
    scores = [model.classify(r["prompt"]) for r in chat]
    means = [
        statistics.fmean(s for r, s in zip(chat, scores, strict=True) if r["tier"] == t) for t in (2, 1, 0)
    ]
    assert means[0] > means[1] > means[2]
    assert spearmanr([r["tier"] for r in chat], scores).statistic > 0.7


def test_word_problems_rank_by_steps(model: DifficultyModel) -> None:
    """More solution steps, higher score (Spearman over 30 problems of 1 to 9 steps)."""
    word = read("gsm8k_style.jsonl")
    scores = [model.classify(r["prompt"]) for r in word]
    assert spearmanr([r["steps"] for r in word], scores).statistic > 0.6


@pytest.mark.parametrize(
    ("solved", "ask"),
    [
        ("Question: {q}\nAnswer: {a}\n\n", "Question: {q}\nAnswer:"),
        ("Q: {q}\nA: The answer is {a}.\n\n", "Q: {q}\nA:"),
    ],
)
def test_few_shot_word_problems_rank_by_steps(model: DifficultyModel, solved: str, ask: str) -> None:
    """Behind solved examples and without answer options, a word problem is scored as free-form: the
    ordering by steps holds (it fell to about -0.1 when solved examples alone meant benchmark format)."""
    word = read("gsm8k_style.jsonl")
    shots = "".join(solved.format(q=r["prompt"], a=r["answer"]) for r in word[-4:])
    scores = [model.classify(shots + ask.format(q=r["prompt"])) for r in word[:-4]]
    assert spearmanr([r["steps"] for r in word[:-4]], scores).statistic > 0.5


@pytest.mark.parametrize("text", ["Hi!", "Thanks!", "Tell me a joke.", "What is the capital of France?"])
def test_chit_chat_scores_below_the_suggested_threshold(model: DifficultyModel, text: str) -> None:
    """Trivial prompts stay under the threshold that sends 30% of the dev mix remote."""
    assert model.classify(text) < model.metadata["threshold_for_remote_share"]["0.3"]


@pytest.mark.parametrize(
    "text",
    [
        "Write a Python function that implements Dijkstra's algorithm with a binary heap and prove its "
        "complexity.",
        "Prove that there are infinitely many primes.",
        "A store buys 200 toys for $6 each. It sells 3/4 of them at a 50% markup and the rest at 20% off "
        "the marked-up price. What is the store's total profit?",
        "Implement a thread-safe LRU cache in Java with O(1) get and put, and explain your design.",
    ],
)
def test_multi_step_math_and_code_score_above_the_suggested_threshold(
    model: DifficultyModel, text: str
) -> None:
    """Multi-step math and code prompts go over the threshold that sends 30% of the dev mix remote."""
    assert model.classify(text) > model.metadata["threshold_for_remote_share"]["0.3"]
