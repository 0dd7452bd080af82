"""Streams between a backend and a caller: replaying a cached answer as chunks, assembling chunks into
a whole answer for the cache, and the routed stream the caller iterates."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

from policies.decision import Decision
from router.backends.base import completion_body
from router.types import Usage

__all__ = ["ChunkAssembler", "RoutedStream", "aiter_list", "prepend", "replay_chunks", "replayable"]

_PLAIN = frozenset({"role", "content"})


@dataclass(eq=False)
class RoutedStream:
    """The answer to a streaming request: routing facts now, chunks as they come.

    Iterating yields OpenAI ``chat.completion.chunk`` dicts. The ledger record is written when the
    stream ends, fails or is closed; close it (``aclose``) if you stop early.
    """

    request_id: str
    decision: Decision
    backend: str
    model: str
    reason: str
    cache_hit: bool
    degraded: bool
    chunks: AsyncIterator[dict[str, Any]]

    def __aiter__(self) -> AsyncIterator[dict[str, Any]]:
        return self.chunks

    async def aclose(self) -> None:
        aclose = getattr(self.chunks, "aclose", None)
        if aclose is not None:
            await aclose()


def replayable(body: Mapping[str, Any]) -> bool:
    """Whether ``replay_chunks`` gives ``body`` whole: one choice, its message plain text (no tool
    calls, refusal, audio) and no logprobs."""
    choices = body.get("choices") or []
    if len(choices) != 1 or choices[0].get("logprobs"):
        return False
    message = choices[0].get("message") or {}
    return not any(value for key, value in message.items() if key not in _PLAIN)


def replay_chunks(body: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A whole ``chat.completion`` as the chunks a stream would have carried, usage last."""
    base = {"id": body.get("id", ""), "object": "chat.completion.chunk", "created": int(time.time())}
    base["model"] = body.get("model", "")
    choice = (body.get("choices") or [{}])[0]
    content = (choice.get("message") or {}).get("content") or ""

    def chunk(delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
        return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]}

    chunks = [chunk({"role": "assistant", "content": ""}, None)]
    if content:
        chunks.append(chunk({"content": content}, None))
    chunks.append(chunk({}, choice.get("finish_reason") or "stop"))
    chunks.append({**base, "choices": [], "usage": Usage.from_dict(body.get("usage")).to_dict()})
    return chunks


class ChunkAssembler:
    """Collects the content of a stream's chunks into one ``chat.completion`` body. ``plain`` turns
    false when a chunk carries more than one choice's text (tool calls, a second choice, logprobs):
    such a stream is not assembled faithfully, so it is not cached."""

    def __init__(self) -> None:
        self.plain = True
        self.parts: list[str] = []
        self.finish_reason: str | None = None
        self.id = ""
        self.model = ""
        self.chunks = 0

    def add(self, chunk: Mapping[str, Any]) -> None:
        self.id = self.id or str(chunk.get("id") or "")
        self.model = self.model or str(chunk.get("model") or "")
        for choice in chunk.get("choices") or ():
            self.chunks += 1
            delta = choice.get("delta") or {}
            if (
                choice.get("index", 0)
                or choice.get("logprobs")
                or any(v for k, v in delta.items() if k not in _PLAIN)
            ):
                self.plain = False
            if isinstance(delta.get("content"), str):
                self.parts.append(delta["content"])
            if choice.get("finish_reason"):
                self.finish_reason = choice["finish_reason"]

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def body(self, usage: Usage) -> dict[str, Any]:
        return completion_body(
            model=self.model,
            content=self.text,
            finish_reason=self.finish_reason,
            usage=usage,
            completion_id=self.id or None,
        )


async def aiter_list(items: list[dict[str, Any]]) -> AsyncIterator[dict[str, Any]]:
    for item in items:
        yield item


async def prepend(
    first: dict[str, Any], rest: AsyncIterator[dict[str, Any]]
) -> AsyncIterator[dict[str, Any]]:
    try:
        yield first
        async for item in rest:
            yield item
    finally:
        aclose = getattr(rest, "aclose", None)
        if aclose is not None:
            await aclose()
