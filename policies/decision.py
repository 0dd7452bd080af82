"""The values a policy works with: the routing context it is given and the decision it returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from classifiers.types import Labels

__all__ = ["Decision", "Policy", "Requested", "Route", "RouteContext"]

Route = Literal["local", "remote", "block"]
Requested = Literal["auto", "local", "remote"]


@dataclass(frozen=True, slots=True)
class RouteContext:
    """What the policy may know beyond the labels: what the caller asked for, what is available, and
    what the request needs that the local model cannot give (``local_unsupported``: ``"n"``,
    ``"content"``, ``"tools"``, ``"logprobs"``; see ``LocalBackend.unsupported``)."""

    requested: Requested = "auto"
    remote_available: bool = True
    local_available: bool = True
    local_unsupported: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Decision:
    """Where one request goes and why.

    ``reason`` is a short stable token (``difficulty_below_threshold``, ``sensitive``, ``forced_local``,
    ...); ``degraded`` is true when availability changed the route the policy wanted; ``redact`` asks the
    engine to replace sensitive spans before the request leaves the machine.
    """

    route: Route
    reason: str
    policy: str
    difficulty: float
    threshold: float
    sensitive: bool = False
    sensitive_types: tuple[str, ...] = ()
    degraded: bool = False
    redact: bool = False


class Policy(Protocol):
    """Turns labels and context into a decision; pure."""

    @property
    def name(self) -> str: ...

    def decide(self, labels: Labels, context: RouteContext) -> Decision: ...
