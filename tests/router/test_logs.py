"""The decision log pipeline: redaction in a processor, JSON or console output."""

from __future__ import annotations

import io
import json

import structlog
from pydantic import SecretStr

from router.config import LogSettings
from router.logs import REDACTED, make_logger


def test_prompts_and_keys_are_redacted_by_default() -> None:
    """Prompt-bearing and secret-bearing keys are replaced before any output."""
    capture = structlog.testing.LogCapture()
    log = make_logger(LogSettings(), extra_processors=[capture])
    log.info(
        "x",
        prompt="secret prompt",
        messages=[{"content": "m"}],
        api_key="sk-1",
        other=SecretStr("s"),
        route="local",
    )
    e = capture.entries[0]
    assert e["prompt"] == e["messages"] == e["api_key"] == e["other"] == REDACTED
    assert e["route"] == "local"


def test_prompts_can_be_logged_on_request_but_keys_never() -> None:
    """log_prompts keeps prompt text; keys stay redacted."""
    capture = structlog.testing.LogCapture()
    log = make_logger(LogSettings(log_prompts=True), extra_processors=[capture])
    log.info("x", prompt="visible", api_key="sk-1")
    assert capture.entries[0]["prompt"] == "visible" and capture.entries[0]["api_key"] == REDACTED


def test_json_lines_in_production() -> None:
    """format json writes one JSON object per line, with level and timestamp."""
    out = io.StringIO()
    make_logger(LogSettings(format="json"), stream=out).info("route", route="local")
    line = json.loads(out.getvalue())
    assert line["event"] == "route" and line["level"] == "info" and "ts" in line


def test_level_filters_events() -> None:
    """Below the configured level nothing is written."""
    out = io.StringIO()
    log = make_logger(LogSettings(level="warning", format="json"), stream=out)
    log.info("quiet")
    log.warning("loud")
    assert [json.loads(x)["event"] for x in out.getvalue().splitlines()] == ["loud"]
