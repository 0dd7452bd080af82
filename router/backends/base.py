"""The backend seam: one object per model endpoint, with ``complete`` and ``stream``."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Mapping
from typing import Any, Protocol, runtime_checkable

from router.types import ChatRequest, Completion, Usage

__all__ = ["Backend", "chunk_usage", "completion_body", "new_completion_id", "usage_chunk"]


@runtime_checkable
class Backend(Protocol):
    """A model that answers chat requests.

    ``stream`` yields OpenAI ``chat.completion.chunk`` dicts as they are produced and ends with one
    chunk that has empty ``choices`` and the ``usage`` of the whole call (OpenAI's ``include_usage``
    form); the router decides whether the client sees that last chunk.
    """

    name: str

    @property
    def available(self) -> bool: ...

    async def complete(self, request: ChatRequest) -> Completion: ...

    def stream(self, request: ChatRequest) -> AsyncIterator[dict[str, Any]]: ...

    async def aclose(self) -> None: ...


def new_completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


def completion_body(
    *, model: str, content: str, finish_reason: str | None, usage: Usage, completion_id: str | None = None
) -> dict[str, Any]:
    """An OpenAI ``chat.completion`` body with one assistant choice."""
    return {
        "id": completion_id or new_completion_id(),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": finish_reason,
                "logprobs": None,
            }
        ],
        "usage": usage.to_dict(),
    }


def usage_chunk(completion_id: str, model: str, usage: Usage) -> dict[str, Any]:
    """The final usage-only chunk of a stream."""
    return {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [],
        "usage": usage.to_dict(),
    }


def chunk_usage(chunk: Mapping[str, Any]) -> Usage | None:
    """The usage a chunk carries, if any."""
    usage = chunk.get("usage")
    return Usage.from_dict(usage) if isinstance(usage, Mapping) else None
