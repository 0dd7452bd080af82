"""The trained difficulty scorer: inference from a JSON artifact (no pickle, no scikit-learn; numpy walks
the trees).

The score says how likely a prompt is to *need* the remote model (the remote answer scoring better than
the local one). It is built on the log-odds scale from three parts:

- a logistic regression on the hand-made features of ``classifiers.features`` plus a learned
  vocabulary of words (each word present adds its weight), averaged with
- a small gradient-boosted ensemble of depth-limited regression trees on the same hand-made features,
  which captures interactions (e.g. long *and* numeric) a linear model cannot; plus
- the fixed task-type prior of ``classifiers.task_prior`` (its weights are stored in the artifact),
  scaled by ``prior_scale_[0]`` for free-form prompts and ``prior_scale_[1]`` for prompts in a
  benchmark's answer format (answer options), where the trained part knows the ground.

The log-odds are then mapped to [0, 1] by ``calibration_``: a strictly increasing piecewise-linear map
from knots (log-odds, score) with exponential tails. Training places the knots at quantiles of
out-of-fold log-odds on the development data with each source weighted equally, spread over
[0.1, 0.9]: there a score of 0.1 + 0.8 q reads as "harder than a share q of an equal mix of the
benchmark prompts"; prompts beyond that mix (chit-chat, multi-step tasks) fill the outer tenths.
Without knots the score is the plain logistic function of the log-odds.

The artifact names the features and prior cues it was trained with; loading refuses an artifact whose
names differ from this code's, so training and inference cannot drift silently.
``classifiers/training.py`` writes it.
"""

from __future__ import annotations

import bisect
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import repeat
from operator import mul
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from classifiers.features import FEATURE_NAMES, PRIOR_NAMES, Features, extract

__all__ = ["ARTIFACT_FORMAT", "Calibration", "DifficultyModel", "Forest", "Tree", "shipped_artifact"]

ARTIFACT_FORMAT = "hybrid-router/difficulty-model"
ARTIFACT_VERSION = 2


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


class Forest:
    """The trees of an ensemble as one set of flat node arrays, so that all of them are walked at once
    (numpy) instead of node by node in Python. A leaf is its own child, so every walk takes as many
    steps as the deepest tree; ``leaf_values`` equals ``[tree.predict(x) for tree in trees]``."""

    def __init__(self, trees: Sequence[Tree]) -> None:
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        depth = 0
        for tree in trees:
            base = len(feature)
            roots.append(base)
            level = [0] * len(tree.feature)  # children point forward: parents are seen first
            for node, (f, t, lo, hi, v) in enumerate(
                zip(tree.feature, tree.threshold, tree.left, tree.right, tree.value, strict=True)
            ):
                leaf = lo == -1
                feature.append(0 if leaf else f)
                threshold.append(t)
                left.append(base + (node if leaf else lo))
                right.append(base + (node if leaf else hi))
                value.append(v)
                if not leaf:
                    if not (node < lo < len(level) and node < hi < len(level)):
                        raise ValueError("tree children must point forward inside the tree")
                    level[lo] = level[hi] = level[node] + 1
            depth = max(depth, *level)
        self.depth = depth
        self.feature: NDArray[np.intp] = np.array(feature, dtype=np.intp)
        self.threshold: NDArray[np.float64] = np.array(threshold, dtype=np.float64)
        self.left: NDArray[np.intp] = np.array(left, dtype=np.intp)
        self.right: NDArray[np.intp] = np.array(right, dtype=np.intp)
        self.value: NDArray[np.float64] = np.array(value, dtype=np.float64)
        self.roots: NDArray[np.intp] = np.array(roots, dtype=np.intp)
        for array in (self.feature, self.threshold, self.left, self.right, self.value, self.roots):
            array.flags.writeable = False

    def leaf_values(self, x: Sequence[float]) -> list[float]:
        """The leaf value each tree reaches for ``x``, in tree order."""
        go_left = np.array(x, dtype=np.float64)[self.feature] <= self.threshold
        child = np.where(go_left, self.left, self.right)
        node = self.roots
        for _ in range(self.depth):
            node = child[node]
        values: list[float] = self.value[node].tolist()
        return values


@dataclass(frozen=True, slots=True)
class Calibration:
    """A strictly increasing map from log-odds to [0, 1]: linear between knots ``(logit[i], score[i])``
    (both strictly increasing, scores inside (0, 1)), exponential tails of scale ``tail`` outside."""

    logit: tuple[float, ...]
    score: tuple[float, ...]
    tail: float = 1.0

    def __post_init__(self) -> None:
        n = len(self.logit)
        if n < 2 or len(self.score) != n:
            raise ValueError("calibration needs at least two knots of (logit, score)")
        if any(b <= a for a, b in zip(self.logit, self.logit[1:], strict=False)) or any(
            b <= a for a, b in zip(self.score, self.score[1:], strict=False)
        ):
            raise ValueError("calibration knots must be strictly increasing")
        if not (self.score[0] > 0.0 and self.score[-1] < 1.0 and self.tail > 0):
            raise ValueError("calibration scores must lie inside (0, 1) and the tail scale be positive")

    def __call__(self, z: float) -> float:
        """The score of log-odds ``z``."""
        xs, ys = self.logit, self.score
        if z <= xs[0]:
            return ys[0] * math.exp(max((z - xs[0]) / self.tail, -700.0))
        if z >= xs[-1]:
            return 1.0 - (1.0 - ys[-1]) * math.exp(max((xs[-1] - z) / self.tail, -700.0))
        i = bisect.bisect_right(xs, z)
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        return y0 + (y1 - y0) * (z - x0) / (x1 - x0)

    def to_dict(self) -> dict[str, Any]:
        return {"logit": [_round(v) for v in self.logit], "score": [_round(v) for v in self.score],
                "tail": _round(self.tail)}  # fmt: skip

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Calibration:
        return cls(
            logit=tuple(float(v) for v in data["logit"]),
            score=tuple(float(v) for v in data["score"]),
            tail=float(data["tail"]),
        )


@dataclass(frozen=True)
class DifficultyModel:
    """Scores a prompt in [0, 1]: how likely it needs the remote model. Learned attributes end in ``_``."""

    coef_: tuple[float, ...]
    intercept_: float
    term_weights_: Mapping[str, float]
    trees_: tuple[Tree, ...] = ()
    tree_init_: float = 0.0
    prior_weights_: tuple[float, ...] = ()
    prior_scale_: tuple[float, float] = (0.0, 0.0)
    calibration_: Calibration | None = None
    metadata: Mapping[str, Any] = field(default_factory=dict)
    _forest: Forest | None = field(init=False, repr=False, compare=False)  # trees_, laid out to score
    name = "model"

    def __post_init__(self) -> None:
        if len(self.coef_) != len(FEATURE_NAMES):
            raise ValueError(f"expected {len(FEATURE_NAMES)} coefficients, got {len(self.coef_)}")
        if self.prior_weights_ and len(self.prior_weights_) != len(PRIOR_NAMES):
            raise ValueError(f"expected {len(PRIOR_NAMES)} prior weights, got {len(self.prior_weights_)}")
        object.__setattr__(self, "_forest", Forest(self.trees_) if self.trees_ else None)

    def logit(self, text: str) -> float:
        """The log-odds behind ``classify``."""
        return self.logit_features(extract(text))

    def logit_features(self, features: Features) -> float:
        """The log-odds for already extracted features (training and evaluation reuse them)."""
        x = features.dense
        if len(x) != len(self.coef_):
            raise ValueError(f"expected {len(self.coef_)} feature values, got {len(x)}")
        z = self.intercept_ + math.fsum(map(mul, self.coef_, x))
        z += sum(map(self.term_weights_.get, features.terms, repeat(0.0)))
        if self._forest is not None:
            z_trees = self.tree_init_ + sum(self._forest.leaf_values(x))
            z = 0.5 * (z + z_trees)
        scale = self.prior_scale_[1 if features.benchmark_format else 0]
        if scale and self.prior_weights_:
            if len(features.cues) != len(self.prior_weights_):
                raise ValueError(f"expected {len(self.prior_weights_)} cue values, got {len(features.cues)}")
            z += scale * math.fsum(map(mul, self.prior_weights_, features.cues))
        return z

    def classify(self, text: str) -> float:
        return self.score_logit(self.logit(text))

    def score_logit(self, z: float) -> float:
        """The score in [0, 1] of log-odds ``z`` (the calibration map, or the logistic function)."""
        if self.calibration_ is not None:
            return self.calibration_(z)
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
            "prior": {
                "cues": list(PRIOR_NAMES),
                "weights": [_round(w) for w in self.prior_weights_],
                "scale_free_form": _round(self.prior_scale_[0]),
                "scale_benchmark_format": _round(self.prior_scale_[1]),
            },
            "calibration": self.calibration_.to_dict() if self.calibration_ is not None else None,
            "metadata": dict(self.metadata),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DifficultyModel:
        """The model in an artifact; ValueError when it is not a compatible artifact."""
        if not isinstance(data, Mapping) or data.get("format") != ARTIFACT_FORMAT:
            raise ValueError(f"not a difficulty-model artifact (expected format {ARTIFACT_FORMAT!r})")
        if data.get("version") not in (1, ARTIFACT_VERSION):  # version 1: no prior, no calibration
            raise ValueError(f"unsupported artifact version {data.get('version')!r}")
        if tuple(data.get("features", ())) != FEATURE_NAMES:
            raise ValueError("the artifact was trained with other features than this code computes")
        prior = data.get("prior") or {}
        if prior.get("weights") and tuple(prior.get("cues", ())) != PRIOR_NAMES:
            raise ValueError("the artifact was trained with other prior cues than this code computes")
        try:
            linear, trees = data["linear"], data["trees"]
            calibration = data.get("calibration")
            return cls(
                coef_=tuple(float(c) for c in linear["coef"]),
                intercept_=float(linear["intercept"]),
                term_weights_={str(t): float(w) for t, w in linear["terms"].items()},
                trees_=tuple(Tree.from_dict(t, len(FEATURE_NAMES)) for t in trees["trees"]),
                tree_init_=float(trees["init"]),
                prior_weights_=tuple(float(w) for w in prior.get("weights", ())),
                prior_scale_=(
                    float(prior.get("scale_free_form", 0.0)),
                    float(prior.get("scale_benchmark_format", 0.0)),
                ),
                calibration_=Calibration.from_dict(calibration) if calibration is not None else None,
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
