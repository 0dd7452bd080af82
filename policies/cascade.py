"""The cascade policy: answer locally first, escalate to the remote model when the local answer is not
confident enough. Sensitive requests never escalate."""

from __future__ import annotations

from dataclasses import dataclass, replace

from classifiers.types import Labels
from policies.decision import Decision, RouteContext
from policies.threshold import OnSensitive, ThresholdPolicy

__all__ = ["CascadePolicy"]


@dataclass(frozen=True)
class CascadePolicy:
    """Local first; ``min_confidence`` is the knob (the local answer's geometric-mean token
    probability below it escalates). Prompts with difficulty >= ``threshold`` skip the local attempt
    (1.0: none do)."""

    min_confidence: float = 0.5
    threshold: float = 1.0
    on_sensitive: OnSensitive = "local"
    sensitive_types: frozenset[str] | None = None
    name: str = "cascade"

    def _base(self) -> ThresholdPolicy:
        return ThresholdPolicy(self.threshold, self.on_sensitive, self.sensitive_types, self.name)

    def with_threshold(self, threshold: float) -> CascadePolicy:
        return replace(self, threshold=threshold)

    def with_min_confidence(self, min_confidence: float) -> CascadePolicy:
        return replace(self, min_confidence=min_confidence)

    def decide(self, labels: Labels, context: RouteContext) -> Decision:
        decision = self._base().decide(labels, context)
        if decision.reason == "difficulty_below_threshold" and context.remote_available:
            return replace(decision, reason="cascade_local_first")
        return decision

    def escalate(self, decision: Decision, confidence: float | None) -> bool:
        """Whether a local answer with ``confidence`` should be replaced by a remote one."""
        return (
            decision.reason == "cascade_local_first"
            and not decision.sensitive
            and confidence is not None
            and confidence < self.min_confidence
        )
