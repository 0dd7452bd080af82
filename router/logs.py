"""The structured decision log: a private structlog pipeline, so the library never touches the
application's own structlog configuration.

Redaction is a processor, so no call site can skip it: prompt text, message content and keys are
replaced unless ``log.log_prompts`` is set (keys are always replaced).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import MutableMapping
from typing import Any, TextIO

import structlog
from pydantic import SecretStr
from structlog.typing import EventDict, Processor, WrappedLogger

from router.config import LogSettings

__all__ = ["Redactor", "make_logger"]

_SECRET_KEYS = frozenset({"api_key", "authorization", "password", "secret", "token", "key"})
_PROMPT_KEYS = frozenset({"prompt", "messages", "content", "text", "completion", "answer"})
REDACTED = "[redacted]"


class Redactor:
    """Replaces secret-bearing keys always, and prompt-bearing keys unless prompts are allowed."""

    def __init__(self, log_prompts: bool = False) -> None:
        self._keys = _SECRET_KEYS if log_prompts else _SECRET_KEYS | _PROMPT_KEYS

    def __call__(self, logger: WrappedLogger, method: str, event_dict: EventDict) -> EventDict:
        for key, value in event_dict.items():
            if key in self._keys or isinstance(value, SecretStr):
                event_dict[key] = REDACTED
        return event_dict


def _timestamp(logger: WrappedLogger, method: str, event_dict: MutableMapping[str, Any]) -> EventDict:
    event_dict.setdefault("ts", round(time.time(), 3))
    return dict(event_dict)


def make_logger(
    settings: LogSettings, stream: TextIO | None = None, extra_processors: list[Processor] | None = None
) -> Any:
    """A bound logger writing one line per event to ``stream`` (stderr by default).

    ``format: auto`` is readable in a terminal and JSON otherwise (production, pipes, files).
    """
    out = stream if stream is not None else sys.stderr
    use_json = settings.format == "json" or (settings.format == "auto" and not out.isatty())
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if use_json
        else structlog.dev.ConsoleRenderer(colors=out.isatty())
    )
    processors: list[Processor] = [
        structlog.processors.add_log_level,
        _timestamp,
        Redactor(settings.log_prompts),
        *(extra_processors or []),
        renderer,
    ]
    level = logging.getLevelNamesMapping()[settings.level.upper()]
    return structlog.wrap_logger(
        structlog.WriteLogger(out),
        processors=processors,
        wrapper_class=structlog.make_filtering_bound_logger(level),
        cache_logger_on_first_use=True,
    )
