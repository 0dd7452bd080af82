"""Choosing the difficulty scorer the settings ask for."""

from __future__ import annotations

from classifiers.difficulty import HeuristicDifficulty
from classifiers.types import Classifier
from router.config import ClassifierSettings
from router.errors import ConfigurationError

__all__ = ["load_difficulty"]


def load_difficulty(settings: ClassifierSettings) -> Classifier[float]:
    """The configured scorer: ``heuristic``, or a trained ``model`` (``auto``: the model if shipped)."""
    if settings.difficulty == "model" or settings.difficulty_model_path is not None:
        raise ConfigurationError("no trained difficulty model is available in this version")
    return HeuristicDifficulty()
