"""hybrid-router: route chat requests between a local small model and a remote large model."""

from router.config import Settings, load_settings
from router.errors import RouterError
from router.library import Router, SyncStream
from router.streaming import RoutedStream
from router.types import ChatRequest, Completion, Usage

__all__ = [
    "ChatRequest",
    "Completion",
    "RoutedStream",
    "Router",
    "RouterError",
    "Settings",
    "SyncStream",
    "Usage",
    "load_settings",
]
