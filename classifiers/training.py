"""Training the difficulty model (scikit-learn, imported lazily: serving never needs it).

The label is *needs remote*: ``remote_score > local_score`` (works for 0/1 correctness and for 1-10 judge
scores alike). ``DifficultyTrainer.fit`` returns a new ``DifficultyModel``; the trainer itself only holds
hyperparameters. Two models are fitted on the features of ``classifiers.features``:

1. an L2 logistic regression on the standardised hand-made features plus binary word terms (a
   vocabulary of the ``vocab_size`` most frequent words that occur in at least ``min_df`` prompts and in
   at least ``min_groups`` distinct groups, so no term is specific to one subject); terms are scaled by
   ``term_scale`` (< 1), which regularises them more strongly than the hand-made features;
2. gradient-boosted regression trees (log-loss) on the hand-made features only.

Standardisation is folded into the exported coefficients, so inference is one dot product. The fixed
task-type prior (``classifiers.task_prior``, not fitted) is stored with its scales for free-form and
benchmark-format prompts. Last, with ``calibrate``, the log-odds of the finished model are calibrated
to a spread-out score: each prompt's log-odds is computed by a model fitted without it (KFold over
prompts, ``calibration_folds`` folds: grouped folds would score each single-benchmark source by a model
that never saw it, placing it far from where the shipped model does), each source gets the same total
weight, and the score map's knots sit at ``calibration_knots`` quantiles of that pooled
distribution, mapped to ``[calibration_margin, 1 - calibration_margin]`` (see
``classifiers.difficulty_model``). Inside that range a score reads as a quantile of an equal mix of the
training sources, which is what a default threshold is chosen against.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from classifiers.difficulty_model import Calibration, DifficultyModel, Tree
from classifiers.features import FEATURE_NAMES, FEATURE_SIGNS, PRIOR_NAMES, Features, extract
from classifiers.task_prior import PRIOR_WEIGHTS

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
    prior_free_form: float = 1.0
    prior_benchmark_format: float = 0.0
    calibrate: bool = True
    calibration_folds: int = 5
    calibration_knots: int = 100
    calibration_margin: float = 0.1
    calibration_tail: float = 1.0

    def fit(
        self,
        prompts: Sequence[str],
        local_scores: Sequence[float],
        remote_scores: Sequence[float],
        groups: Sequence[str] | None = None,
        *,
        sources: Sequence[str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        progress: Progress | None = None,
    ) -> DifficultyModel:
        """Fit on labelled prompts; ``groups`` (e.g. subjects) gate the vocabulary, the cleaning and the
        calibration folds; ``sources`` (e.g. benchmarks) are weighted equally in the calibration."""
        if progress:
            progress(f"extracting features of {len(prompts)} prompts")
        features = featurize(prompts)
        return self.fit_features(
            features,
            local_scores,
            remote_scores,
            groups,
            sources=sources,
            metadata=metadata,
            progress=progress,
        )

    def fit_features(
        self,
        features: Sequence[Features],
        local_scores: Sequence[float],
        remote_scores: Sequence[float],
        groups: Sequence[str] | None = None,
        *,
        sources: Sequence[str] | None = None,
        metadata: Mapping[str, Any] | None = None,
        progress: Progress | None = None,
    ) -> DifficultyModel:
        """Fit on already extracted features and the two models' scores."""
        n = len(features)
        if not n == len(local_scores) == len(remote_scores) or any(
            x is not None and len(x) != n for x in (groups, sources)
        ):
            raise ValueError("features, scores, groups and sources must have the same length")
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
        info: dict[str, Any] = {
            "trainer": asdict(self),
            "n_prompts": len(labels),
            "dropped_groups": dropped,
            "needs_remote_rate": round(float(labels.mean()), 6),
            "n_features": len(FEATURE_NAMES),
            "n_terms": len(term_weights),
        }
        model = DifficultyModel(
            coef_=coef,
            intercept_=intercept,
            term_weights_=term_weights,
            trees_=trees,
            tree_init_=init,
            prior_weights_=tuple(PRIOR_WEIGHTS[name] for name in PRIOR_NAMES),
            prior_scale_=(self.prior_free_form, self.prior_benchmark_format),
        )
        if self.calibrate:
            if progress:
                progress(f"calibrating on out-of-fold log-odds ({self.calibration_folds} folds)")
            calibration, reference, thresholds = self._calibration(
                model, features, local_scores, remote_scores, group_list, sources
            )
            model = replace(model, calibration_=calibration)
            info["calibration"] = reference
            info["threshold_for_remote_share"] = thresholds
        return replace(model, metadata={**info, **dict(metadata or {})})

    def _calibration(
        self,
        model: DifficultyModel,
        features: Sequence[Features],
        local_scores: Sequence[float],
        remote_scores: Sequence[float],
        groups: Sequence[str],
        sources: Sequence[str] | None,
    ) -> tuple[Calibration | None, str, dict[str, float]]:
        """Knots at quantiles of out-of-fold log-odds, each source weighted equally (in-sample
        log-odds of ``model`` when the folds cannot be fitted, e.g. a fold with one class), and the
        score thresholds that send 10-50% of that reference mix remote."""
        from sklearn.model_selection import KFold

        n = len(features)
        # Folds over prompts, not groups: the reference should place each source where the shipped
        # model (which has seen every source) places it, without a prompt scoring itself.
        folds = min(self.calibration_folds, n)
        splits = list(KFold(n_splits=folds, shuffle=True, random_state=self.random_state).split(np.zeros(n)))
        reference = f"out-of-fold log-odds (KFold over prompts, {folds} folds)"
        try:
            z = out_of_fold_logits(self, features, local_scores, remote_scores, groups, splits)
        except ValueError:
            z = np.array([model.logit_features(f) for f in features])
            reference = "in-sample log-odds (the folds could not be fitted)"
        source_list = list(sources) if sources is not None else ["all"] * n
        size = Counter(source_list)
        weights = np.array([1.0 / size[s] for s in source_list])
        calibration = _quantile_calibration(
            z, weights, self.calibration_knots, self.calibration_margin, self.calibration_tail
        )
        thresholds = _share_thresholds(z, weights, calibration)
        return calibration, f"{reference}, {len(size)} source(s) weighted equally", thresholds

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


def _share_thresholds(
    z: NDArray[np.float64], weights: NDArray[np.float64], calibration: Calibration | None
) -> dict[str, float]:
    """The score threshold that sends each share (10%, 20%, ... 50%) of the weighted mix remote."""
    if calibration is None:
        return {}
    order = np.argsort(z, kind="stable")
    zs, ws = z[order], weights[order]
    cum = (np.cumsum(ws) - 0.5 * ws) / ws.sum()
    return {
        f"{share:.1f}": round(calibration(float(np.interp(1.0 - share, cum, zs))), 4)
        for share in (0.1, 0.2, 0.3, 0.4, 0.5)
    }


def _quantile_calibration(
    z: NDArray[np.float64], weights: NDArray[np.float64], knots: int, margin: float, tail: float
) -> Calibration | None:
    """Knots ``(z_k, margin + (1 - 2 margin) p_k)`` with ``p_k = (k + 1/2) / knots`` and ``z_k`` the
    weighted ``p_k``-quantile of ``z``; repeated ``z_k`` are merged (strictly increasing knots).

    The reference mix fills the middle of the score range uniformly; prompts beyond it (chit-chat
    below, long multi-step tasks above) share the outer ``margin`` on each side through exponential
    tails of scale ``tail`` log-odds, so they stay spread out instead of piling up at 0 or 1."""
    order = np.argsort(z, kind="stable")
    zs, ws = z[order], weights[order]
    cum = (np.cumsum(ws) - 0.5 * ws) / ws.sum()
    p = (np.arange(knots) + 0.5) / knots
    # Knots as the artifact stores them (6 significant digits), so that they stay strictly increasing.
    q = [float(f"{v:.6g}") for v in np.interp(p, cum, zs)]
    score = [float(f"{v:.6g}") for v in margin + (1.0 - 2.0 * margin) * p]
    keep = [k for k in range(knots) if k == 0 or q[k] > max(q[:k])]
    if len(keep) < 2:
        return None
    return Calibration(logit=tuple(q[k] for k in keep), score=tuple(score[k] for k in keep), tail=tail)


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
    """Each prompt's log-odds from the model fitted on the split that held it out (exported model;
    uncalibrated, since only the log-odds are needed)."""
    trainer = replace(trainer, calibrate=False)
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
