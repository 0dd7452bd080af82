"""Existing OpenAI SDK code routed with one line: router.wrap(client) and router.httpx_client()."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

import httpx
import openai
import pytest

from router import Router
from tests.conftest import Relay

EASY = "What is the capital of France?"
HARD = "Prove step by step that the derivative of x^3 + 2*x equals 3*x^2 + 2, then implement it in Python."


@pytest.fixture
def router(make_router: Callable[..., Router]) -> Router:
    from router.config import ClassifierSettings
    from router.difficulty import load_difficulty

    clf = load_difficulty(ClassifierSettings())
    threshold = (clf.classify(EASY) + clf.classify(HARD)) / 2
    return make_router(policy={"threshold": threshold}, local={"n_threads": 1, "max_tokens": 8})


def test_wrapped_sync_client_routes_in_process_and_remote(router: Router, recording_remote: Relay) -> None:
    """Easy requests are answered in process; hard ones go to the client's own URL with its own key."""
    client = openai.OpenAI(base_url=recording_remote.base_url, api_key="sk-callers-own-key", max_retries=0)
    wrapped = router.wrap(client)
    raw = wrapped.chat.completions.with_raw_response.create(
        model="remote", messages=[{"role": "user", "content": EASY}], max_tokens=8
    )
    assert raw.headers["x-router-route"] == "local" and raw.parse().choices[0].message.content
    assert recording_remote.received() == b""
    hard = wrapped.chat.completions.create(
        model="remote", messages=[{"role": "user", "content": HARD}], max_tokens=8
    )
    assert hard.choices[0].message.content
    sent = recording_remote.received()
    assert b"Bearer sk-callers-own-key" in sent
    assert b'"model":"remote"' in sent.replace(b" ", b"")
    models = wrapped.models.list()  # not a chat completion: passed through untouched
    assert [m.id for m in models.data] == ["remote"]


def test_wrapped_client_streams(router: Router, recording_remote: Relay) -> None:
    """Streaming through a wrapped client works for local and remote answers."""
    wrapped = router.wrap(openai.OpenAI(base_url=recording_remote.base_url, api_key="k", max_retries=0))
    for prompt in (EASY, HARD):
        stream = wrapped.chat.completions.create(
            model="remote", messages=[{"role": "user", "content": prompt}], max_tokens=8, stream=True
        )
        text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
        assert text.strip()


def test_wrapped_async_client(router: Router, recording_remote: Relay) -> None:
    """AsyncOpenAI is wrapped the same way."""

    async def run() -> tuple[str, str]:
        client = router.wrap(
            openai.AsyncOpenAI(base_url=recording_remote.base_url, api_key="k", max_retries=0)
        )
        easy = await client.chat.completions.with_raw_response.create(
            model="remote", messages=[{"role": "user", "content": EASY}], max_tokens=8
        )
        hard = await client.chat.completions.with_raw_response.create(
            model="remote", messages=[{"role": "user", "content": HARD}], max_tokens=8
        )
        return easy.headers["x-router-route"], hard.headers["x-router-route"]

    assert asyncio.run(run()) == ("local", "remote")


def test_sensitive_request_through_wrapped_client_stays_local(
    router: Router, recording_remote: Relay
) -> None:
    """The privacy rule holds for wrapped clients: an e-mail never reaches the client's endpoint."""
    wrapped = router.wrap(openai.OpenAI(base_url=recording_remote.base_url, api_key="k", max_retries=0))
    raw = wrapped.chat.completions.with_raw_response.create(
        model="remote",
        messages=[{"role": "user", "content": HARD + " Send to ann@example.net"}],
        max_tokens=8,
    )
    assert raw.headers["x-router-route"] == "local"
    assert recording_remote.received() == b""


def test_plain_httpx_client(router: Router, recording_remote: Relay) -> None:
    """router.httpx_client() routes raw httpx calls too, and errors come back as OpenAI bodies."""
    client = router.httpx_client(base_url=recording_remote.base_url)
    r = client.post(
        "chat/completions", json={"model": "auto", "messages": [{"role": "user", "content": EASY}]}
    )
    assert r.status_code == 200 and r.headers["x-router-route"] == "local"
    r = client.post("chat/completions", content=b"{bad", headers={"content-type": "application/json"})
    assert r.status_code == 400 and json.loads(r.content)["error"]["code"] == "invalid_json"
    assert isinstance(client, httpx.Client)
    client.close()
