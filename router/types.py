"""Core values of the engine: the validated chat request and the completion it produced."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from policies.decision import Decision
from router.errors import InvalidRequest, UnprocessableRequest

__all__ = ["ChatRequest", "Completion", "Message", "Usage", "parse_request"]

# Fields that never reach an upstream: routing controls of ours, or attempts to pick the upstream URL.
_NOT_FORWARDED = frozenset({"api_base", "base_url", "api_key", "api_version", "custom_llm_provider"})
_SURROGATE = re.compile("[\ud800-\udfff]")
_NOT_OUTPUT_AFFECTING = frozenset({"model", "messages", "stream", "stream_options", "user", "metadata"})


class Message(BaseModel):
    """One chat message; extra fields (tool calls, names) are kept and forwarded."""

    model_config = ConfigDict(extra="allow", frozen=True)

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[dict[str, Any]] | None = None
    name: str | None = None

    @field_validator("content")
    @classmethod
    def _no_lone_surrogates(cls, value: str | list[dict[str, Any]] | None) -> Any:
        """Lone surrogates (possible from Python callers) cannot be encoded; they become U+FFFD."""
        if isinstance(value, str) and _SURROGATE.search(value):
            return _SURROGATE.sub("\ufffd", value)
        return value

    def text(self) -> str:
        """The message's text: the string content, or its text parts joined by newlines."""
        if self.content is None:
            return ""
        if isinstance(self.content, str):
            return self.content
        return "\n".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")


class ChatRequest(BaseModel):
    """A validated OpenAI chat-completions request. Unknown fields are kept and forwarded remotely."""

    model_config = ConfigDict(extra="allow", frozen=True)

    model: str = Field("auto", min_length=1, max_length=256)
    messages: list[Message] = Field(min_length=1)
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    temperature: float | None = Field(None, ge=0.0, le=2.0)
    top_p: float | None = Field(None, ge=0.0, le=1.0)
    max_tokens: int | None = Field(None, ge=1, le=1_000_000)
    max_completion_tokens: int | None = Field(None, ge=1, le=1_000_000)
    n: int | None = Field(None, ge=1, le=128)
    stop: str | list[str] | None = None
    seed: int | None = None
    presence_penalty: float | None = Field(None, ge=-2.0, le=2.0)
    frequency_penalty: float | None = Field(None, ge=-2.0, le=2.0)
    user: str | None = None

    @property
    def deterministic(self) -> bool:
        """Whether the same request should give the same answer (temperature 0 or a seed)."""
        return self.temperature == 0 or self.seed is not None

    @property
    def completion_cap(self) -> int | None:
        """The requested completion token limit, whichever field named it."""
        return self.max_completion_tokens or self.max_tokens

    def prompt_text(self) -> str:
        """The text the difficulty classifier scores: the last user message."""
        for message in reversed(self.messages):
            if message.role == "user":
                return message.text()
        return self.messages[-1].text()

    def output_params(self) -> dict[str, Any]:
        """Every set field that can change the answer (for cache keys and backends)."""
        data = self.model_dump(exclude_none=True)
        return {k: v for k, v in data.items() if k not in _NOT_OUTPUT_AFFECTING and k not in _NOT_FORWARDED}

    def upstream_body(self, model: str) -> dict[str, Any]:
        """The JSON body for an OpenAI-compatible upstream, with ``model`` replaced."""
        data = self.model_dump(exclude_none=True)
        for key in _NOT_FORWARDED:
            data.pop(key, None)
        data["model"] = model
        return data


def parse_request(raw: bytes | str | Mapping[str, Any]) -> ChatRequest:
    """Validate a request body; invalid JSON is a 400, a well-formed body with wrong fields a 422."""
    try:
        if isinstance(raw, bytes | str):
            return ChatRequest.model_validate_json(raw, strict=True)
        return ChatRequest.model_validate(raw, strict=True)
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        if any(e["type"] == "json_invalid" for e in errors):
            raise InvalidRequest("request body is not valid JSON", code="invalid_json") from None
        if any(e["type"] in ("model_type", "dict_type") and not e["loc"] for e in errors):
            raise InvalidRequest("request body must be a JSON object", code="invalid_json") from None
        first = errors[0]
        where = ".".join(str(p) for p in first["loc"]) or "body"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise UnprocessableRequest(
            f"invalid field '{where}': {first['msg']}{more}", code="invalid_field", param=where
        ) from None


@dataclass(frozen=True, slots=True)
class Usage:
    """Token counts, as OpenAI reports them."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def to_dict(self) -> dict[str, int]:
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "total_tokens": self.total_tokens,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Usage:
        if not data:
            return cls()
        return cls(int(data.get("prompt_tokens") or 0), int(data.get("completion_tokens") or 0))


@dataclass(frozen=True)
class Completion:
    """An OpenAI-shaped ``chat.completion`` body, with what routing it cost.

    Backends fill ``body``, ``backend``, ``model``, ``usage`` and ``latency_ms``; the router adds the
    request id, decision, cache flag and costs.
    """

    body: Mapping[str, Any]
    backend: str
    model: str
    usage: Usage = field(default_factory=Usage)
    latency_ms: float = 0.0
    request_id: str = ""
    decision: Decision | None = None
    reason: str = ""  # the decision's reason, plus any fallback that changed the route
    cache_hit: bool = False
    cost_usd: float = 0.0
    remote_cost_usd: float = 0.0
    degraded: bool = False
    confidence: float | None = None  # local answers scored for a cascade: geometric-mean token probability
    escalated: bool = False  # cascade: the local answer was replaced by a remote one

    @property
    def text(self) -> str:
        """The first choice's message content."""
        choices = self.body.get("choices") or [{}]
        return str((choices[0].get("message") or {}).get("content") or "")
