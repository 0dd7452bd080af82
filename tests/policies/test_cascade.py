"""The cascade policy: local first, escalate below the confidence bar, never for sensitive requests."""

from __future__ import annotations

import pytest

from classifiers.types import Finding, Labels
from policies.cascade import CascadePolicy
from policies.decision import RouteContext

EMAIL = (Finding("EMAIL_ADDRESS", 0, 5, "t"),)


@pytest.mark.parametrize(
    ("labels", "ctx", "route", "reason"),
    [
        (Labels(0.9), RouteContext(), "local", "cascade_local_first"),
        (Labels(0.9), RouteContext(remote_available=False), "local", "difficulty_below_threshold"),
        (Labels(0.9), RouteContext("remote"), "remote", "forced_remote"),
        (Labels(0.9, EMAIL), RouteContext(), "local", "sensitive"),
    ],
)
def test_decisions(labels: Labels, ctx: RouteContext, route: str, reason: str) -> None:
    """Everything not forced or sensitive starts local."""
    d = CascadePolicy().decide(labels, ctx)
    assert (d.route, d.reason, d.policy) == (route, reason, "cascade")


def test_difficulty_prefilter_skips_the_local_attempt() -> None:
    """With threshold < 1, prompts at least that hard go straight remote."""
    d = CascadePolicy(threshold=0.8).decide(Labels(0.85), RouteContext())
    assert (d.route, d.reason) == ("remote", "difficulty_at_or_above_threshold")


@pytest.mark.parametrize(
    ("labels", "confidence", "escalate"),
    [
        (Labels(0.2), 0.3, True),
        (Labels(0.2), 0.7, False),
        (Labels(0.2), None, False),
        (Labels(0.2, EMAIL), 0.01, False),
    ],
)
def test_escalation(labels: Labels, confidence: float | None, escalate: bool) -> None:
    """Below min_confidence escalates; sensitive requests and unscored answers never do."""
    policy = CascadePolicy(min_confidence=0.5)
    assert policy.escalate(policy.decide(labels, RouteContext()), confidence) is escalate
