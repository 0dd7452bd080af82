"""Redaction at the engine's edge: the request that may leave the machine, and the answer put back."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from classifiers.types import Labels
from policies.decision import Decision
from policies.redaction import Redaction, Restorer, redact
from router.types import ChatRequest

__all__ = ["redacted_request", "restore_body", "restore_stream"]


def redacted_request(
    request: ChatRequest, labels: Labels, decision: Decision
) -> tuple[Redaction, ChatRequest]:
    """The request with every sensitive finding replaced by a placeholder, and the mapping back."""
    kinds = set(decision.sensitive_types)
    findings = [f for f in labels.findings if f.type in kinds]
    texts = [m.text() for m in request.messages]
    redaction = redact(texts, findings)
    touched = {f.message for f in findings}
    messages = [
        m.model_copy(update={"content": redaction.texts[i]}) if i in touched else m
        for i, m in enumerate(request.messages)
    ]
    return redaction, request.model_copy(update={"messages": messages})


def restore_body(body: Mapping[str, Any], redaction: Redaction) -> dict[str, Any]:
    restored = dict(body)
    choices = []
    for choice in body.get("choices") or ():
        message = dict(choice.get("message") or {})
        if isinstance(message.get("content"), str):
            message["content"] = redaction.restore(message["content"])
        choices.append({**choice, "message": message})
    restored["choices"] = choices
    return restored


async def restore_stream(
    chunks: AsyncIterator[dict[str, Any]], restorer: Restorer
) -> AsyncIterator[dict[str, Any]]:
    """Restore placeholders across chunk boundaries; held-back text is released with the finish."""
    last: dict[str, Any] | None = None
    try:
        async for chunk in chunks:
            choices = chunk.get("choices") or ()
            if choices:
                last = chunk
                out = []
                for choice in choices:
                    delta = dict(choice.get("delta") or {})
                    text = restorer.feed(delta["content"]) if isinstance(delta.get("content"), str) else ""
                    if choice.get("finish_reason"):
                        text += restorer.flush()
                    if "content" in delta or text:
                        delta["content"] = text
                    out.append({**choice, "delta": delta})
                chunk = {**chunk, "choices": out}
            yield chunk
        rest = restorer.flush()
        if rest and last is not None:
            choice = {"index": 0, "delta": {"content": rest}, "finish_reason": None}
            yield {**last, "choices": [choice]}
    finally:
        aclose = getattr(chunks, "aclose", None)
        if aclose is not None:
            await aclose()
