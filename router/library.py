"""The public ``Router``: build the engine from configuration, and use it from sync or async code,
streaming or not, or around an existing OpenAI client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import redis.asyncio as aioredis

from classifiers.memo import Memoized
from classifiers.sensitivity import SensitivityDetector
from classifiers.types import Classifier
from policies.cascade import CascadePolicy
from policies.decision import Decision, Policy
from policies.threshold import OnSensitive, ThresholdPolicy
from router.backends.local import LocalBackend
from router.backends.remote import RemoteBackend, RetryPolicy, make_upstream
from router.budget import Budget, BudgetStore, Limit, MemoryBudgetStore, RedisBudgetStore
from router.cache import make_cache
from router.config import Settings, load_settings
from router.core import Engine
from router.difficulty import load_difficulty
from router.ledger import Ledger, MemoryLedger, SQLiteLedger
from router.ledger_redis import RedisLedgerMirror
from router.logs import make_logger
from router.portal import Portal
from router.streaming import RoutedStream
from router.types import ChatRequest, Completion, parse_request

__all__ = ["Router", "SyncStream"]

Messages = Sequence[Mapping[str, Any]] | str
T = TypeVar("T")


def build_mirror(settings: Settings, log: Any) -> RedisLedgerMirror | None:
    """Ledger aggregates in Redis when one is configured, so reports cover every replica."""
    url = settings.report_redis_url()
    if not url or not settings.ledger.enabled:
        return None
    timeout = settings.cache.timeout_ms / 1000 * 4
    client = aioredis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
    return RedisLedgerMirror(
        client,
        settings.cache.prefix,
        on_error=lambda exc: log.warning("ledger_mirror_error", error=type(exc).__name__),
    )


def build_budget(settings: Settings, log: Any) -> Budget | None:
    """The configured spend limits, counted in Redis when one is configured (shared by replicas)."""
    limits = [
        Limit("global", period, usd)
        for period, usd in (("daily", settings.budget.daily_usd), ("monthly", settings.budget.monthly_usd))
        if usd is not None
    ]
    for name, tenant in settings.server.tenants.items():
        for period, usd in (("daily", tenant.daily_usd), ("monthly", tenant.monthly_usd)):
            if usd is not None:
                limits.append(Limit(f"tenant:{name}", period, usd))
    if not limits:
        return None
    url = settings.budget.url or settings.cache.url
    store: BudgetStore = MemoryBudgetStore()
    if url:
        timeout = settings.cache.timeout_ms / 1000 * 4
        client = aioredis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        store = RedisBudgetStore(client, prefix=settings.cache.prefix)
    return Budget(
        store, limits, on_error=lambda exc: log.warning("budget_store_error", error=type(exc).__name__)
    )


def _memoized(classifier: Classifier[T], size: int) -> Classifier[T]:
    """``classifier`` remembering its answers for ``size`` recent texts (as it is when ``size`` is 0)."""
    return Memoized(classifier, size) if size > 0 else classifier


def retry_policy(settings: Settings) -> RetryPolicy:
    r = settings.remote
    return RetryPolicy(r.max_retries, r.retry_backoff_s, r.max_retry_wait_s, r.timeout_s)


def build_policies(settings: Settings) -> tuple[Policy, dict[str, Policy]]:
    """The deployment's policy and each named tenant's (its overrides on top of the deployment's)."""
    base = settings.policy

    def make(threshold: float, on_sensitive: OnSensitive, types: list[str] | None) -> Policy:
        kinds = frozenset(types) if types else None
        if base.name == "cascade":
            return CascadePolicy(base.min_confidence, base.cascade_skip_threshold, on_sensitive, kinds)
        return ThresholdPolicy(threshold, on_sensitive, kinds)

    default = make(base.threshold, base.on_sensitive, base.sensitive_types)
    tenants = {
        name: make(
            t.threshold if t.threshold is not None else base.threshold,
            t.on_sensitive or base.on_sensitive,
            t.sensitive_types if t.sensitive_types is not None else base.sensitive_types,
        )
        for name, t in settings.server.tenants.items()
    }
    return default, tenants


def _request(messages: Messages, params: Mapping[str, Any]) -> ChatRequest:
    if isinstance(messages, str):
        messages = [{"role": "user", "content": messages}]
    return parse_request({"model": "auto", **params, "messages": list(messages)})


class Router:
    """Routes chat requests between the local and the remote model.

    Async methods run on the loop the router is bound to (the proxy's), or on a private loop
    thread otherwise, so connection pools never straddle event loops.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.settings = engine.settings
        self._portal = Portal()
        self._bound: asyncio.AbstractEventLoop | None = None
        self._transports: list[Any] = []
        self._closed = False

    @classmethod
    def from_config(
        cls,
        config: str | Path | None = None,
        *,
        settings: Settings | None = None,
        ledger: Ledger | None = None,
        logger: Any = None,
        **overrides: Any,
    ) -> Router:
        """A router from a YAML file, the environment and keyword overrides (nested dicts per section),
        e.g. ``Router.from_config(remote={"base_url": "http://127.0.0.1:8081/v1"})``."""
        settings = settings or load_settings(config, overrides)
        upstream = make_upstream(settings.remote) if settings.remote.base_url else None
        log = logger if logger is not None else make_logger(settings.log)
        if ledger is None:
            ledger = SQLiteLedger(settings.ledger_path()) if settings.ledger.enabled else MemoryLedger()
        cache = (
            make_cache(
                settings.cache,
                on_error=lambda op, exc: log.warning("cache_error", op=op, error=type(exc).__name__),
            )
            if settings.cache.enabled
            else None
        )
        policy, tenant_policies = build_policies(settings)
        engine = Engine(
            settings=settings,
            local=LocalBackend(settings.local),
            remote=RemoteBackend(
                upstream,
                model=settings.remote.model,
                name=settings.remote.name,
                retry=retry_policy(settings),
            ),
            difficulty=_memoized(load_difficulty(settings.classifier), settings.classifier.memo_size),
            sensitivity=_memoized(SensitivityDetector(), settings.classifier.memo_size),
            policy=policy,
            cache=cache,
            ledger=ledger,
            logger=log,
            tenant_policies=tenant_policies,
            budget=build_budget(settings, log),
            mirror=build_mirror(settings, log),
        )
        return cls(engine)

    # -- where async work runs ---------------------------------------------------------------------

    def bind(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        """Run async work on ``loop`` (the proxy binds its own loop at start-up)."""
        self._bound = loop or asyncio.get_running_loop()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self._bound or self._portal.loop

    def _on_home_loop(self) -> bool:
        try:
            return asyncio.get_running_loop() is self.loop
        except RuntimeError:
            return False

    # -- decisions ---------------------------------------------------------------------------------

    def route(self, messages: Messages, **params: Any) -> Decision:
        """The routing decision alone: no model is called, nothing is recorded."""
        request = _request(messages, params)
        return self.engine.decide(request, self.engine.requested(request.model))

    # -- answers -----------------------------------------------------------------------------------

    async def _run(self, coro: Coroutine[Any, Any, T]) -> T:
        if self._on_home_loop():
            return await coro
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self.loop))

    def _call(self, coro: Coroutine[Any, Any, T]) -> T:
        loop = self.loop
        if self._on_home_loop() or loop.is_closed():
            coro.close()
            raise RuntimeError("blocking call on the router's own (or a closed) event loop")
        return asyncio.run_coroutine_threadsafe(coro, loop).result()

    async def achat(self, messages: Messages, **params: Any) -> Completion | RoutedStream:
        """Answer a chat; with ``stream=True`` a ``RoutedStream`` (async iterator of OpenAI chunks)."""
        return await self.ahandle(_request(messages, params))

    async def ahandle(
        self, request: ChatRequest, *, tenant: str = "library", any_model_is_remote: bool = False
    ) -> Completion | RoutedStream:
        """Run a validated request through the engine, on the router's home loop."""
        if not request.stream:
            return await self._run(
                self.engine.complete(request, tenant=tenant, any_model_is_remote=any_model_is_remote)
            )
        routed = await self._run(
            self.engine.stream(request, tenant=tenant, any_model_is_remote=any_model_is_remote)
        )
        if self._on_home_loop():
            return routed
        return replace(routed, chunks=_aiterate(self.loop, routed.chunks))

    def chat(self, messages: Messages, **params: Any) -> Completion | SyncStream:
        """Blocking ``achat``; with ``stream=True`` a blocking iterator of OpenAI chunks."""
        return self.handle(_request(messages, params))

    def handle(
        self, request: ChatRequest, *, tenant: str = "library", any_model_is_remote: bool = False
    ) -> Completion | SyncStream:
        """Blocking ``ahandle`` (from a thread other than the router's loop)."""
        if not request.stream:
            return self._call(
                self.engine.complete(request, tenant=tenant, any_model_is_remote=any_model_is_remote)
            )
        routed = self._call(
            self.engine.stream(request, tenant=tenant, any_model_is_remote=any_model_is_remote)
        )
        return SyncStream(routed, _iterate(self.loop, routed.chunks))

    async def afeedback(self, request_id: str, score: float) -> None:
        """Attach a quality score to a logged decision (tuning can learn from it)."""
        await self._run(self.engine.feedback(request_id, score))

    def feedback(self, request_id: str, score: float) -> None:
        """Blocking ``afeedback``."""
        self._call(self.engine.feedback(request_id, score))

    # -- existing OpenAI code ----------------------------------------------------------------------

    def httpx_client(self, *, http: Any = None, asynchronous: bool = False, **client_kwargs: Any) -> Any:
        """An ``httpx`` (or ``httpx2``, pass the module as ``http``) client whose chat-completion
        requests are routed; other requests pass through. Remote calls keep the request's own URL
        and credentials."""
        from router.transport import make_http_client

        client = make_http_client(self, http=http, asynchronous=asynchronous, **client_kwargs)
        self._transports.append(client)
        return client

    def wrap(self, client: Any) -> Any:
        """A copy of an OpenAI SDK client (sync or async) whose chat completions are routed."""
        from router.transport import wrap_openai_client

        return wrap_openai_client(self, client)

    # -- lifecycle ---------------------------------------------------------------------------------

    async def _aclose_here(self) -> None:
        from router.transport import close_remotes

        if self._closed:
            return
        self._closed = True
        await close_remotes(self)
        await self.engine.aclose()

    async def aclose(self) -> None:
        """Close connection pools, the cache client and the model worker; flush the ledger."""
        if not self._closed:
            await self._run(self._aclose_here())

    def close(self) -> None:
        """Blocking ``aclose``."""
        if not self._closed:
            self._call(self._aclose_here())
        self._portal.close()

    def __enter__(self) -> Router:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SyncStream:
    """The answer to a streaming request, for blocking code: routing facts, then chunks."""

    def __init__(self, routed: RoutedStream, chunks: Iterator[dict[str, Any]]) -> None:
        self.request_id = routed.request_id
        self.decision = routed.decision
        self.backend = routed.backend
        self.model = routed.model
        self.reason = routed.reason
        self.cache_hit = routed.cache_hit
        self.degraded = routed.degraded
        self._chunks = chunks

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return self._chunks

    def close(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()


async def _anext(agen: AsyncIterator[T]) -> T:
    return await agen.__anext__()


async def _aiterate(loop: asyncio.AbstractEventLoop, agen: AsyncIterator[T]) -> AsyncIterator[T]:
    """Iterate, from the caller's loop, an async iterator that lives on ``loop``."""
    try:
        while True:
            try:
                yield await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(_anext(agen), loop))
            except StopAsyncIteration:
                return
    finally:
        aclose = getattr(agen, "aclose", None)
        if aclose is not None:
            await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(aclose(), loop))


def _iterate(loop: asyncio.AbstractEventLoop, agen: AsyncIterator[T]) -> Iterator[T]:
    """Iterate, blocking, an async iterator that lives on ``loop``."""
    try:
        while True:
            try:
                yield asyncio.run_coroutine_threadsafe(_anext(agen), loop).result()
            except StopAsyncIteration:
                return
    finally:
        aclose = getattr(agen, "aclose", None)
        if aclose is not None:
            asyncio.run_coroutine_threadsafe(aclose(), loop).result()
