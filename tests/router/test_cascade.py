"""The cascade with the real local model: confidence from llama.cpp's logits, escalation to the remote."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest

from router import Completion, Router


@pytest.fixture
def cascade(make_router: Callable[..., Router], stub: Any) -> Callable[[float], Router]:
    def build(min_confidence: float) -> Router:
        return make_router(
            remote={
                "base_url": stub.base_url,
                "model": "big",
                "input_usd_per_mtok": 10,
                "output_usd_per_mtok": 30,
            },
            local={"n_threads": 1, "max_tokens": 12, "input_usd_per_mtok": 1, "output_usd_per_mtok": 1},
            policy={"name": "cascade", "min_confidence": min_confidence},
        )

    return build


def ledger_rows(router: Router) -> list[tuple[Any, ...]]:
    router.engine.ledger.flush()
    conn = sqlite3.connect(router.settings.ledger_path())
    rows = conn.execute(
        "SELECT route, reason, escalated, confidence, first_cost_usd, cost_usd FROM decisions"
    ).fetchall()
    conn.close()
    return rows


def test_low_confidence_local_answer_escalates(cascade: Callable[[float], Router], stub: Any) -> None:
    """A bar no answer reaches: the real local answer is scored, then the remote answers; both costs kept."""
    router = cascade(0.999)
    result = router.chat("Translate 'the quick brown fox' into Finnish.")
    assert isinstance(result, Completion)
    assert result.backend == "remote" and result.escalated and result.reason == "cascade_escalated"
    assert result.text == "stub answer" and len(stub.requests) == 1
    ((route, reason, escalated, confidence, first_cost, cost),) = ledger_rows(router)
    assert (route, reason, escalated) == ("remote", "cascade_escalated", 1)
    assert 0.0 < confidence < 0.999
    assert first_cost > 0 and cost == pytest.approx(first_cost + (5 * 10 + 2 * 30) / 1e6)


def test_confident_local_answer_stays(cascade: Callable[[float], Router], stub: Any) -> None:
    """With the bar at zero the local answer is kept and nothing is sent."""
    router = cascade(0.0)
    result = router.chat("What is the capital of France?")
    assert isinstance(result, Completion) and result.backend == "local" and not result.escalated
    assert stub.requests == []
    ((route, reason, escalated, confidence, _, _),) = ledger_rows(router)
    assert (route, reason, escalated) == ("local", "cascade_local_first", 0) and confidence > 0


def test_sensitive_requests_never_escalate(cascade: Callable[[float], Router], stub: Any) -> None:
    """Even below the bar, a request with an e-mail address is answered locally."""
    router = cascade(0.999)
    result = router.chat("Draft a reply to jane.doe@example.com about the invoice.")
    assert isinstance(result, Completion) and result.backend == "local"
    assert stub.requests == []


def test_streaming_cascade(cascade: Callable[[float], Router], stub: Any) -> None:
    """A streamed cascade request streams whichever answer won."""
    router = cascade(0.999)
    stream = router.chat("Name three rivers.", stream=True)
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in stream if c["choices"])  # type: ignore[union-attr]
    assert text == "stub answer"
