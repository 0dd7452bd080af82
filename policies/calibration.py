"""Calibrating a threshold to a target: a share of remote calls, a quality level, or a spend budget.

Pure: per-prompt scores (higher = more likely to need remote), the outcome of each prompt on each
model, and optionally what each call costs. A threshold ``t`` sends ``score >= t`` remote. Candidate
thresholds are the midpoints between adjacent distinct scores (plus one above the highest and one at or
below the lowest), so a calibrated threshold sits in the gap between prompts rather than on one, and
transfers to new traffic of the same kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

__all__ = ["Calibration", "Curve", "calibrate", "labels_from_feedback", "threshold_curve"]

Floats = NDArray[np.float64]
Target = Literal["remote_share", "quality", "budget_usd"]


@dataclass(frozen=True)
class Curve:
    """Outcomes at each candidate threshold, from all-local (first, above every score) to all-remote."""

    n: int
    thresholds: Floats
    remote_share: Floats
    quality: Floats
    cost_usd: Floats  # expected spend on the set: remote cost of remote prompts + local cost of the rest
    quality_remote: float  # all-remote quality (the ratio's denominator)


@dataclass(frozen=True)
class Calibration:
    """The chosen threshold and what it is expected to give on traffic like the calibration set."""

    target: str
    target_value: float
    threshold: float
    remote_share: float
    quality: float
    quality_ratio: float
    cost_usd: float
    n: int
    met: bool  # False when no threshold reaches the target (the closest one is returned)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def threshold_curve(
    scores: Sequence[float] | Floats,
    local: Sequence[float] | Floats,
    remote: Sequence[float] | Floats,
    remote_cost: Sequence[float] | Floats | None = None,
    local_cost: Sequence[float] | Floats | None = None,
) -> Curve:
    """Share, quality and spend at every candidate threshold."""
    s = np.asarray(scores, dtype=np.float64)
    lo = np.asarray(local, dtype=np.float64)
    hi = np.asarray(remote, dtype=np.float64)
    n = len(s)
    if n == 0 or len(lo) != n or len(hi) != n:
        raise ValueError("scores, local and remote must be non-empty and of equal length")
    rc = np.zeros(n) if remote_cost is None else np.asarray(remote_cost, dtype=np.float64)
    lc = np.zeros(n) if local_cost is None else np.asarray(local_cost, dtype=np.float64)
    order = np.argsort(-s, kind="stable")
    s, lo, hi, rc, lc = s[order], lo[order], hi[order], rc[order], lc[order]
    distinct = np.unique(s)[::-1]  # high to low
    mids = (distinct[:-1] + distinct[1:]) / 2
    above = (
        min(1.0, float(np.nextafter(distinct[0], np.inf)))
        if distinct[0] < 1.0
        else float(np.nextafter(1.0, 2.0))
    )
    thresholds = np.concatenate([[above], mids, [distinct[-1]]])
    # k(t) = number of prompts with score >= t, for each threshold (s is sorted descending)
    k = np.searchsorted(-s, -thresholds, side="right")
    gain = np.concatenate([[0.0], np.cumsum(hi - lo)])
    extra_cost = np.concatenate([[0.0], np.cumsum(rc - lc)])
    base_quality, base_cost = lo.sum(), lc.sum()
    return Curve(
        n=n,
        thresholds=thresholds.astype(np.float64),
        remote_share=(k / n).astype(np.float64),
        quality=((base_quality + gain[k]) / n).astype(np.float64),
        cost_usd=(base_cost + extra_cost[k]).astype(np.float64),
        quality_remote=float(hi.mean()),
    )


def calibrate(curve: Curve, target: Target, value: float) -> Calibration:
    """The threshold meeting ``target``:

    - ``remote_share``: the share closest to ``value`` (ties: the lower share, i.e. cheaper);
    - ``quality``: the cheapest threshold whose quality is at least ``value`` x all-remote quality;
    - ``budget_usd``: the best-quality threshold whose expected spend is within ``value``.
    """
    share, quality, cost = curve.remote_share, curve.quality, curve.cost_usd
    if target == "remote_share":
        gap = np.abs(share - value)
        i = int(np.flatnonzero(gap <= gap.min() + 1e-12).min())  # among ties, the lower share
        met = True
    elif target == "quality":
        ok = np.flatnonzero(quality >= value * curve.quality_remote - 1e-12)
        met = len(ok) > 0
        i = int(ok.min()) if met else int(np.argmax(quality))  # the fewest remote calls that are enough
    else:
        ok = np.flatnonzero(cost <= value + 1e-12)
        met = len(ok) > 0
        i = int(ok[np.argmax(quality[ok])]) if met else int(np.argmin(cost))
    ratio = float(quality[i] / curve.quality_remote) if curve.quality_remote else 1.0
    return Calibration(
        target=target,
        target_value=value,
        threshold=float(curve.thresholds[i]),
        remote_share=float(share[i]),
        quality=float(quality[i]),
        quality_ratio=ratio,
        cost_usd=float(cost[i]),
        n=curve.n,
        met=met,
    )


def labels_from_feedback(
    scores: Sequence[float] | Floats,
    remote_routed: Sequence[bool] | NDArray[np.bool_],
    feedback: Sequence[float] | Floats,
    bins: int = 10,
) -> tuple[Floats, Floats]:
    """Per-request (local, remote) quality estimates from feedback on the route each request took.

    A request's own feedback stands for the route it took; the other route's quality is the mean
    feedback of that route's requests in the same score bin (quantile bins; a bin without requests of
    that route uses the route's overall mean, and a route with no feedback at all the other's).
    """
    s = np.asarray(scores, dtype=np.float64)
    remote = np.asarray(remote_routed, dtype=bool)
    fb = np.asarray(feedback, dtype=np.float64)
    if not (len(s) == len(remote) == len(fb)) or len(s) == 0:
        raise ValueError("scores, routes and feedback must be non-empty and of equal length")
    edges = np.unique(np.quantile(s, np.linspace(0, 1, bins + 1)[1:-1]))
    which = np.searchsorted(edges, s, side="right")
    overall = {
        flag: float(fb[remote == flag].mean()) if (remote == flag).any() else float(fb.mean())
        for flag in (False, True)
    }
    estimate = {flag: np.full(len(s), overall[flag]) for flag in (False, True)}
    for b in np.unique(which):
        in_bin = which == b
        for flag in (False, True):
            sel = in_bin & (remote == flag)
            if sel.any():
                estimate[flag][in_bin] = fb[sel].mean()
    local_q = np.where(remote, estimate[False], fb)
    remote_q = np.where(remote, fb, estimate[True])
    return local_q, remote_q
