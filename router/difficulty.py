"""Choosing the difficulty scorer the settings ask for.

- ``heuristic``: the fixed ``HeuristicDifficulty``.
- ``model``: the trained model from ``difficulty_model_path``, or the shipped artifact when no path is
  set; a missing or invalid artifact is a ``ConfigurationError``.
- ``auto`` (default): the model at ``difficulty_model_path`` when set (errors as for ``model``),
  otherwise the shipped artifact if it exists, otherwise the heuristic.
"""

from __future__ import annotations

from pathlib import Path

from classifiers.difficulty import HeuristicDifficulty
from classifiers.difficulty_model import DifficultyModel, shipped_artifact
from classifiers.types import Classifier
from router.config import ClassifierSettings
from router.errors import ConfigurationError

__all__ = ["load_difficulty"]


def load_difficulty(settings: ClassifierSettings) -> Classifier[float]:
    """The configured scorer: ``heuristic``, a trained ``model``, or ``auto`` (the model if shipped)."""
    if settings.difficulty == "heuristic":
        return HeuristicDifficulty()
    path = settings.difficulty_model_path
    if settings.difficulty == "auto" and path is None and not shipped_artifact().is_file():
        return HeuristicDifficulty()
    return _load_model(path.expanduser() if path is not None else shipped_artifact())


def _load_model(path: Path) -> DifficultyModel:
    if not path.is_file():
        raise ConfigurationError(
            f"difficulty model not found: {path} (set classifier.difficulty_model_path to an artifact "
            "written by `hybrid-router train difficulty`, or classifier.difficulty: heuristic)"
        )
    try:
        return DifficultyModel.load(path)
    except OSError as exc:
        raise ConfigurationError(f"cannot read difficulty model {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise ConfigurationError(f"invalid difficulty model {path}: {exc}") from exc
