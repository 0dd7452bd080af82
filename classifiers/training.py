"""Training the difficulty model (scikit-learn, imported lazily: serving never needs it).

The label is *needs remote*: ``remote_score > local_score`` (works for 0/1 correctness and for 1-10 judge
scores alike). ``DifficultyTrainer.fit`` returns a new ``DifficultyModel``; the trainer itself only holds
hyperparameters. Two models are fitted on the features of ``classifiers.features``:

1. an L2 logistic regression on the standardised hand-made features plus binary word terms (a
   vocabulary of the ``vocab_size`` most frequent words that occur in at least ``min_df`` prompts and in
   at least ``min_groups`` distinct groups, so no term is specific to one subject); terms are scaled by
   ``term_scale`` (< 1), which regularises them more strongly than the hand-made features;
2. gradient-boosted regression trees (log-loss) on the hand-made features only.

Standardisation is folded into the exported coefficients, so inference is one dot product.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from classifiers.difficulty_model import DifficultyModel, Tree
from classifiers.features import FEATURE_NAMES, FEATURE_SIGNS, Features, extract

__all__ = ["DifficultyTrainer", "featurize", "needs_remote", "out_of_fold_logits"]

Progress = Callable[[str], None]


def featurize(prompts: Iterable[str]) -> list[Features]:
    """The features of each prompt (the same function inference uses)."""
    return [extract(p) for p in prompts]


def needs_remote(local_scores: Sequence[float], remote_scores: Sequence[float]) -> NDArray[np.int_]:
    """1 where the remote answer scored better than the local one, else 0."""
    lo = np.asarray(local_scores, dtype=np.float64)
    re = np.asarray(remote_scores, dtype=np.float64)
    return (re > lo).astype(np.int_)


@dataclass(frozen=True)
class DifficultyTrainer:
    """Hyperparameters of the difficulty model; ``fit`` returns a new model."""

    C: float = 0.1
    term_scale: float = 0.3
    vocab_size: int = 5000
    min_df: int = 5
    min_groups: int = 2
    n_trees: int = 150
    max_depth: int = 3
    learning_rate: float = 0.05
    min_samples_leaf: int = 50
    monotone: bool = True
    drop_inverted_groups: bool = True
    random_state: int = 0

    def fit(
        self,
        prompts: Sequence[str],
        local_scores: Sequence[float],
        remote_scores: Sequence[float],
        groups: Sequence[str] | None = None,
        *,
        metadata: Mapping[str, Any] | None = None,
        progress: Progress | None = None,
    ) -> DifficultyModel:
        """Fit on labelled prompts; ``groups`` (e.g. subjects) gate the vocabulary and the cleaning."""
        if progress:
            progress(f"extracting features of {len(prompts)} prompts")
        features = featurize(prompts)
        return self.fit_features(
            features, local_scores, remote_scores, groups, metadata=metadata, progress=progress
        )

    def fit_features(
        self,
        features: Sequence[Features],
        local_scores: Sequence[float],
        remote_scores: Sequence[float],
        groups: Sequence[str] | None = None,
        *,
        metadata: Mapping[str, Any] | None = None,
        progress: Progress | None = None,
    ) -> DifficultyModel:
        """Fit on already extracted features and the two models' scores."""
        n = len(features)
        if not n == len(local_scores) == len(remote_scores) or (groups is not None and len(groups) != n):
            raise ValueError("features, scores and groups must have the same length")
        group_list = list(groups) if groups is not None else ["all"] * n
        keep = np.arange(n)
        dropped: list[str] = []
        if self.drop_inverted_groups:
            keep, dropped = _without_inverted_groups(local_scores, remote_scores, group_list)
            if progress and dropped:
                progress(f"dropping groups where the remote model scores below the local one: {dropped}")
        labels = needs_remote(local_scores, remote_scores)[keep]
        kept_features = [features[i] for i in keep.tolist()]
        kept_groups = [group_list[i] for i in keep.tolist()]
        if len(labels) == 0 or labels.min() == labels.max():
            raise ValueError("training needs prompts of both classes (some needing remote, some not)")
        dense = np.array([f.dense for f in kept_features], dtype=np.float64)
        coef, intercept, term_weights = self._fit_linear(dense, kept_features, kept_groups, labels, progress)
        trees: tuple[Tree, ...] = ()
        init = 0.0
        if self.n_trees > 0:
            if progress:
                progress(f"fitting {self.n_trees} boosted trees")
            trees, init = self._fit_trees(dense, labels)
        info = {
            "trainer": asdict(self),
            "n_prompts": len(labels),
            "dropped_groups": dropped,
            "needs_remote_rate": round(float(labels.mean()), 6),
            "n_features": len(FEATURE_NAMES),
            "n_terms": len(term_weights),
            **dict(metadata or {}),
        }
        return DifficultyModel(
            coef_=coef,
            intercept_=intercept,
            term_weights_=term_weights,
            trees_=trees,
            tree_init_=init,
            metadata=info,
        )

    def _fit_linear(
        self,
        dense: NDArray[np.float64],
        features: Sequence[Features],
        groups: Sequence[str],
        labels: NDArray[np.int_],
        progress: Progress | None,
    ) -> tuple[tuple[float, ...], float, dict[str, float]]:
        """Logistic regression; with ``monotone``, features whose weight takes the wrong sign are
        dropped (weight 0) and the rest refitted until every signed feature agrees with its prior."""
        from scipy import sparse
        from sklearn.linear_model import LogisticRegression

        n, d = dense.shape
        mean = dense.mean(axis=0)
        scale = dense.std(axis=0)
        scale[scale < 1e-6] = 1.0  # (near-)constant columns: no blow-up from rounding noise
        vocabulary = self._vocabulary(features, groups)
        rows, cols = [], []
        for i, f in enumerate(features):
            for term in f.terms:
                j = vocabulary.get(term)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
        terms = sparse.csr_matrix(
            (np.full(len(rows), self.term_scale), (rows, cols)), shape=(n, len(vocabulary))
        )
        standard = (dense - mean) / scale
        signs = np.array(FEATURE_SIGNS)
        active = np.ones(d, dtype=bool)
        for _ in range(d):
            if progress:
                progress(
                    f"fitting logistic regression ({int(active.sum())} features, {len(vocabulary)} terms)"
                )
            design = sparse.hstack([sparse.csr_matrix(standard[:, active]), terms]).tocsr()
            fitted = LogisticRegression(C=self.C, max_iter=5000).fit(design, labels)
            coef = np.zeros(d)
            coef[active] = fitted.coef_[0][: int(active.sum())]
            wrong = (signs * coef < 0) if self.monotone else np.zeros(d, dtype=bool)
            if not wrong.any():
                break
            active &= ~wrong
        term_coef = fitted.coef_[0][int(active.sum()) :] * self.term_scale
        dense_coef = coef / scale
        intercept = float(fitted.intercept_[0] - np.sum(coef * mean / scale))
        term_weights = {t: float(term_coef[j]) for t, j in vocabulary.items() if abs(term_coef[j]) >= 1e-4}
        return tuple(float(c) for c in dense_coef), intercept, term_weights

    def _fit_trees(
        self, dense: NDArray[np.float64], labels: NDArray[np.int_]
    ) -> tuple[tuple[Tree, ...], float]:
        """Histogram gradient boosting (monotone in the signed features when ``monotone``), exported."""
        from sklearn.ensemble import HistGradientBoostingClassifier

        boosted = HistGradientBoostingClassifier(
            max_iter=self.n_trees,
            max_depth=self.max_depth,
            learning_rate=self.learning_rate,
            min_samples_leaf=self.min_samples_leaf,
            early_stopping=False,
            monotonic_cst=list(FEATURE_SIGNS) if self.monotone else None,
            random_state=self.random_state,
        ).fit(dense, labels)
        trees = tuple(_export_tree(predictors[0].nodes) for predictors in boosted._predictors)
        init = float(np.ravel(boosted._baseline_prediction)[0])
        # The export reads scikit-learn internals: check it reproduces scikit-learn's own scores.
        sample = dense[:: max(1, len(dense) // 500)]
        ours = np.array([init + sum(t.predict(row) for t in trees) for row in sample.tolist()])
        if not np.allclose(ours, boosted.decision_function(sample), atol=1e-6):
            raise RuntimeError("exported trees disagree with scikit-learn; the export needs updating")
        return trees, init

    def _vocabulary(self, features: Sequence[Features], groups: Sequence[str]) -> dict[str, int]:
        df: Counter[str] = Counter()
        seen_in: dict[str, set[str]] = {}
        for f, g in zip(features, groups, strict=True):
            df.update(f.terms)
            for t in f.terms:
                seen_in.setdefault(t, set()).add(g)
        wanted = min(self.min_groups, len(set(groups)))
        kept = [t for t, k in df.items() if k >= self.min_df and len(seen_in[t]) >= wanted]
        kept.sort(key=lambda t: (-df[t], t))
        return {t: j for j, t in enumerate(kept[: self.vocab_size])}


def _without_inverted_groups(
    local_scores: Sequence[float], remote_scores: Sequence[float], groups: Sequence[str]
) -> tuple[NDArray[np.int_], list[str]]:
    """Indices outside groups where the remote model's mean score is below the local model's.

    There the labels measure a scoring failure of the strong model (e.g. unparsed answers), not the
    prompts; learning from them would teach that such prompts need remote *less*.
    """
    lo = np.asarray(local_scores, dtype=np.float64)
    re = np.asarray(remote_scores, dtype=np.float64)
    g = np.asarray(groups)
    dropped = sorted(str(x) for x in set(groups) if re[g == x].mean() < lo[g == x].mean())
    keep = np.flatnonzero(~np.isin(g, dropped)) if dropped else np.arange(len(g))
    return keep, dropped


def _export_tree(nodes: Any) -> Tree:
    """A fitted histogram-boosting tree (scikit-learn's node array) as a plain ``Tree``."""
    leaf = [bool(v) for v in nodes["is_leaf"]]
    return Tree(
        feature=tuple(0 if leaf[i] else int(f) for i, f in enumerate(nodes["feature_idx"])),
        threshold=tuple(0.0 if leaf[i] else float(t) for i, t in enumerate(nodes["num_threshold"])),
        left=tuple(-1 if leaf[i] else int(v) for i, v in enumerate(nodes["left"])),
        right=tuple(-1 if leaf[i] else int(v) for i, v in enumerate(nodes["right"])),
        value=tuple(float(v) if leaf[i] else 0.0 for i, v in enumerate(nodes["value"])),
    )


def out_of_fold_logits(
    trainer: DifficultyTrainer,
    features: Sequence[Features],
    local_scores: Sequence[float],
    remote_scores: Sequence[float],
    groups: Sequence[str],
    splits: Iterable[tuple[Sequence[int], Sequence[int]]],
    progress: Progress | None = None,
) -> NDArray[np.float64]:
    """Each prompt's log-odds from the model fitted on the split that held it out (exported model)."""
    out = np.full(len(features), np.nan)
    for k, (train, test) in enumerate(splits, start=1):
        if progress:
            progress(f"fold {k}: training on {len(train)}, scoring {len(test)}")
        model = trainer.fit_features(
            [features[i] for i in train],
            [local_scores[i] for i in train],
            [remote_scores[i] for i in train],
            [groups[i] for i in train],
        )
        for i in test:
            out[i] = model.logit_features(features[i])
    if np.isnan(out).any():
        raise ValueError("the splits did not hold out every prompt once")
    return out
