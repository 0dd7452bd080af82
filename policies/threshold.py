"""The threshold policy: one difficulty score, one threshold as the cost knob, privacy first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from classifiers.types import Labels
from policies.decision import Decision, Route, RouteContext

__all__ = ["OnSensitive", "ThresholdPolicy"]

OnSensitive = Literal["local", "redact", "block"]


@dataclass(frozen=True)
class ThresholdPolicy:
    """Score >= threshold goes remote, below stays local; sensitive requests follow ``on_sensitive``.
    A request the local model cannot serve (several choices, images, tools, logprobs) goes remote when
    the caller left the choice to the router and nothing in it is sensitive.

    ``sensitive_types`` lists the finding types that count as sensitive (``None``: every finding).
    Sensitive content never goes remote in clear: ``local`` keeps it on this machine (also when the
    caller forces ``remote``), ``redact`` lets it go remote with the findings replaced, ``block`` refuses.
    """

    threshold: float = 0.5
    on_sensitive: OnSensitive = "local"
    sensitive_types: frozenset[str] | None = None
    name: str = "threshold"

    def with_threshold(self, threshold: float) -> ThresholdPolicy:
        """A new policy with another threshold (a tuned policy is a new object)."""
        return ThresholdPolicy(threshold, self.on_sensitive, self.sensitive_types, self.name)

    def sensitive_findings(self, labels: Labels) -> tuple[str, ...]:
        """The finding types in ``labels`` that this policy treats as sensitive."""
        return _counted(labels.finding_types, self.sensitive_types)

    def decide(self, labels: Labels, context: RouteContext) -> Decision:
        types = self.sensitive_findings(labels)

        def decision(route: Route, reason: str, *, degraded: bool = False, redact: bool = False) -> Decision:
            return Decision(
                route=route,
                reason=reason,
                policy=self.name,
                difficulty=labels.difficulty,
                threshold=self.threshold,
                sensitive=bool(types),
                sensitive_types=types,
                degraded=degraded,
                redact=redact,
            )

        wants_remote = context.requested == "remote" or (
            context.requested == "auto" and labels.difficulty >= self.threshold
        )
        if types:
            if self.on_sensitive == "block":
                return decision("block", "sensitive_blocked")
            if self.on_sensitive == "redact" and wants_remote and context.remote_available:
                return decision("remote", "sensitive_redacted", redact=True)
            return decision("local", "sensitive")
        if context.requested == "local":
            return decision("local", "forced_local")
        if wants_remote:
            reason = "forced_remote" if context.requested == "remote" else "difficulty_at_or_above_threshold"
            if not context.remote_available:
                return decision("local", "remote_unavailable", degraded=True)
            return decision("remote", reason)
        if context.local_unsupported and context.remote_available:
            return decision("remote", "local_unsupported")
        if not context.local_available and context.remote_available:
            return decision("remote", "local_unavailable", degraded=True)
        return decision("local", "difficulty_below_threshold")


def _counted(found: Iterable[str], allowed: frozenset[str] | None) -> tuple[str, ...]:
    return tuple(t for t in found if allowed is None or t in allowed)
