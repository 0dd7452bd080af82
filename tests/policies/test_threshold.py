"""The threshold policy: a decision table, privacy first."""

from __future__ import annotations

import pytest

from classifiers.types import Finding, Labels
from policies.decision import RouteContext
from policies.threshold import ThresholdPolicy

EMAIL = (Finding("EMAIL_ADDRESS", 0, 5, "t"),)
CITY = (Finding("LOCATION", 0, 5, "t"),)


@pytest.mark.parametrize(
    ("difficulty", "findings", "ctx", "policy", "route", "reason", "degraded"),
    [
        (0.2, (), RouteContext(), ThresholdPolicy(0.5), "local", "difficulty_below_threshold", False),
        (0.5, (), RouteContext(), ThresholdPolicy(0.5), "remote", "difficulty_at_or_above_threshold", False),
        (0.9, (), RouteContext(), ThresholdPolicy(0.5), "remote", "difficulty_at_or_above_threshold", False),
        (0.9, (), RouteContext(remote_available=False), ThresholdPolicy(0.5), "local", "remote_unavailable", True),
        (0.1, (), RouteContext("remote"), ThresholdPolicy(0.5), "remote", "forced_remote", False),
        (0.9, (), RouteContext("local"), ThresholdPolicy(0.5), "local", "forced_local", False),
        (0.1, (), RouteContext("remote", remote_available=False), ThresholdPolicy(), "local", "remote_unavailable", True),
        (0.1, (), RouteContext(local_available=False), ThresholdPolicy(0.5), "remote", "local_unavailable", True),
        (0.9, EMAIL, RouteContext(), ThresholdPolicy(0.5), "local", "sensitive", False),
        (0.9, EMAIL, RouteContext("remote"), ThresholdPolicy(0.5), "local", "sensitive", False),
        (0.9, EMAIL, RouteContext(local_available=False), ThresholdPolicy(0.5), "local", "sensitive", False),
        (0.9, EMAIL, RouteContext(), ThresholdPolicy(0.5, "block"), "block", "sensitive_blocked", False),
        (0.9, EMAIL, RouteContext(), ThresholdPolicy(0.5, "redact"), "remote", "sensitive_redacted", False),
        (0.1, EMAIL, RouteContext(), ThresholdPolicy(0.5, "redact"), "local", "sensitive", False),
        (0.9, EMAIL, RouteContext(remote_available=False), ThresholdPolicy(0.5, "redact"), "local", "sensitive", False),
        (0.9, CITY, RouteContext(), ThresholdPolicy(0.5, sensitive_types=frozenset({"EMAIL_ADDRESS"})), "remote",
         "difficulty_at_or_above_threshold", False),
        # what the local model cannot give (tools, images, several choices) goes remote if it may
        (0.1, (), RouteContext(local_unsupported=("tools",)), ThresholdPolicy(0.5), "remote", "local_unsupported",
         False),
        (0.1, (), RouteContext("local", local_unsupported=("tools",)), ThresholdPolicy(0.5), "local", "forced_local",
         False),
        (0.1, (), RouteContext(remote_available=False, local_unsupported=("n",)), ThresholdPolicy(0.5), "local",
         "difficulty_below_threshold", False),
        (0.1, EMAIL, RouteContext(local_unsupported=("content",)), ThresholdPolicy(0.5), "local", "sensitive", False),
        (0.1, EMAIL, RouteContext(local_unsupported=("content",)), ThresholdPolicy(0.5, "redact"), "local",
         "sensitive", False),
    ],
)  # fmt: skip
def test_decision_table(
    difficulty: float,
    findings: tuple[Finding, ...],
    ctx: RouteContext,
    policy: ThresholdPolicy,
    route: str,
    reason: str,
    degraded: bool,
) -> None:
    """Each (labels, context, policy) row routes as the table says."""
    d = policy.decide(Labels(difficulty, findings), ctx)
    assert (d.route, d.reason, d.degraded) == (route, reason, degraded)
    assert d.difficulty == difficulty and d.threshold == policy.threshold


def test_sensitive_requests_never_route_remote_in_clear() -> None:
    """Under the local policy, no context sends a sensitive request remote."""
    policy = ThresholdPolicy(0.0)
    for requested in ("auto", "local", "remote"):
        for remote in (True, False):
            for local in (True, False):
                d = policy.decide(Labels(1.0, EMAIL), RouteContext(requested, remote, local))  # type: ignore[arg-type]
                assert d.route == "local" and d.sensitive and d.sensitive_types == ("EMAIL_ADDRESS",)


def test_with_threshold_returns_a_new_policy() -> None:
    """A tuned policy is a new object; the original is unchanged."""
    p = ThresholdPolicy(0.5, "redact")
    q = p.with_threshold(0.2)
    assert (p.threshold, q.threshold, q.on_sensitive) == (0.5, 0.2, "redact")
