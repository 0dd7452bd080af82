"""Training the difficulty model: a new model per fit, priors respected, calibration, task-prior scales."""

from __future__ import annotations

import math
import random

import pytest

from classifiers.difficulty_model import DifficultyModel
from classifiers.features import FEATURE_SIGNS
from classifiers.training import DifficultyTrainer, needs_remote


def synthetic(n: int = 240) -> tuple[list[str], list[float], list[float], list[str]]:
    """Math prompts need remote more often than chit-chat (with noise)."""
    rng = random.Random(0)
    prompts, local, remote, groups = [], [], [], []
    for i in range(n):
        hard = i % 2 == 0
        a, b = rng.randint(2, 99), rng.randint(2, 99)
        prompts.append(
            f"Compute {a} * {b} + {a} and explain each step." if hard else f"Say hello to friend number {i}."
        )
        needs = rng.random() < (0.7 if hard else 0.15)
        local.append(0.0 if needs else 1.0)
        remote.append(1.0)
        groups.append(f"g{i % 4}")
    return prompts, local, remote, groups


def test_needs_remote_label() -> None:
    """The label is remote_score > local_score, also on a 1-10 scale."""
    assert needs_remote([1, 0, 7, 9], [1, 1, 8, 3]).tolist() == [0, 1, 1, 0]


def test_fit_returns_a_model_that_learned_the_signal() -> None:
    """fit returns a new DifficultyModel that ranks the harder kind above the easier one."""
    trainer = DifficultyTrainer(n_trees=20, min_samples_leaf=5, min_df=2)
    model = trainer.fit(*synthetic())
    assert isinstance(model, DifficultyModel)
    assert model.classify("Compute 12 * 34 + 12 and explain each step.") > model.classify("Say hello.")
    assert model.metadata["trainer"]["n_trees"] == 20
    assert len(model.trees_) == 20


def test_signed_features_keep_their_prior_direction() -> None:
    """With monotone priors, no rising feature gets a negative weight and no falling one a positive."""
    model = DifficultyTrainer(n_trees=0, min_df=2).fit(*synthetic())
    assert all(sign * coef >= 0 for sign, coef in zip(FEATURE_SIGNS, model.coef_, strict=True))


def test_inverted_groups_are_dropped() -> None:
    """A group where the remote model scores below the local one is left out of training."""
    prompts, local, remote, groups = synthetic()
    prompts += ["Broken group prompt."] * 10
    local += [1.0] * 10
    remote += [0.0] * 10
    groups += ["broken"] * 10
    model = DifficultyTrainer(n_trees=0, min_df=2).fit(prompts, local, remote, groups)
    assert model.metadata["dropped_groups"] == ["broken"]
    assert model.metadata["n_prompts"] == 240


def test_one_class_is_an_error() -> None:
    """Training needs both labels."""
    with pytest.raises(ValueError, match="both classes"):
        DifficultyTrainer(n_trees=0).fit(["a", "b"], [1.0, 1.0], [1.0, 1.0])


def test_same_data_same_artifact() -> None:
    """Training is deterministic: the same data gives the same JSON."""
    trainer = DifficultyTrainer(n_trees=10, min_samples_leaf=5, min_df=2)
    assert trainer.fit(*synthetic()).to_json() == trainer.fit(*synthetic()).to_json()


def test_calibrated_scores_spread_over_the_unit_interval() -> None:
    """Calibration maps out-of-fold log-odds to quantiles of the training mix: scores span [0, 1]."""
    prompts, local, remote, groups = synthetic()
    model = DifficultyTrainer(n_trees=10, min_samples_leaf=5, min_df=2).fit(prompts, local, remote, groups)
    assert model.calibration_ is not None
    assert "KFold over prompts, 5 folds" in model.metadata["calibration"]
    scores = sorted(model.classify(p) for p in prompts)
    assert scores[0] < 0.2 and scores[-1] > 0.7
    assert model.classify("Compute 12 * 34 + 12 and explain each step.") > model.classify("Say hello.")


def test_sources_are_weighted_equally_in_the_calibration() -> None:
    """A small source counts as much as a large one: its prompts move up the quantile scale."""
    prompts, local, remote, groups = synthetic()
    # 120 math prompts and 24 greetings: unweighted, the greetings fill only the bottom sixth.
    keep = [i for i in range(len(prompts)) if i % 2 == 0 or i % 10 == 1]
    data = (
        [prompts[i] for i in keep],
        [local[i] for i in keep],
        [remote[i] for i in keep],
        [groups[i] for i in keep],
    )
    sources = ["math" if i % 2 == 0 else "chat" for i in keep]
    trainer = DifficultyTrainer(n_trees=0, min_df=2)
    weighted, pooled = trainer.fit(*data, sources=sources), trainer.fit(*data)
    chat = [prompts[i] for i in keep if i % 2 == 1]
    assert "2 source(s) weighted equally" in weighted.metadata["calibration"]
    assert "1 source(s)" in pooled.metadata["calibration"]
    median = len(chat) // 2
    assert sorted(map(weighted.classify, chat))[median] > sorted(map(pooled.classify, chat))[median] + 0.1


def test_calibration_can_be_turned_off() -> None:
    """Without calibration the score is the logistic function of the log-odds."""
    model = DifficultyTrainer(n_trees=0, min_df=2, calibrate=False).fit(*synthetic())
    text = "Compute 3 * 4 and explain."
    assert model.calibration_ is None
    assert model.classify(text) == pytest.approx(1 / (1 + math.exp(-model.logit(text))))


def test_prior_scales_are_stored_and_used() -> None:
    """The prior's scale for free-form prompts changes their log-odds by scale times the prior."""
    with_prior = DifficultyTrainer(n_trees=0, min_df=2, calibrate=False).fit(*synthetic())
    without = DifficultyTrainer(n_trees=0, min_df=2, calibrate=False, prior_free_form=0.0).fit(*synthetic())
    assert with_prior.prior_scale_ == (1.0, 0.0) and without.prior_scale_ == (0.0, 0.0)
    joke, proof = "Tell me a joke.", "Prove that there are infinitely many primes."
    assert with_prior.logit(joke) < without.logit(joke)
    assert with_prior.logit(proof) > without.logit(proof)
