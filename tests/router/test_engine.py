"""The engine's request path with small fake backends: fallback rules, cache, one record per request."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import structlog

from classifiers.sensitivity import SensitivityDetector
from policies.threshold import ThresholdPolicy
from router.backends.base import completion_body, usage_chunk
from router.cache import MemoryCache
from router.config import load_settings
from router.core import Engine
from router.errors import (
    BackendUnavailable,
    ContentBlocked,
    NotFound,
    RateLimited,
    RouterError,
    UpstreamError,
    UpstreamTimeout,
)
from router.ledger import MemoryLedger
from router.logs import make_logger
from router.streaming import ChunkAssembler, replayable
from router.types import ChatRequest, Completion, Usage, parse_request

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


class Fixed:
    """A difficulty classifier returning a fixed score."""

    def __init__(self, score: float) -> None:
        self.score = score

    def classify(self, text: str) -> float:
        return self.score


class FakeBackend:
    """Answers with its own name, or raises ``fail``; counts calls."""

    def __init__(self, name: str, *, fail: RouterError | None = None, available: bool = True) -> None:
        self.name = name
        self.model = f"{name}-model"
        self.fail = fail
        self._available = available
        self.calls = 0
        self.fail_after_chunks: int | None = None

    @property
    def available(self) -> bool:
        return self._available

    async def complete(self, request: ChatRequest) -> Completion:
        self.calls += 1
        if self.fail is not None:
            raise self.fail
        usage = Usage(10, 2)
        body = completion_body(
            model=self.model, content=f"from {self.name}", finish_reason="stop", usage=usage
        )
        return Completion(body, self.name, self.model, usage)

    async def stream(self, request: ChatRequest) -> AsyncIterator[dict[str, Any]]:
        self.calls += 1
        if self.fail is not None and self.fail_after_chunks is None:
            raise self.fail
        for i, piece in enumerate(["from ", self.name]):
            if self.fail_after_chunks is not None and i >= self.fail_after_chunks:
                assert self.fail is not None
                raise self.fail
            yield {"id": "c", "model": self.model, "choices": [{"index": 0, "delta": {"content": piece}}]}
        yield usage_chunk("c", self.model, Usage(10, 2))

    async def aclose(self) -> None:
        return None


def make_engine(
    local_backend: FakeBackend,
    remote_backend: FakeBackend,
    score: float = 0.1,
    on_sensitive: str = "local",
    **sections: Any,
) -> tuple[Engine, MemoryLedger, structlog.testing.LogCapture]:
    s = load_settings(None, sections)
    ledger = MemoryLedger()
    logs = structlog.testing.LogCapture()
    engine = Engine(
        settings=s,
        local=local_backend,
        remote=remote_backend,
        difficulty=Fixed(score),
        sensitivity=SensitivityDetector(),
        policy=ThresholdPolicy(0.5, on_sensitive),  # type: ignore[arg-type]
        cache=MemoryCache(),
        ledger=ledger,
        logger=make_logger(s.log, extra_processors=[logs]),
    )
    return engine, ledger, logs


def req(content: str = "hello", **params: Any) -> ChatRequest:
    return parse_request({"messages": [{"role": "user", "content": content}], **params})


@pytest.mark.parametrize(
    ("score", "remote_fail", "local_fail", "route", "degraded"),
    [
        (0.9, None, None, "remote", False),
        (0.1, None, None, "local", False),
        (0.9, UpstreamTimeout("t"), None, "local", True),
        (0.9, UpstreamError("e"), None, "local", True),
        (0.9, RateLimited("r"), None, "local", True),
        (0.1, None, BackendUnavailable("gone"), "remote", True),
    ],
)
async def test_fallback_table(
    score: float, remote_fail: RouterError | None, local_fail: RouterError | None, route: str, degraded: bool
) -> None:
    """A failed backend hands over to the other when the policy allows; the answer says so."""
    local, remote = FakeBackend("local", fail=local_fail), FakeBackend("remote", fail=remote_fail)
    engine, ledger, _ = make_engine(local, remote, score)
    result = await engine.complete(req())
    assert (result.backend, result.degraded) == (route, degraded)
    assert result.text == f"from {route}"
    assert len(ledger.records) == 1 and ledger.records[0].route == route


async def test_sensitive_request_never_falls_back_to_remote() -> None:
    """Local failure on a sensitive request is an error, and the remote is never called."""
    local = FakeBackend("local", fail=BackendUnavailable("model missing"))
    remote = FakeBackend("remote")
    engine, ledger, _ = make_engine(local, remote, 0.9)
    for model in ("auto", "remote"):
        with pytest.raises(BackendUnavailable):
            await engine.complete(req("write to jane.doe@example.com", model=model))
        with pytest.raises(BackendUnavailable):
            await engine.stream(req("write to jane.doe@example.com", model=model, stream=True))
    assert remote.calls == 0
    assert [r.status for r in ledger.records] == ["error"] * 4
    assert all(r.sensitive_types == "EMAIL_ADDRESS" for r in ledger.records)


async def test_forced_backends_do_not_fall_back() -> None:
    """model='remote' that fails is an error, not a silent local answer."""
    engine, _, _ = make_engine(FakeBackend("local"), FakeBackend("remote", fail=UpstreamError("x")), 0.1)
    with pytest.raises(UpstreamError):
        await engine.complete(req(model="remote"))


async def test_block_policy_refuses_and_records() -> None:
    """on_sensitive=block is a 400 content_blocked, recorded once, with no backend call."""
    local, remote = FakeBackend("local"), FakeBackend("remote")
    engine, ledger, _ = make_engine(local, remote, 0.9, on_sensitive="block")
    with pytest.raises(ContentBlocked) as info:
        await engine.complete(req("card 4539 1488 0343 6467"))
    assert info.value.status == 400 and info.value.code == "content_blocked"
    assert local.calls == remote.calls == 0
    assert [(r.route, r.status) for r in ledger.records] == [("block", "error")]


async def test_unknown_model_is_404() -> None:
    """A model name that is not auto/local/remote or an alias is a 404 model_not_found."""
    engine, _, _ = make_engine(FakeBackend("local"), FakeBackend("remote"))
    with pytest.raises(NotFound) as info:
        await engine.complete(req(model="gpt-nonexistent"))
    assert info.value.status == 404 and info.value.code == "model_not_found"


async def test_cache_hit_on_repeat_only_when_deterministic() -> None:
    """A deterministic repeat is served from the cache; a sampled one is not cached."""
    local = FakeBackend("local")
    engine, ledger, _ = make_engine(local, FakeBackend("remote"), 0.1)
    first = await engine.complete(req(temperature=0))
    second = await engine.complete(req(temperature=0))
    assert (first.cache_hit, second.cache_hit, local.calls) == (False, True, 1)
    assert second.text == first.text and second.cost_usd == 0.0
    await engine.complete(req(temperature=0.8))
    await engine.complete(req(temperature=0.8))
    assert local.calls == 3
    assert [r.cache_hit for r in ledger.records] == [False, True, False, False]


async def test_cache_is_scoped_to_the_tenant() -> None:
    """The same request from another tenant is a miss."""
    local = FakeBackend("local")
    engine, _, _ = make_engine(local, FakeBackend("remote"), 0.1)
    await engine.complete(req(temperature=0), tenant="a")
    hit = await engine.complete(req(temperature=0), tenant="b")
    assert not hit.cache_hit and local.calls == 2


async def test_stream_records_usage_and_hides_usage_chunk_unless_asked() -> None:
    """The usage chunk reaches the client only with include_usage; the ledger gets the usage anyway."""
    engine, ledger, _ = make_engine(FakeBackend("local"), FakeBackend("remote"), 0.1)
    routed = await engine.stream(req(stream=True))
    chunks = [c async for c in routed]
    assert all(c["choices"] for c in chunks)
    routed = await engine.stream(req(stream=True, stream_options={"include_usage": True}))
    chunks = [c async for c in routed]
    assert chunks[-1]["usage"]["completion_tokens"] == 2 and chunks[-1]["choices"] == []
    assert [(r.prompt_tokens, r.completion_tokens, r.status) for r in ledger.records] == [(10, 2, "ok")] * 2


async def test_stream_cache_replays_as_chunks() -> None:
    """A deterministic streamed answer is cached and replayed as chunks with the same text."""
    local = FakeBackend("local")
    engine, _, _ = make_engine(local, FakeBackend("remote"), 0.1)
    first = [c async for c in await engine.stream(req(stream=True, temperature=0))]
    routed = await engine.stream(req(stream=True, temperature=0))
    assert routed.cache_hit
    again = [c async for c in routed]

    def text(chunks: list[dict[str, Any]]) -> str:
        return "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])

    assert text(again) == text(first) == "from local" and local.calls == 1


CALL = {"id": "call_1", "type": "function", "function": {"name": "get_time", "arguments": '{"tz": "UTC"}'}}
TOOLS = [{"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}]


class ToolCallBackend(FakeBackend):
    """Answers with a tool call: whole, or as the deltas OpenAI streams (name first, then arguments)."""

    async def complete(self, request: ChatRequest) -> Completion:
        self.calls += 1
        usage = Usage(10, 5)
        body = completion_body(model=self.model, content="", finish_reason="tool_calls", usage=usage)
        body["choices"][0]["message"].update(content=None, tool_calls=[CALL])
        return Completion(body, self.name, self.model, usage)

    async def stream(self, request: ChatRequest) -> AsyncIterator[dict[str, Any]]:
        self.calls += 1
        head = {
            "index": 0,
            "id": "call_1",
            "type": "function",
            "function": {"name": "get_time", "arguments": ""},
        }
        arguments = {"index": 0, "function": {"arguments": CALL["function"]["arguments"]}}  # type: ignore[index]
        for delta, finish in (
            ({"role": "assistant", "content": None, "tool_calls": [head]}, None),
            ({"tool_calls": [arguments]}, None),
            ({}, "tool_calls"),
        ):
            yield {
                "id": "c",
                "model": self.model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }
        yield usage_chunk("c", self.model, Usage(10, 5))


async def test_tool_calls_are_never_served_from_the_cache_without_their_calls() -> None:
    """A streamed tool call is not cached (assembled, only its empty text would be); a whole one is,
    and served whole to the same request, but a stream asking the same goes to the model again."""
    remote = ToolCallBackend("remote")
    engine, _, _ = make_engine(FakeBackend("local"), remote, 0.9)
    for _ in range(2):
        routed = await engine.stream(req(stream=True, temperature=0, tools=TOOLS))
        chunks = [c async for c in routed]
        assert not routed.cache_hit and chunks[0]["choices"][0]["delta"]["tool_calls"][0]["id"] == "call_1"
    assert remote.calls == 2
    await engine.complete(req(temperature=0, tools=TOOLS))
    hit = await engine.complete(req(temperature=0, tools=TOOLS))
    assert hit.cache_hit and hit.body["choices"][0]["message"]["tool_calls"] == [CALL]
    routed = await engine.stream(req(stream=True, temperature=0, tools=TOOLS))
    assert not routed.cache_hit and [c async for c in routed][1]["choices"][0]["delta"]["tool_calls"]
    assert remote.calls == 4


def test_only_a_plain_single_answer_is_replayed_as_chunks() -> None:
    """Replays carry one choice's text: several choices, logprobs, a refusal or a tool call are not
    replayable, nor is a stream whose chunks carried them."""
    plain = completion_body(model="m", content="hi", finish_reason="stop", usage=Usage(1, 1))
    assert replayable(plain)
    two = {**plain, "choices": [plain["choices"][0], {**plain["choices"][0], "index": 1}]}
    scored = {**plain, "choices": [{**plain["choices"][0], "logprobs": {"content": []}}]}
    refused = {
        **plain,
        "choices": [{**plain["choices"][0], "message": {"role": "assistant", "refusal": "no"}}],
    }
    assert not any(map(replayable, (two, scored, refused)))
    assembler = ChunkAssembler()
    assembler.add(
        {"choices": [{"index": 0, "delta": {"role": "assistant", "content": "a", "refusal": None}}]}
    )
    assert assembler.plain
    assembler.add({"choices": [{"index": 1, "delta": {"content": "b"}}]})
    assert not assembler.plain


async def test_stream_failure_before_first_chunk_falls_back() -> None:
    """A remote stream that fails before its first chunk is answered locally, flagged degraded."""
    engine, ledger, _ = make_engine(
        FakeBackend("local"), FakeBackend("remote", fail=UpstreamTimeout("t")), 0.9
    )
    routed = await engine.stream(req(stream=True))
    assert routed.backend == "local" and routed.degraded
    assert [c async for c in routed]
    assert ledger.records[0].degraded and ledger.records[0].route == "local"


async def test_stream_failure_midway_raises_and_marks_partial() -> None:
    """After chunks were sent, a failure reaches the caller and the ledger marks the record partial."""
    remote = FakeBackend("remote", fail=UpstreamError("reset"))
    remote.fail_after_chunks = 1
    engine, ledger, _ = make_engine(FakeBackend("local"), remote, 0.9)
    routed = await engine.stream(req(stream=True))
    got = []
    with pytest.raises(UpstreamError):
        async for chunk in routed:
            got.append(chunk)
    assert len(got) == 1
    assert [(r.status, r.error_code) for r in ledger.records] == [("partial", "upstream_error")]


async def test_closed_stream_is_recorded_as_cancelled() -> None:
    """A consumer that stops early still leaves exactly one record."""
    engine, ledger, _ = make_engine(FakeBackend("local"), FakeBackend("remote"), 0.1)
    routed = await engine.stream(req(stream=True))
    async for _ in routed:
        break
    await routed.aclose()
    assert [r.status for r in ledger.records] == ["cancelled"]


async def test_one_log_event_per_request_with_costs_and_no_prompt() -> None:
    """Each request logs one 'route' event with tokens and costs and without the prompt text."""
    engine, _, logs = make_engine(
        FakeBackend("local"),
        FakeBackend("remote"),
        0.9,
        remote={"input_usd_per_mtok": 1.0, "output_usd_per_mtok": 2.0},
    )
    await engine.complete(req("a very private prompt"))
    events = [e for e in logs.entries if e["event"] == "route"]
    assert len(events) == 1
    e = events[0]
    assert e["route"] == "remote" and e["prompt_tokens"] == 10 and e["completion_tokens"] == 2
    assert e["cost_usd"] == pytest.approx((10 * 1.0 + 2 * 2.0) / 1e6)
    assert e["remote_cost_usd"] == e["cost_usd"]
    assert "a very private prompt" not in repr(logs.entries)


class EchoBackend(FakeBackend):
    """Answers with the last user message it received (like a model quoting its input)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.seen: list[str] = []

    async def complete(self, request: ChatRequest) -> Completion:
        self.calls += 1
        text = request.prompt_text()
        self.seen.append(text)
        usage = Usage(10, 2)
        body = completion_body(
            model=self.model, content=f"You said: {text}", finish_reason="stop", usage=usage
        )
        return Completion(body, self.name, self.model, usage)

    async def stream(self, request: ChatRequest) -> AsyncIterator[dict[str, Any]]:
        self.calls += 1
        text = f"You said: {request.prompt_text()}"
        self.seen.append(request.prompt_text())
        for i in range(0, len(text), 3):  # small pieces split placeholders across chunks
            yield {
                "id": "c",
                "model": self.model,
                "choices": [{"index": 0, "delta": {"content": text[i : i + 3]}}],
            }
        yield {
            "id": "c",
            "model": self.model,
            "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
        }
        yield usage_chunk("c", self.model, Usage(10, 2))


async def test_redact_policy_sends_placeholders_and_restores_answers() -> None:
    """Under redact the remote sees placeholders only; the caller gets the originals back, streamed too."""
    remote = EchoBackend("remote")
    engine, _, _ = make_engine(FakeBackend("local"), remote, 0.9, on_sensitive="redact")
    prompt = "Email jane.doe@example.com and bill 4539 1488 0343 6467 today."
    result = await engine.complete(req(prompt))
    assert (
        result.backend == "remote"
        and result.decision is not None
        and result.decision.reason == "sensitive_redacted"
    )
    assert "jane.doe@example.com" not in remote.seen[0] and "4539" not in remote.seen[0]
    assert "[EMAIL_ADDRESS_1]" in remote.seen[0]
    assert result.text == f"You said: {prompt}"
    routed = await engine.stream(req(prompt, stream=True))
    text = "".join([c["choices"][0]["delta"].get("content") or "" async for c in routed if c["choices"]])
    assert text == f"You said: {prompt}"
    assert "jane.doe" not in remote.seen[1]


async def test_redacted_requests_fall_back_to_local_with_the_original_text() -> None:
    """If the remote fails under redact, the local model answers the unredacted request."""
    local = EchoBackend("local")
    engine, _, _ = make_engine(
        local, FakeBackend("remote", fail=UpstreamError("x")), 0.9, on_sensitive="redact"
    )
    result = await engine.complete(req("mail jane.doe@example.com"))
    assert result.backend == "local" and result.degraded
    assert local.seen == ["mail jane.doe@example.com"]


async def test_redacted_answers_are_cached_per_original_request() -> None:
    """Two prompts that redact to the same text never share a cache entry."""
    remote = EchoBackend("remote")
    engine, _, _ = make_engine(FakeBackend("local"), remote, 0.9, on_sensitive="redact")
    a = await engine.complete(req("mail ann@example.com", temperature=0))
    b = await engine.complete(req("mail bob@example.com", temperature=0))
    assert not b.cache_hit and "bob@example.com" in b.text and "ann@example.com" in a.text


async def test_tenant_policies_override_the_deployment() -> None:
    """A tenant with on_sensitive=block is refused where the default tenant stays local."""
    local, remote = FakeBackend("local"), FakeBackend("remote")
    engine, _, _ = make_engine(local, remote, 0.9)
    engine.tenant_policies["strict"] = ThresholdPolicy(0.5, "block")
    assert (await engine.complete(req("mail ann@example.com"))).backend == "local"
    with pytest.raises(ContentBlocked):
        await engine.complete(req("mail ann@example.com"), tenant="strict")
