"""Choosing the difficulty scorer from the settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifiers.difficulty import HeuristicDifficulty
from classifiers.difficulty_model import DifficultyModel
from router.config import ClassifierSettings
from router.difficulty import load_difficulty
from router.errors import ConfigurationError


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("auto", DifficultyModel), ("model", DifficultyModel), ("heuristic", HeuristicDifficulty)],
)
def test_modes_pick_the_scorer(mode: str, expected: type) -> None:
    """auto and model use the shipped artifact; heuristic the fixed scorer."""
    assert isinstance(load_difficulty(ClassifierSettings(difficulty=mode)), expected)  # type: ignore[arg-type]


def test_model_path_is_used(tmp_path: Path) -> None:
    """A configured artifact path is loaded (in auto mode too)."""
    path = tmp_path / "m.json"
    path.write_text(DifficultyModel.load().to_json())
    scorer = load_difficulty(ClassifierSettings(difficulty="auto", difficulty_model_path=path))
    assert isinstance(scorer, DifficultyModel)


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "difficulty model not found"), ("{not json", "invalid difficulty model"),
     ('{"format": "x"}', "invalid difficulty model")],
)  # fmt: skip
def test_missing_or_bad_model_is_a_configuration_error(
    tmp_path: Path, content: str | None, message: str
) -> None:
    """A missing or invalid artifact fails at start-up with a clear message naming it."""
    path = tmp_path / "m.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(ConfigurationError, match=message) as info:
        load_difficulty(ClassifierSettings(difficulty="model", difficulty_model_path=path))
    assert str(path) in info.value.message
