"""Calibrating a threshold to a remote share, a quality level or a budget."""

from __future__ import annotations

import numpy as np
import pytest

from policies.calibration import calibrate, threshold_curve

# Four prompts, scores high to low. Remote is always right (1); local fails prompts 1 and 3.
SCORES = [0.9, 0.7, 0.4, 0.1]
LOCAL = [0.0, 1.0, 0.0, 1.0]
REMOTE = [1.0, 1.0, 1.0, 1.0]
COST = [0.4, 0.3, 0.2, 0.1]


def test_curve_by_hand() -> None:
    """Thresholds sit between scores; share, quality and spend follow the sorted prompts."""
    c = threshold_curve(SCORES, LOCAL, REMOTE, COST)
    assert np.allclose(c.thresholds[1:], [0.8, 0.55, 0.25, 0.1])
    assert c.thresholds[0] > 0.9
    assert list(c.remote_share) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert list(c.quality) == [0.5, 0.75, 0.75, 1.0, 1.0]
    assert np.allclose(c.cost_usd, [0.0, 0.4, 0.7, 0.9, 1.0])


@pytest.mark.parametrize(
    ("target", "value", "threshold", "share", "quality", "met"),
    [
        ("remote_share", 0.3, 0.8, 0.25, 0.75, True),
        ("remote_share", 0.5, 0.55, 0.5, 0.75, True),
        ("quality", 0.75, 0.8, 0.25, 0.75, True),  # cheapest reaching 75% of all-remote
        ("quality", 1.0, 0.25, 0.75, 1.0, True),
        (
            "budget_usd",
            0.8,
            0.8,
            0.25,
            0.75,
            True,
        ),  # 0.7 and 0.4 fit; both give 0.75; best quality first found
        ("budget_usd", 0.95, 0.25, 0.75, 1.0, True),
        ("budget_usd", -1.0, None, 0.0, 0.5, False),  # nothing fits: the cheapest, flagged
    ],
)
def test_calibrate_targets(
    target: str, value: float, threshold: float | None, share: float, quality: float, met: bool
) -> None:
    """Each target picks the threshold the table says."""
    cal = calibrate(threshold_curve(SCORES, LOCAL, REMOTE, COST), target, value)  # type: ignore[arg-type]
    if threshold is not None:
        assert cal.threshold == pytest.approx(threshold)
    assert (cal.remote_share, cal.quality, cal.met) == (share, quality, met)
    assert cal.quality_ratio == pytest.approx(quality / 1.0)


def test_ties_cannot_be_split() -> None:
    """Equal scores move together: the achievable shares skip over the tied block."""
    c = threshold_curve([0.5, 0.5, 0.5, 0.2], [0, 0, 0, 0], [1, 1, 1, 1])
    assert list(c.remote_share) == [0.0, 0.75, 1.0]
    assert (
        calibrate(c, "remote_share", 0.375).remote_share == 0.0
    )  # 0.0 and 0.75 both 0.375 away: the cheaper
    assert calibrate(c, "remote_share", 0.4).remote_share == 0.75


def test_calibrated_share_holds_on_the_other_half() -> None:
    """A threshold calibrated on one half of a large set gives nearly the same share on the other."""
    rng = np.random.default_rng(0)
    scores = rng.beta(2, 5, 20_000)
    cal = calibrate(threshold_curve(scores[:10_000], np.zeros(10_000), np.ones(10_000)), "remote_share", 0.3)
    assert abs(float((scores[10_000:] >= cal.threshold).mean()) - 0.3) < 0.03
