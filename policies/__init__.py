"""Pure routing decisions: (labels, context) -> Decision. No I/O, no imports from router."""

from policies.decision import Decision, Policy, Requested, Route, RouteContext
from policies.threshold import OnSensitive, ThresholdPolicy

__all__ = ["Decision", "OnSensitive", "Policy", "Requested", "Route", "RouteContext", "ThresholdPolicy"]
