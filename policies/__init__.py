"""Pure routing decisions: (labels, context) -> Decision. No I/O, no imports from router."""

from policies.cascade import CascadePolicy
from policies.decision import Decision, Policy, Requested, Route, RouteContext
from policies.redaction import Redaction, Restorer, redact
from policies.threshold import OnSensitive, ThresholdPolicy

__all__ = [
    "CascadePolicy",
    "Decision",
    "OnSensitive",
    "Policy",
    "Redaction",
    "Requested",
    "Restorer",
    "Route",
    "RouteContext",
    "ThresholdPolicy",
    "redact",
]
