"""The engine: one async path that classifies, decides, looks up the cache, calls a backend (with
fallback), and records the decision. The proxy, the library and the httpx transport all run it."""

from __future__ import annotations

import asyncio
import copy
import math
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import replace
from typing import Any

from classifiers.types import Classifier, Finding, Labels
from policies.decision import Decision, Policy, Requested, RouteContext
from policies.redaction import Restorer
from router.backends.base import Backend, chunk_usage
from router.budget import Budget, Reservation
from router.cache import Cache, ResponseCache
from router.calls import Call, Prices, log_fields, make_record
from router.config import Settings
from router.errors import (
    BackendError,
    BudgetExhausted,
    ContentBlocked,
    ContextLengthExceeded,
    InvalidRequest,
    NotFound,
    RateLimited,
    RouterError,
)
from router.ledger import Ledger, LedgerRecord
from router.ledger_redis import RedisLedgerMirror
from router.metrics import Metrics
from router.redacting import redacted_request, restore_body, restore_stream
from router.streaming import ChunkAssembler, RoutedStream, aiter_list, prepend, replay_chunks, replayable
from router.types import ChatRequest, Completion, Usage

__all__ = ["Engine", "Prices"]

# Errors after which another backend may answer instead.
_FALLBACK_ERRORS = (BackendError, RateLimited, ContextLengthExceeded)


class Engine:
    """Classify → decide → cache → backend (→ fallback) → ledger. All I/O parts are given to it."""

    def __init__(
        self,
        *,
        settings: Settings,
        local: Backend,
        remote: Backend,
        difficulty: Classifier[float],
        sensitivity: Classifier[tuple[Finding, ...]],
        policy: Policy,
        cache: Cache | None,
        ledger: Ledger,
        logger: Any,
        tenant_policies: Mapping[str, Policy] | None = None,
        budget: Budget | None = None,
        mirror: RedisLedgerMirror | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.local = local
        self.remote = remote
        self.difficulty = difficulty
        self.sensitivity = sensitivity
        self.policy = policy
        self.tenant_policies = dict(tenant_policies or {})
        self.budget = budget
        self.mirror = mirror
        self._pace: dict[str, tuple[float | None, float]] = {}
        self.cache = cache
        self.responses = ResponseCache(cache, settings.cache)
        self.ledger = ledger
        self.log = logger
        self.metrics = Metrics()
        self._clock = clock
        self._prices = {
            local.name: Prices(settings.local.input_usd_per_mtok, settings.local.output_usd_per_mtok),
            remote.name: Prices(settings.remote.input_usd_per_mtok, settings.remote.output_usd_per_mtok),
        }
        self._remote_prices = self._prices[remote.name]
        local_names = {settings.local.name, "local", *settings.local.aliases}
        remote_names = {settings.remote.name, "remote", settings.remote.model, *settings.remote.aliases}
        self._model_names: dict[str, Requested] = {"auto": "auto"}
        self._model_names.update({n: "remote" for n in remote_names})
        self._model_names.update({n: "local" for n in local_names})

    def with_remote(self, remote: Backend) -> Engine:
        """An engine sharing everything with this one but the remote backend (wrapped clients)."""
        twin = copy.copy(self)
        twin.remote = remote
        return twin

    # -- decision -------------------------------------------------------------------------------

    def requested(self, model: str, *, any_model_is_remote: bool = False) -> Requested:
        """What a request's ``model`` asks for; unknown names are a 404.

        For a wrapped client (``any_model_is_remote``) the model name is the caller's own remote model:
        only a local name forces local, every other name is routed.
        """
        found = self._model_names.get(model)
        if any_model_is_remote:
            return "local" if found == "local" else "auto"
        if found is not None:
            return found
        raise NotFound(
            f"unknown model '{model[:100]}'; use 'auto', 'local' or 'remote'", code="model_not_found"
        )

    def classify(self, request: ChatRequest) -> Labels:
        """Difficulty of the last user message; sensitive findings in every message."""
        findings: list[Finding] = []
        for index, message in enumerate(request.messages):
            text = message.text()
            if text:
                findings.extend(replace(f, message=index) for f in self.sensitivity.classify(text))
        return Labels(self.difficulty.classify(request.prompt_text()), tuple(findings))

    def decide(self, request: ChatRequest, requested: Requested, tenant: str = "library") -> Decision:
        """The decision alone (no I/O), under the tenant's policy."""
        return self._decide(request, requested, tenant)[1]

    def _decide(self, request: ChatRequest, requested: Requested, tenant: str) -> tuple[Labels, Decision]:
        labels = self.classify(request)
        context = RouteContext(
            requested, self.remote.available, self.local.available, self._local_unsupported(request)
        )
        policy = self.policy_for(tenant)
        ahead = self._pace.get(tenant, (None, 0.0))[0]
        with_threshold = getattr(policy, "with_threshold", None)
        if ahead is not None and with_threshold is not None:
            # spend running ahead of the period: raise the threshold (fewer remote calls); behind: lower it
            base = float(getattr(policy, "threshold", 0.5))
            policy = with_threshold(min(1.0, max(0.0, base + self.settings.budget.track_gain * ahead)))
        return labels, policy.decide(labels, context)

    def _local_unsupported(self, request: ChatRequest) -> tuple[str, ...]:
        """What ``request`` needs that the local backend cannot give (``LocalBackend.unsupported``)."""
        unsupported = getattr(self.local, "unsupported", None)
        return unsupported(request) if unsupported is not None else ()

    def policy_for(self, tenant: str) -> Policy:
        return self.tenant_policies.get(tenant, self.policy)

    async def _refresh_pace(self, tenant: str) -> None:
        """How far spend runs ahead of time, re-read at most once a second per tenant."""
        assert self.budget is not None
        _, at = self._pace.get(tenant, (None, 0.0))
        now = time.monotonic()
        if now - at >= 1.0:
            self._pace[tenant] = (await self.budget.pace(tenant), now)

    # -- the request path ------------------------------------------------------------------------

    async def _start(self, request: ChatRequest, tenant: str, any_model_is_remote: bool) -> Call:
        started = time.perf_counter()
        requested = self.requested(request.model, any_model_is_remote=any_model_is_remote)
        if self.budget is not None and self.settings.budget.mode == "track":
            await self._refresh_pace(tenant)
        labels, decision = self._decide(request, requested, tenant)
        redaction, remote_request = None, request
        if decision.redact:
            redaction, remote_request = redacted_request(request, labels, decision)
        call = Call(
            request_id=f"req_{uuid.uuid4().hex}",
            started=started,
            tenant=tenant,
            request=request,
            requested=requested,
            decision=decision,
            backend=self.remote if decision.route == "remote" else self.local,
            redaction=redaction,
            remote_request=remote_request,
            degraded=decision.degraded,
            reason=decision.reason,
        )
        policy = self.policy_for(tenant)
        if getattr(policy, "escalate", None) is not None and decision.reason == "cascade_local_first":
            call.cascade = policy
        if decision.route == "block":
            message = "the request contains sensitive content and the privacy policy blocks it"
            raise self._failed(call, ContentBlocked(message))
        return call

    def _fallback_for(self, call: Call, exc: RouterError) -> Backend | None:
        """The backend to try after ``exc``, or None. Sensitive requests never fall back to remote, nor
        requests to a local model that cannot serve them (its answer would be a 400, or text for tools)."""
        if isinstance(exc, BudgetExhausted):  # on_exhausted=local sends even forced-remote requests local
            local_ok = self.settings.budget.on_exhausted == "local" and self.local.available
            return self.local if local_ok and call.backend is self.remote else None
        if not isinstance(exc, _FALLBACK_ERRORS) or call.requested != "auto" or call.degraded:
            return None
        if call.backend is self.remote and self.local.available and not self._local_unsupported(call.request):
            return self.local
        if call.backend is self.local and self.remote.available and not call.decision.sensitive:
            return self.remote
        return None

    def _switch(self, call: Call, backend: Backend, exc: RouterError) -> None:
        call.backend = backend
        call.degraded = True
        call.reason = f"{call.decision.reason}+{call.backend.name}_fallback:{exc.code or type(exc).__name__}"

    def _cache_key(self, call: Call) -> str | None:
        model = str(getattr(call.backend, "model", call.backend.name))
        return self.responses.key(call.tenant, call.backend.name, model, call.request)

    async def complete(
        self, request: ChatRequest, *, tenant: str = "library", any_model_is_remote: bool = False
    ) -> Completion:
        """Answer a non-streaming request."""
        call = await self._start(request, tenant, any_model_is_remote)
        key = self._cache_key(call)
        cached = await self.responses.get(key)
        if cached is not None:
            call.cache_hit = True
            result = Completion(
                cached, call.backend.name, str(cached.get("model", "")), Usage.from_dict(cached.get("usage"))
            )
        else:
            try:
                result = await self._complete_with_fallback(call)
                result = await self._maybe_escalate(call, result)
            except RouterError as exc:
                self._failed(call, exc)
                raise
            if key is not None and self._cache_key(call) == key:
                await self.responses.set(key, dict(result.body))
        record = self._record(call, result.usage, status="ok")
        return replace(
            result,
            request_id=call.request_id,
            decision=call.decision,
            reason=call.reason,
            cache_hit=call.cache_hit,
            cost_usd=record.cost_usd,
            remote_cost_usd=record.remote_cost_usd,
            degraded=call.degraded,
            latency_ms=record.latency_ms,
            escalated=call.escalated,
        )

    async def _complete_with_fallback(self, call: Call) -> Completion:
        try:
            return await self._complete_on(call, call.backend)
        except RouterError as exc:
            other = self._fallback_for(call, exc)
            if other is None:
                raise
            self._switch(call, other, exc)
            return await self._complete_on(call, other)

    async def _maybe_escalate(self, call: Call, result: Completion) -> Completion:
        """Cascade: replace a local answer below the confidence bar by the remote model's."""
        if call.cascade is None or call.backend is not self.local or call.degraded:
            return result
        call.confidence = result.confidence
        if not call.cascade.escalate(call.decision, result.confidence) or not self.remote.available:
            return result
        call.first_cost = self._prices[self.local.name].cost(result.usage)
        try:
            remote = await self._complete_on(call, self.remote)
        except RouterError as exc:  # the local answer stands, flagged
            call.degraded = True
            call.reason = f"cascade_escalation_failed:{exc.code or type(exc).__name__}"
            return result
        call.backend, call.escalated, call.reason = self.remote, True, "cascade_escalated"
        return remote

    async def _complete_on(self, call: Call, backend: Backend) -> Completion:
        if backend is self.local:
            scored = getattr(backend, "complete_scored", None)
            if call.cascade is not None and scored is not None:
                result: Completion = await scored(call.request)
                return result
            return await backend.complete(call.request)
        request = call.remote_request or call.request
        reservation = await self._reserve(call, request)
        spent = 0.0
        try:
            result = await backend.complete(request)
            spent = self._remote_prices.cost(result.usage)
        finally:
            if reservation is not None:
                await self.budget.settle(reservation, spent)  # type: ignore[union-attr]
        if call.redaction is not None:
            result = replace(result, body=restore_body(result.body, call.redaction))
        return result

    def _stream_on(self, call: Call, backend: Backend) -> AsyncIterator[dict[str, Any]]:
        if backend is self.local:
            return backend.stream(call.request)
        request = call.remote_request or call.request
        chunks = self._budgeted_stream(call, backend, request)
        if call.redaction is not None:
            chunks = restore_stream(chunks, Restorer(call.redaction.originals))
        return chunks

    async def _budgeted_stream(
        self, call: Call, backend: Backend, request: ChatRequest
    ) -> AsyncIterator[dict[str, Any]]:
        reservation = await self._reserve(call, request)
        usage = Usage()
        try:
            async for chunk in backend.stream(request):
                usage = chunk_usage(chunk) or usage
                yield chunk
        finally:
            if reservation is not None:  # shielded: a cancelled stream must still release its hold
                settle = self.budget.settle(reservation, self._remote_prices.cost(usage))  # type: ignore[union-attr]
                await asyncio.shield(settle)

    async def _reserve(self, call: Call, request: ChatRequest) -> Reservation | None:
        """Hold the worst-case cost of a remote call in the tenant's budgets; BudgetExhausted if none left."""
        if self.budget is None or not self.budget.applies(call.tenant):
            return None
        prompt = sum(len(m.text()) for m in request.messages) // 4 + 4 * len(request.messages)
        cap = request.completion_cap or self.settings.budget.completion_estimate_tokens
        reservation = await self.budget.reserve(call.tenant, self._remote_prices.cost(Usage(prompt, cap)))
        if reservation is None:
            raise BudgetExhausted("the remote spend budget is exhausted")
        return reservation

    async def stream(
        self, request: ChatRequest, *, tenant: str = "library", any_model_is_remote: bool = False
    ) -> RoutedStream:
        """Open a streaming answer. Fallback happens only before the first chunk is produced."""
        call = await self._start(request, tenant, any_model_is_remote)
        key = self._cache_key(call)
        cached = await self.responses.get(key)
        if cached is not None and replayable(cached):  # a tool call or n > 1: asked again, not replayed
            call.cache_hit = True
            chunks: AsyncIterator[dict[str, Any]] = aiter_list(replay_chunks(cached))
        elif call.cascade is not None:  # the local answer must be whole before it can be judged
            try:
                local = await self._maybe_escalate(call, await self._complete_with_fallback(call))
                chunks = aiter_list(replay_chunks(local.body))
            except RouterError as exc:
                self._failed(call, exc)
                raise
        else:
            try:
                chunks = await self._open_with_fallback(call)
            except RouterError as exc:
                self._failed(call, exc)
                raise
        return RoutedStream(
            request_id=call.request_id,
            decision=call.decision,
            backend=call.backend.name,
            model=str(getattr(call.backend, "model", call.backend.name)),
            reason=call.reason,
            cache_hit=call.cache_hit,
            degraded=call.degraded,
            chunks=self._relay(call, chunks, None if call.cache_hit else key),
        )

    async def _open_with_fallback(self, call: Call) -> AsyncIterator[dict[str, Any]]:
        gen = self._stream_on(call, call.backend)
        try:
            first = await gen.__anext__()
        except RouterError as exc:
            other = self._fallback_for(call, exc)
            if other is None:
                raise
            self._switch(call, other, exc)
            gen = self._stream_on(call, other)
            first = await gen.__anext__()
        return prepend(first, gen)

    async def _relay(
        self, call: Call, chunks: AsyncIterator[dict[str, Any]], key: str | None
    ) -> AsyncIterator[dict[str, Any]]:
        """Pass chunks on; keep the usage chunk only if the client asked for it; record at the end."""
        options = call.request.stream_options or {}
        include_usage = bool(options.get("include_usage"))
        assembler = ChunkAssembler()
        usage = Usage()
        status, error_code = "cancelled", ""
        try:
            async for chunk in chunks:
                found = chunk_usage(chunk)
                if found is not None:
                    usage = found
                if chunk.get("choices"):
                    assembler.add(chunk)
                    yield chunk
                elif include_usage:
                    yield chunk
            status = "ok"
        except RouterError as exc:
            status, error_code = "partial", exc.code or type(exc).__name__
            raise
        finally:
            # Record first: the awaits below can be interrupted by a client that went away.
            if status != "ok" and usage.completion_tokens == 0:
                usage = Usage(0, assembler.chunks)
            self._record(call, usage, status=status, error_code=error_code)
            aclose = getattr(chunks, "aclose", None)
            if aclose is not None:
                await aclose()
            if status == "ok" and key is not None and assembler.plain:
                await self.responses.set(key, assembler.body(usage))

    async def feedback(self, request_id: str, score: float, *, tenant: str | None = None) -> None:
        """Attach a quality score to a recorded request; NotFound for an unknown id (or another tenant's)."""
        if not math.isfinite(score):
            raise InvalidRequest("score must be a finite number", param="score")
        found = await asyncio.to_thread(self.ledger.feedback, request_id, score, self._clock(), tenant)
        if not found:
            raise NotFound(f"no recorded request with id '{request_id[:80]}'", code="request_not_found")
        self.log.info("feedback", request_id=request_id, score=score)

    # -- the ledger ------------------------------------------------------------------------------

    def _failed(self, call: Call, exc: RouterError) -> RouterError:
        """Record ``call`` as ended by ``exc`` and tag the error with the request id (for its headers)."""
        self._record(call, Usage(), status="error", error_code=exc.code or type(exc).__name__)
        exc.request_id = call.request_id
        return exc

    def _record(self, call: Call, usage: Usage, *, status: str, error_code: str = "") -> LedgerRecord:
        prices = self._prices.get(call.backend.name, self._remote_prices)
        record = make_record(call, usage, prices, self._remote_prices, self._clock(), status, error_code)
        self.ledger.record(record)
        if self.mirror is not None:
            self.mirror.record(record)
        self.metrics.observe(record)
        self.log.info("route", **log_fields(record))
        return record

    async def aclose(self) -> None:
        await self.remote.aclose()
        await self.local.aclose()
        if self.cache is not None:
            await self.cache.aclose()
        if self.mirror is not None:
            await self.mirror.aclose()
        close_budget = getattr(self.budget.store, "aclose", None) if self.budget is not None else None
        if close_budget is not None:
            await close_budget()
        self.ledger.close()
