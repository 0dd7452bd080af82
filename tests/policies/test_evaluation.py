"""Routing metrics on tiny hand-made sets whose curves are worked out in the comments."""

from __future__ import annotations

import math

import numpy as np
import pytest

from policies.evaluation import (
    apgr,
    evaluate_routing,
    pgr_curve,
    policy_outcome,
    quality_curve,
    random_apgr,
    smallest_share,
)

# Four prompts; the local model gets prompts 1 and 3 right, the remote model gets all four right.
LOCAL = [0.0, 1.0, 0.0, 1.0]
REMOTE = [1.0, 1.0, 1.0, 1.0]


def test_quality_curve_follows_score_order() -> None:
    """Sending the top k remote adds their gains in score order."""
    # order 0,1,2,3 with gains 1,0,1,0: quality = (2 + [0,1,1,2,2]) / 4
    q = quality_curve([0.9, 0.6, 0.4, 0.1], LOCAL, REMOTE)
    assert q.tolist() == [0.5, 0.75, 0.75, 1.0, 1.0]


@pytest.mark.parametrize(
    ("scores", "expected_apgr", "expected_cpt50", "expected_cpt80"),
    [
        # gains in order 1,0,1,0 -> PGR 0,.5,.5,1,1 -> trapezoid (0+.5+.5+1+1 - (0+1)/2)/4 = 0.625;
        # PGR first reaches .5 at k=1 (x=.25) and .8 at k=3 (x=.75)
        ([0.9, 0.6, 0.4, 0.1], 0.625, 0.25, 0.75),
        # perfect: gains 1,1,0,0 -> PGR 0,.5,1,1,1 -> (3.5 - .5)/4 = 0.75; CPT80 at k=2
        ([0.9, 0.1, 0.8, 0.2], 0.75, 0.25, 0.5),
        # worst: gains 0,0,1,1 -> PGR 0,0,0,.5,1 -> (1.5 - .5)/4 = 0.25
        ([0.1, 0.9, 0.2, 0.8], 0.25, 0.75, 1.0),
        # all tied: the block is averaged, PGR = k/4 -> the diagonal, area 0.5; .8 only at k=4
        ([0.5, 0.5, 0.5, 0.5], 0.5, 0.5, 1.0),
        # prompts 1 and 2 tied: cumulative gain 0,1,(1+2)/2,2,2 -> PGR 0,.5,.75,1,1 -> (3.25-.5)/4
        ([0.9, 0.5, 0.5, 0.1], 0.6875, 0.25, 0.75),
    ],
)
def test_apgr_and_cpt_by_hand(
    scores: list[float], expected_apgr: float, expected_cpt50: float, expected_cpt80: float
) -> None:
    """APGR is the trapezoid area on the per-prompt grid; CPT is the first share reaching the target."""
    report = evaluate_routing(scores, LOCAL, REMOTE)
    assert report.apgr == pytest.approx(expected_apgr)
    assert report.cpt50 == pytest.approx(expected_cpt50)
    assert report.cpt80 == pytest.approx(expected_cpt80)
    assert apgr(scores, LOCAL, REMOTE) == pytest.approx(expected_apgr)


def test_ties_do_not_depend_on_input_order() -> None:
    """Swapping two tied prompts in the input changes nothing."""
    a = quality_curve([0.9, 0.5, 0.5, 0.1], [0, 1, 0, 1], REMOTE)
    b = quality_curve([0.9, 0.5, 0.5, 0.1], [0, 0, 1, 1], REMOTE)
    assert a.tolist() == b.tolist() == [0.5, 0.75, 0.875, 1.0, 1.0]


def test_no_gap_means_full_recovery_everywhere() -> None:
    """quality(1) == quality(0): PGR is 1 at every share, so APGR 1 and CPT 0, random as well."""
    # local right on prompt 0 only, remote right on prompt 1 only: both average 0.5
    report = evaluate_routing([0.9, 0.1], [1.0, 0.0], [0.0, 1.0])
    assert pgr_curve(quality_curve([0.9, 0.1], [1.0, 0.0], [0.0, 1.0])).tolist() == [1.0, 1.0, 1.0]
    assert (report.apgr, report.cpt50, report.cpt80, report.random_apgr) == (1.0, 0.0, 0.0, 1.0)


def test_negative_gap_uses_the_same_formula() -> None:
    """Remote worse than local: PGR still measures the share of the (negative) gap covered."""
    # gains -1, 0 in order: quality 1, .5, .5; gap -.5 -> PGR 0, 1, 1 -> (2 - .5)/2 = 0.75
    assert apgr([0.9, 0.1], [1.0, 1.0], [0.0, 1.0]) == pytest.approx(0.75)


def test_cost_ratios_at_cpt() -> None:
    """Cost at CPT50/CPT80 relative to all-remote, following the same order."""
    # cost(k) = 4 * 1 + 9k; CPT50 at k=1 -> 13/40, CPT80 at k=3 -> 31/40
    report = evaluate_routing(
        [0.9, 0.6, 0.4, 0.1], LOCAL, REMOTE, local_cost=[1.0] * 4, remote_cost=[10.0] * 4
    )
    assert report.cost_ratio_cpt50 == pytest.approx(13 / 40)
    assert report.cost_ratio_cpt80 == pytest.approx(31 / 40)


@pytest.mark.parametrize(
    ("local_cost", "remote_cost"),
    [(None, None), ([1.0, 1.0, None, 1.0], [10.0] * 4), ([0.0] * 4, [0.0] * 4)],
)
def test_cost_ratios_are_null_without_costs(
    local_cost: list[float | None] | None, remote_cost: list[float | None] | None
) -> None:
    """Absent, partly missing or all-zero remote costs give no ratio."""
    report = evaluate_routing(
        [0.9, 0.6, 0.4, 0.1], LOCAL, REMOTE, local_cost=local_cost, remote_cost=remote_cost
    )
    assert report.cost_ratio_cpt50 is None
    assert report.cost_ratio_cpt80 is None


@pytest.mark.parametrize(
    ("threshold", "share", "quality"),
    [
        (0.5, 0.5, 0.75),  # prompts 0, 1 remote: 1 + 1 + local 0 + local 1 = 3/4
        (0.6, 0.5, 0.75),  # a score equal to the threshold goes remote
        (0.0, 1.0, 1.0),
        (0.95, 0.0, 0.5),
    ],
)
def test_policy_outcome(threshold: float, share: float, quality: float) -> None:
    """score >= threshold goes remote; share and quality follow."""
    assert policy_outcome([0.9, 0.6, 0.4, 0.1], LOCAL, REMOTE, threshold) == (share, quality)


def test_report_fields() -> None:
    """The report carries n, the all-local/all-remote qualities and the threshold."""
    report = evaluate_routing([0.9, 0.6, 0.4, 0.1], LOCAL, REMOTE, threshold=0.5).to_dict()
    assert report["n"] == 4
    assert (report["quality_local"], report["quality_remote"]) == (0.5, 1.0)
    assert (report["threshold"], report["policy_remote_share"], report["policy_quality"]) == (0.5, 0.5, 0.75)


def test_random_apgr_is_about_half_and_seeded() -> None:
    """The mean of seeded random scorings is near 0.5 and identical run to run."""
    rng = np.random.default_rng(1)
    local = (rng.random(400) < 0.5).astype(float)
    remote = np.maximum(local, (rng.random(400) < 0.6).astype(float))
    first = random_apgr(local, remote, seeds=10)
    assert abs(first - 0.5) < 0.03
    assert random_apgr(local, remote, seeds=10) == first


def test_smallest_share_without_a_crossing() -> None:
    """A target never reached gives share 1."""
    assert smallest_share(np.array([0.0, 0.2, 0.4]), 0.5) == 1.0


@pytest.mark.parametrize(
    ("scores", "local", "remote"),
    [([], [], []), ([0.1, 0.2], [0.0], [1.0, 1.0]), ([math.nan], [0.0], [1.0])],
)
def test_invalid_inputs_are_rejected(scores: list[float], local: list[float], remote: list[float]) -> None:
    """Empty sets, length mismatches and non-finite values raise ValueError."""
    with pytest.raises(ValueError):
        evaluate_routing(scores, local, remote)
