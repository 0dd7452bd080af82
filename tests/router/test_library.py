"""The library end to end with real parts: the shipped GGUF in process, llama_cpp.server as the
remote behind a byte-recording relay, the real Redis."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
import structlog

from router import Completion, RoutedStream, Router, SyncStream
from router.errors import BackendUnavailable, NotFound
from router.report import summarize
from tests.conftest import REDIS_URL, REMOTE_KEY, Relay, free_port

EASY = "What is the capital of France?"
HARD = (
    "Write a Python function that implements Dijkstra's algorithm with a binary heap, prove its "
    "complexity step by step, and explain why it fails with negative edge weights."
)
SECRET = REMOTE_KEY


def midpoint_threshold() -> float:
    """A threshold between the easy and the hard prompt's scores, whatever the classifier."""
    from router.config import ClassifierSettings
    from router.difficulty import load_difficulty

    clf = load_difficulty(ClassifierSettings())
    easy, hard = clf.classify(EASY), clf.classify(HARD)
    assert easy < hard, "the difficulty classifier must rank the hard prompt above the easy one"
    return (easy + hard) / 2


@pytest.fixture
def routed(make_router: Callable[..., Router], recording_remote: Relay) -> Router:
    return make_router(
        remote={"base_url": recording_remote.base_url, "model": "remote", "api_key": SECRET},
        policy={"threshold": midpoint_threshold()},
        local={"n_threads": 1, "max_tokens": 16},
    )


def test_local_model_answers_through_the_library(make_router: Callable[..., Router]) -> None:
    """With no configuration beyond defaults, the real local model answers."""
    router = make_router(local={"n_threads": 1, "max_tokens": 16})
    result = router.chat(EASY)
    assert isinstance(result, Completion)
    assert result.backend == "local" and result.text.strip()
    assert result.decision is not None and result.decision.route == "local"


def test_hard_goes_remote_easy_stays_local(routed: Router, recording_remote: Relay) -> None:
    """The hard prompt reaches the remote server; the easy one never leaves the process."""
    easy = routed.chat(EASY, max_tokens=8)
    assert isinstance(easy, Completion) and easy.backend == "local"
    assert recording_remote.chat_requests() == 0
    hard = routed.chat(HARD, max_tokens=8)
    assert isinstance(hard, Completion) and hard.backend == "remote"
    assert hard.decision is not None and hard.decision.reason == "difficulty_at_or_above_threshold"
    assert recording_remote.chat_requests() == 1
    assert b"Dijkstra" in recording_remote.received()


@pytest.mark.parametrize(
    "sensitive",
    ["Email the summary to jane.doe@example.com please.", "My card is 4539 1488 0343 6467, is it valid?"],
)
def test_sensitive_stays_local_even_when_forced_remote(
    routed: Router, recording_remote: Relay, sensitive: str
) -> None:
    """A prompt with an e-mail or card number is answered locally, also with model='remote'."""
    for model in ("auto", "remote"):
        result = routed.chat(HARD + " " + sensitive, model=model, max_tokens=8)
        assert isinstance(result, Completion) and result.backend == "local"
        assert result.decision is not None and result.decision.sensitive
    assert recording_remote.received() == b""


def test_sensitive_with_broken_local_model_errors_instead_of_going_remote(
    make_router: Callable[..., Router], recording_remote: Relay, tmp_path: Any
) -> None:
    """With the local model missing, a sensitive request fails (503) and zero bytes reach the remote."""
    router = make_router(
        remote={"base_url": recording_remote.base_url, "model": "remote"},
        policy={"threshold": 0.0},
        local={"model_path": str(tmp_path / "missing.gguf")},
    )
    for model in ("auto", "remote"):
        with pytest.raises(BackendUnavailable) as info:
            router.chat("Send it to jane.doe@example.com", model=model)
        assert info.value.status == 503
    assert recording_remote.received() == b""
    ok = router.chat("What is a prime number?", max_tokens=4)  # non-sensitive goes remote
    assert isinstance(ok, Completion) and ok.backend == "remote"


def test_streaming_sync_and_async(routed: Router) -> None:
    """Sync streaming yields chunks with routing facts; async streaming works from another loop."""
    stream = routed.chat(EASY, stream=True, max_tokens=8)
    assert isinstance(stream, SyncStream) and stream.backend == "local"
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in stream if c["choices"])
    assert text.strip()

    async def run() -> str:
        s = await routed.achat(HARD, stream=True, max_tokens=8)
        assert isinstance(s, RoutedStream) and s.backend == "remote"
        return "".join([c["choices"][0]["delta"].get("content") or "" async for c in s if c["choices"]])

    assert asyncio.run(run()).strip()


def test_achat_from_several_event_loops(routed: Router) -> None:
    """The same router serves async callers on different loops (asyncio.run twice)."""
    for _ in range(2):
        result = asyncio.run(routed.achat(EASY, max_tokens=4))
        assert isinstance(result, Completion) and result.text


def test_route_decides_without_calling_a_model(routed: Router, recording_remote: Relay) -> None:
    """route() returns the decision only: nothing is sent, nothing recorded."""
    decision = routed.route(HARD)
    assert decision.route == "remote"
    assert recording_remote.received() == b""
    routed.engine.ledger.flush()
    assert summarize(routed.settings.ledger_path())["requests"] == 0


def test_a_conversation_s_earlier_messages_are_classified_once(make_router: Callable[..., Router]) -> None:
    """The system prompt and earlier turns come back in every request; the router remembers what the
    classifiers said about them, and gives the same decision as without the memo."""
    from classifiers.memo import Memoized

    remembering = make_router()
    forgetting = make_router(classifier={"memo_size": 0})
    sensitivity = remembering.engine.sensitivity
    assert isinstance(sensitivity, Memoized)
    assert not isinstance(forgetting.engine.sensitivity, Memoized)
    system = {"role": "system", "content": "You are a helpful assistant for ana.lopez@example.org."}
    turns = [system, {"role": "user", "content": EASY}]
    for k in range(4):
        decisions = remembering.route(turns), forgetting.route(turns)
        assert decisions[0] == decisions[1]
        assert decisions[0].sensitive and decisions[0].route == "local"
        turns = [
            *turns,
            {"role": "assistant", "content": f"Answer {k}."},
            {"role": "user", "content": "And?"},
        ]
    # 6 distinct texts (system, question, 3 answers, "And?") classified once each; 20 messages in all.
    assert sensitivity.misses == 6
    assert sensitivity.hits == 20 - 6


@pytest.mark.parametrize("cache", ["memory", "redis"])
def test_cache_hit_on_repeat(make_router: Callable[..., Router], redis_prefix: str, cache: str) -> None:
    """A deterministic repeat is a cache hit, in memory and in the real Redis."""
    section = {"url": REDIS_URL, "prefix": redis_prefix} if cache == "redis" else {}
    router = make_router(cache=section, local={"n_threads": 1, "max_tokens": 8})
    first = router.chat(EASY, temperature=0)
    second = router.chat(EASY, temperature=0)
    assert isinstance(first, Completion) and isinstance(second, Completion)
    assert (first.cache_hit, second.cache_hit) == (False, True)
    assert second.text == first.text
    if cache == "redis":
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        assert client.keys(redis_prefix + "*")
        client.delete(*client.keys(redis_prefix + "*"))
        client.close()


def test_unreachable_redis_does_not_fail_requests(
    make_router: Callable[..., Router], logs: structlog.testing.LogCapture
) -> None:
    """With Redis down, requests are answered uncached and a cache_error is logged."""
    router = make_router(
        cache={"url": f"redis://127.0.0.1:{free_port()}/0"}, local={"n_threads": 1, "max_tokens": 4}
    )
    for _ in range(2):
        result = router.chat(EASY, temperature=0)
        assert isinstance(result, Completion) and not result.cache_hit
    assert any(e["event"] == "cache_error" for e in logs.entries)


def test_one_ledger_record_per_request_and_report_totals(routed: Router) -> None:
    """Every routed request leaves exactly one record; report totals match."""
    for prompt in (EASY, HARD, EASY):
        routed.chat(prompt, max_tokens=4)
    with pytest.raises(NotFound):  # refused before routing: not a routed request, not recorded
        routed.chat(EASY, model="no-such-model")
    routed.engine.ledger.flush()
    summary = summarize(routed.settings.ledger_path())
    assert summary["requests"] == 3
    assert summary["routes"]["local"]["requests"] == 2 and summary["routes"]["remote"]["requests"] == 1
    assert summary["all_remote_cost_usd"] > summary["cost_usd"] > 0


def test_logs_hold_no_prompt_or_key(routed: Router, logs: structlog.testing.LogCapture) -> None:
    """By default the decision log carries neither prompt text nor the remote API key."""
    routed.chat(HARD, max_tokens=4)
    routed.chat("my email is jane.doe@example.com", max_tokens=4)
    dump = repr(logs.entries)
    assert [e["event"] for e in logs.entries].count("route") == 2
    assert "Dijkstra" not in dump and "jane.doe" not in dump and SECRET not in dump
