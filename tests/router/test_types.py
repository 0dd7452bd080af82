"""Request validation: clear 400/422 errors, and what is forwarded and cached."""

from __future__ import annotations

import pytest

from router.errors import InvalidRequest, UnprocessableRequest
from router.types import ChatRequest, Completion, Usage, parse_request


@pytest.mark.parametrize(
    ("body", "error", "fragment"),
    [
        (b"{bad", InvalidRequest, "not valid JSON"),
        (b"", InvalidRequest, "not valid JSON"),
        (b"[1, 2]", InvalidRequest, "JSON object"),
        (b'{"messages": []}', UnprocessableRequest, "messages"),
        (b'{"model": "auto"}', UnprocessableRequest, "messages"),
        (b'{"messages": "hi"}', UnprocessableRequest, "messages"),
        (b'{"messages": [{"role": "wizard", "content": "x"}]}', UnprocessableRequest, "role"),
        (b'{"messages": [{"role": "user", "content": 5}]}', UnprocessableRequest, "content"),
        (
            b'{"messages": [{"role": "user", "content": "x"}], "temperature": "hot"}',
            UnprocessableRequest,
            "temperature",
        ),
        (
            b'{"messages": [{"role": "user", "content": "x"}], "temperature": 9}',
            UnprocessableRequest,
            "temperature",
        ),
        (
            b'{"messages": [{"role": "user", "content": "x"}], "max_tokens": 0}',
            UnprocessableRequest,
            "max_tokens",
        ),
        (b'{"messages": [{"role": "user", "content": "x"}], "n": 0}', UnprocessableRequest, "n"),
        (
            b'{"messages": [{"role": "user", "content": "x"}], "stream": "yes"}',
            UnprocessableRequest,
            "stream",
        ),
    ],
)
def test_bad_bodies_are_rejected_clearly(body: bytes, error: type[Exception], fragment: str) -> None:
    """Invalid JSON is a 400; well-formed JSON with wrong fields is a 422 naming the field."""
    with pytest.raises(error) as info:
        parse_request(body)
    exc = info.value
    assert fragment in exc.message  # type: ignore[attr-defined]
    assert exc.status in (400, 422)  # type: ignore[attr-defined]


def test_error_messages_never_echo_input() -> None:
    """A validation error does not repeat the offending value (it could be a prompt or a key)."""
    with pytest.raises(UnprocessableRequest) as info:
        parse_request(b'{"messages": [{"role": "user", "content": "x"}], "temperature": "sk-secret-value"}')
    assert "sk-secret-value" not in info.value.message


def test_text_parts_and_prompt_text() -> None:
    """The difficulty text is the last user message; list content joins its text parts."""
    req = parse_request(
        {
            "messages": [
                {"role": "system", "content": "be brief"},
                {
                    "role": "user",
                    "content": [{"type": "text", "text": "first"}, {"type": "text", "text": "part"}],
                },
                {"role": "assistant", "content": "ok"},
            ]
        }
    )
    assert req.prompt_text() == "first\npart"


@pytest.mark.parametrize(
    ("params", "deterministic"),
    [({}, False), ({"temperature": 0}, True), ({"temperature": 0.7}, False), ({"seed": 3}, True)],
)
def test_deterministic_requests(params: dict[str, object], deterministic: bool) -> None:
    """Temperature 0 or a seed makes a request deterministic (cacheable by default)."""
    req = ChatRequest.model_validate({"messages": [{"role": "user", "content": "x"}], **params})
    assert req.deterministic is deterministic


def test_upstream_body_drops_url_fields_and_sets_model() -> None:
    """Clients cannot pick the upstream: api_base/base_url never reach it; unknown OpenAI fields do."""
    req = parse_request(
        {
            "model": "auto",
            "messages": [{"role": "user", "content": "x"}],
            "api_base": "http://evil",
            "base_url": "http://evil",
            "logit_bias": {"1": 2},
        }
    )
    body = req.upstream_body("gpt-x")
    assert body["model"] == "gpt-x"
    assert "api_base" not in body and "base_url" not in body
    assert body["logit_bias"] == {"1": 2}
    assert "api_base" not in req.output_params()


def test_output_params_track_what_changes_answers() -> None:
    """Sampling fields count for the cache key; model, stream and user do not."""
    req = parse_request(
        {
            "messages": [{"role": "user", "content": "x"}],
            "temperature": 0,
            "stream": True,
            "user": "u1",
            "stop": ["\n"],
        }
    )
    assert req.output_params() == {"temperature": 0.0, "stop": ["\n"]}


def test_completion_text_and_usage() -> None:
    """Completion.text is the first choice's content; usage totals add up."""
    usage = Usage(3, 4)
    c = Completion({"choices": [{"message": {"content": "hi"}}]}, "local", "m", usage)
    assert c.text == "hi"
    assert usage.to_dict() == {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}
    assert Usage.from_dict(None) == Usage()
