"""Pure routing decisions: (labels, context) -> Decision. No I/O, no imports from router."""

from policies.decision import Decision, Policy, Requested, Route, RouteContext
from policies.redaction import Redaction, Restorer, redact
from policies.threshold import OnSensitive, ThresholdPolicy

__all__ = [
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
