"""Routing-quality metrics (RouteLLM, arXiv 2406.18665) from per-prompt scores and outcomes. Pure.

Prompts are sorted by score, highest first, and the top share ``x`` goes remote:
``quality(x)`` is the mean of ``remote_score`` over those and ``local_score`` over the rest, and
``PGR(x) = (quality(x) - quality(0)) / (quality(1) - quality(0))`` is the share of the quality gap
recovered.

Conventions (stated once, here):

- **Grid.** The curve is evaluated exactly at every realisable share ``x = k/n``, ``k = 0..n``.
- **Ties.** Prompts with equal scores form a block that a threshold cannot split, so inside a block the
  curve is the *average over every order of the block*: quality (and cost) move linearly from the
  block's start to its end. A constant scorer therefore gives the straight diagonal (APGR exactly 0.5),
  and the result does not depend on the input order.
- **APGR** is the area under PGR over ``x ∈ [0, 1]`` by the trapezoid rule on that grid, i.e. the exact
  area under the piecewise-linear curve. (RouteLLM samples ten quantile thresholds; a per-prompt grid
  is finer and has no sampling choice.)
- **CPT(p)** is the smallest grid share ``k/n`` with ``PGR ≥ p`` (the curve need not be monotone, so
  this is the first crossing).
- **No gap.** When ``quality(1) == quality(0)`` (within 1e-12) there is nothing to recover: PGR is
  defined as 1 at every share, so APGR = 1, CPT50 = CPT80 = 0 (sending nothing remote already matches
  all-remote quality), and ``random_apgr`` is 1 as well, so a scorer shows no advantage over random.
  When remote is *worse* than local the formula still applies (the gap is negative).
- **Costs.** With a cost for every prompt, ``cost(x)`` follows the same ordering and tie rule;
  ``cost_ratio_cptXX = cost(cptXX) / cost(1)`` (all-remote). Without costs (or an all-remote cost of 0)
  those ratios are ``None``.
- **Policy.** A threshold policy sends ``score >= threshold`` remote.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "RoutingReport",
    "apgr",
    "cost_curve",
    "evaluate_routing",
    "pgr_curve",
    "policy_outcome",
    "quality_curve",
    "random_apgr",
    "smallest_share",
]

Floats = NDArray[np.float64]
_EPS = 1e-12


@dataclass(frozen=True, slots=True)
class RoutingReport:
    """The routing metrics of one scorer on one labelled set."""

    n: int
    apgr: float
    cpt50: float
    cpt80: float
    random_apgr: float
    quality_local: float
    quality_remote: float
    threshold: float
    policy_remote_share: float
    policy_quality: float
    cost_ratio_cpt50: float | None = None
    cost_ratio_cpt80: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The metrics as a plain dict (JSON-ready)."""
        return asdict(self)


def _array(values: Sequence[float] | Floats, name: str, n: int | None = None) -> Floats:
    a = np.asarray(values, dtype=np.float64)
    if a.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    if n is not None and len(a) != n:
        raise ValueError(f"{name} has {len(a)} values, expected {n}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite numbers")
    return a


def _sorted_cumulative(scores: Floats, delta: Floats) -> Floats:
    """Cumulative sum of ``delta`` over prompts sorted by score (highest first), ties averaged."""
    n = len(scores)
    order = np.argsort(-scores, kind="stable")
    s = scores[order]
    cum = np.concatenate(([0.0], np.cumsum(delta[order])))
    # Block boundaries: positions where the score changes, plus both ends.
    bounds = np.flatnonzero(np.concatenate(([True], s[1:] != s[:-1], [True])))
    curve: Floats = np.interp(np.arange(n + 1, dtype=np.float64), bounds.astype(np.float64), cum[bounds])
    return curve


def quality_curve(
    scores: Sequence[float] | Floats, local: Sequence[float] | Floats, remote: Sequence[float] | Floats
) -> Floats:
    """``quality(k/n)`` for ``k = 0..n`` (length ``n + 1``)."""
    s = _array(scores, "scores")
    n = len(s)
    if n == 0:
        raise ValueError("no prompts to evaluate")
    lo, rm = _array(local, "local scores", n), _array(remote, "remote scores", n)
    curve: Floats = (lo.sum() + _sorted_cumulative(s, rm - lo)) / n
    return curve


def cost_curve(
    scores: Sequence[float] | Floats,
    local_cost: Sequence[float] | Floats,
    remote_cost: Sequence[float] | Floats,
) -> Floats:
    """Total cost when the top ``k`` prompts go remote, ``k = 0..n``."""
    s = _array(scores, "scores")
    lo, rm = _array(local_cost, "local costs", len(s)), _array(remote_cost, "remote costs", len(s))
    curve: Floats = lo.sum() + _sorted_cumulative(s, rm - lo)
    return curve


def pgr_curve(quality: Floats) -> Floats:
    """PGR at each grid point of a quality curve; 1 everywhere when there is no gap to recover."""
    gap = quality[-1] - quality[0]
    if abs(gap) <= _EPS * max(1.0, abs(quality[0])):
        return np.ones_like(quality)
    pgr: Floats = (quality - quality[0]) / gap
    return pgr


def _area(pgr: Floats) -> float:
    n = len(pgr) - 1
    return float((pgr.sum() - 0.5 * (pgr[0] + pgr[-1])) / n)


def smallest_share(pgr: Floats, target: float) -> float:
    """The smallest share ``k/n`` whose PGR reaches ``target`` (1.0 if none does)."""
    hits = np.flatnonzero(pgr >= target - 1e-9)
    n = len(pgr) - 1
    return float(hits[0] / n) if len(hits) else 1.0


def apgr(
    scores: Sequence[float] | Floats, local: Sequence[float] | Floats, remote: Sequence[float] | Floats
) -> float:
    """Area under the PGR curve over ``x ∈ [0, 1]`` (trapezoid on the per-prompt grid)."""
    return _area(pgr_curve(quality_curve(scores, local, remote)))


def random_apgr(local: Sequence[float] | Floats, remote: Sequence[float] | Floats, seeds: int = 10) -> float:
    """Mean APGR of ``seeds`` uniform random scorings (seeds ``0..seeds-1``); about 0.5."""
    lo = _array(local, "local scores")
    total = 0.0
    for seed in range(seeds):
        scores = np.random.default_rng(seed).random(len(lo))
        total += apgr(scores, lo, remote)
    return total / seeds


def policy_outcome(
    scores: Sequence[float] | Floats,
    local: Sequence[float] | Floats,
    remote: Sequence[float] | Floats,
    threshold: float,
) -> tuple[float, float]:
    """``(remote share, quality)`` when ``score >= threshold`` goes remote."""
    s = _array(scores, "scores")
    lo, rm = _array(local, "local scores", len(s)), _array(remote, "remote scores", len(s))
    remote_mask = s >= threshold
    return float(remote_mask.mean()), float(np.where(remote_mask, rm, lo).mean())


def evaluate_routing(
    scores: Sequence[float] | Floats,
    local: Sequence[float] | Floats,
    remote: Sequence[float] | Floats,
    *,
    local_cost: Sequence[float | None] | None = None,
    remote_cost: Sequence[float | None] | None = None,
    threshold: float = 0.5,
    random_seeds: int = 10,
) -> RoutingReport:
    """Every routing metric of ``scores`` on one labelled set (see the module docstring)."""
    quality = quality_curve(scores, local, remote)
    pgr = pgr_curve(quality)
    n = len(quality) - 1
    cpt50, cpt80 = smallest_share(pgr, 0.5), smallest_share(pgr, 0.8)
    share, policy_quality = policy_outcome(scores, local, remote, threshold)
    ratio50 = ratio80 = None
    costs = _complete_costs(local_cost, remote_cost, n)
    if costs is not None:
        cost = cost_curve(scores, *costs)
        if cost[-1] > 0:
            ratio50 = float(cost[round(cpt50 * n)] / cost[-1])
            ratio80 = float(cost[round(cpt80 * n)] / cost[-1])
    return RoutingReport(
        n=n,
        apgr=_area(pgr),
        cpt50=cpt50,
        cpt80=cpt80,
        random_apgr=random_apgr(local, remote, random_seeds),
        quality_local=float(quality[0]),
        quality_remote=float(quality[-1]),
        threshold=float(threshold),
        policy_remote_share=share,
        policy_quality=policy_quality,
        cost_ratio_cpt50=ratio50,
        cost_ratio_cpt80=ratio80,
    )


def _complete_costs(
    local_cost: Sequence[float | None] | None, remote_cost: Sequence[float | None] | None, n: int
) -> tuple[Floats, Floats] | None:
    """Both cost columns as arrays, or None when either is absent or has a missing value."""
    if local_cost is None or remote_cost is None:
        return None
    if len(local_cost) != n or len(remote_cost) != n:
        raise ValueError(f"costs must have one value per prompt ({n})")
    if any(c is None for c in local_cost) or any(c is None for c in remote_cost):
        return None
    return _array(local_cost, "local costs"), _array(remote_cost, "remote costs")  # type: ignore[arg-type]
