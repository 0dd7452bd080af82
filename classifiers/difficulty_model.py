"""The trained difficulty scorer: plain-Python inference from a JSON artifact (no pickle, no scikit-learn).

The score is the probability that a prompt *needs* the remote model (the remote answer scored better
than the local one), from two models averaged on the log-odds scale:

- a logistic regression on the hand-made features of ``classifiers.features`` plus a learned
  vocabulary of words (each word present adds its weight), and
- a small gradient-boosted ensemble of depth-limited regression trees on the same hand-made features,
  which captures interactions (e.g. long *and* numeric) a linear model cannot.

The artifact names the features it was trained with; loading refuses an artifact whose features differ
from this code's, so training and inference cannot drift silently. ``classifiers/training.py`` writes it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from classifiers.features import FEATURE_NAMES, Features, extract

__all__ = ["ARTIFACT_FORMAT", "DifficultyModel", "Tree", "shipped_artifact"]

ARTIFACT_FORMAT = "hybrid-router/difficulty-model"
ARTIFACT_VERSION = 1


def shipped_artifact() -> Path:
    """Where the shipped artifact lives (it may be absent in a development checkout)."""
    return Path(str(resources.files("classifiers") / "artifacts" / "difficulty.json"))


@dataclass(frozen=True, slots=True)
class Tree:
    """One regression tree as parallel node arrays; a leaf has ``left == -1``. Go left when
    ``x[feature] <= threshold``. ``value`` already includes the ensemble's learning rate."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def predict(self, x: Sequence[float]) -> float:
        """The leaf value reached by ``x``."""
        node = 0
        left, right, feature, threshold = self.left, self.right, self.feature, self.threshold
        while left[node] != -1:
            node = left[node] if x[feature[node]] <= threshold[node] else right[node]
        return self.value[node]

    def to_dict(self) -> dict[str, list[Any]]:
        return {
            "feature": list(self.feature),
            "threshold": [_round(t) for t in self.threshold],
            "left": list(self.left),
            "right": list(self.right),
            "value": [_round(v) for v in self.value],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], n_features: int) -> Tree:
        tree = cls(
            feature=tuple(int(v) for v in data["feature"]),
            threshold=tuple(float(v) for v in data["threshold"]),
            left=tuple(int(v) for v in data["left"]),
            right=tuple(int(v) for v in data["right"]),
            value=tuple(float(v) for v in data["value"]),
        )
        size = len(tree.feature)
        if not size or any(len(a) != size for a in (tree.threshold, tree.left, tree.right, tree.value)):
            raise ValueError("tree arrays must be non-empty and of equal length")
        for node in range(size):
            if tree.left[node] == -1:
                continue
            if not (node < tree.left[node] < size and node < tree.right[node] < size):
                raise ValueError("tree children must point forward inside the tree")
            if not 0 <= tree.feature[node] < n_features:
                raise ValueError("tree feature index out of range")
        return tree


@dataclass(frozen=True)
class DifficultyModel:
    """Scores a prompt in [0, 1]: how likely it needs the remote model. Learned attributes end in ``_``."""

    coef_: tuple[float, ...]
    intercept_: float
    term_weights_: Mapping[str, float]
    trees_: tuple[Tree, ...] = ()
    tree_init_: float = 0.0
    metadata: Mapping[str, Any] = field(default_factory=dict)
    name = "model"

    def __post_init__(self) -> None:
        if len(self.coef_) != len(FEATURE_NAMES):
            raise ValueError(f"expected {len(FEATURE_NAMES)} coefficients, got {len(self.coef_)}")

    def logit(self, text: str) -> float:
        """The log-odds behind ``classify``."""
        return self.logit_features(extract(text))

    def logit_features(self, features: Features) -> float:
        """The log-odds for already extracted features (training and evaluation reuse them)."""
        x = features.dense
        z = self.intercept_ + math.fsum(w * v for w, v in zip(self.coef_, x, strict=True))
        weights = self.term_weights_
        z += sum(weights.get(t, 0.0) for t in features.terms)
        if self.trees_:
            z_trees = self.tree_init_ + sum(tree.predict(x) for tree in self.trees_)
            z = 0.5 * (z + z_trees)
        return z

    def classify(self, text: str) -> float:
        z = self.logit(text)
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)

    def to_dict(self) -> dict[str, Any]:
        """The artifact: plain JSON data, rounded to 6 significant digits."""
        return {
            "format": ARTIFACT_FORMAT,
            "version": ARTIFACT_VERSION,
            "features": list(FEATURE_NAMES),
            "linear": {
                "intercept": _round(self.intercept_),
                "coef": [_round(c) for c in self.coef_],
                "terms": {t: _round(w) for t, w in sorted(self.term_weights_.items())},
            },
            "trees": {"init": _round(self.tree_init_), "trees": [t.to_dict() for t in self.trees_]},
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DifficultyModel:
        """The model in an artifact; ValueError when it is not a compatible artifact."""
        if not isinstance(data, Mapping) or data.get("format") != ARTIFACT_FORMAT:
            raise ValueError(f"not a difficulty-model artifact (expected format {ARTIFACT_FORMAT!r})")
        if data.get("version") != ARTIFACT_VERSION:
            raise ValueError(f"unsupported artifact version {data.get('version')!r}")
        if tuple(data.get("features", ())) != FEATURE_NAMES:
            raise ValueError("the artifact was trained with other features than this code computes")
        try:
            linear, trees = data["linear"], data["trees"]
            return cls(
                coef_=tuple(float(c) for c in linear["coef"]),
                intercept_=float(linear["intercept"]),
                term_weights_={str(t): float(w) for t, w in linear["terms"].items()},
                trees_=tuple(Tree.from_dict(t, len(FEATURE_NAMES)) for t in trees["trees"]),
                tree_init_=float(trees["init"]),
                metadata=dict(data.get("metadata", {})),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"malformed difficulty-model artifact: {exc!r}") from exc

    @classmethod
    def load(cls, path: str | Path | None = None) -> DifficultyModel:
        """Read an artifact (default: the shipped one). OSError if unreadable, ValueError if invalid."""
        p = Path(path) if path is not None else shipped_artifact()
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{p} is not valid JSON ({exc.msg})") from exc
        return cls.from_dict(data)

    def to_json(self) -> str:
        """The artifact as compact, deterministic JSON text (the caller writes it)."""
        return json.dumps(self.to_dict(), separators=(",", ":")) + "\n"


def _round(x: float) -> float:
    return float(f"{x:.6g}")
