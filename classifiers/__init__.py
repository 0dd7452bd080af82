"""Pure functions of text: difficulty scores and sensitive findings. No I/O, no imports from router."""

from classifiers.difficulty import HeuristicDifficulty
from classifiers.difficulty_model import DifficultyModel
from classifiers.sensitivity import SensitivityDetector
from classifiers.types import Classifier, Finding, Labels

__all__ = ["Classifier", "DifficultyModel", "Finding", "HeuristicDifficulty", "Labels", "SensitivityDetector"]
