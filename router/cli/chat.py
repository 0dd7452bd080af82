"""``hybrid-router chat "PROMPT"``: route and answer one prompt."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any


def add_parser(sub: Any, name: str) -> None:
    from router.cli import add_config_argument

    p: argparse.ArgumentParser = sub.add_parser(name, help="route and answer one prompt")
    add_config_argument(p)
    p.add_argument("prompt", help="the user message")
    p.add_argument("--model", default="auto", help="auto (route), local or remote (force)")
    p.add_argument("--system", help="a system message to send first")
    p.add_argument("--max-tokens", type=int, help="completion token limit")
    p.add_argument("--temperature", type=float)
    p.add_argument("--seed", type=int)
    p.add_argument("--no-stream", action="store_true", help="print the answer only when complete")
    p.add_argument("--json", action="store_true", help="print the whole OpenAI-shaped response as JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="also print the decision log")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from router.config import load_settings
    from router.library import Router, SyncStream
    from router.types import Completion

    settings = load_settings(args.config, None if args.verbose else {"log": {"level": "warning"}})
    messages = ([{"role": "system", "content": args.system}] if args.system else []) + [
        {"role": "user", "content": args.prompt}
    ]
    params: dict[str, Any] = {"model": args.model}
    for key in ("max_tokens", "temperature", "seed"):
        if getattr(args, key) is not None:
            params[key] = getattr(args, key)
    started = time.perf_counter()
    with Router.from_config(settings=settings) as router:
        if args.json or args.no_stream:
            result = router.chat(messages, **params)
            assert isinstance(result, Completion)
            if args.json:
                print(json.dumps(dict(result.body), indent=2, ensure_ascii=False))
            else:
                print(result.text)
            route, reason, cache = result.backend, result.reason, result.cache_hit
            tokens = result.usage.completion_tokens
        else:
            stream = router.chat(messages, stream=True, stream_options={"include_usage": True}, **params)
            assert isinstance(stream, SyncStream)
            tokens = 0
            route, reason, cache = stream.backend, stream.reason, stream.cache_hit
            for chunk in stream:
                for choice in chunk.get("choices") or ():
                    piece = (choice.get("delta") or {}).get("content")
                    if piece:
                        sys.stdout.write(piece)
                        sys.stdout.flush()
                if chunk.get("usage"):
                    tokens = chunk["usage"].get("completion_tokens", 0)
            sys.stdout.write("\n")
    elapsed = time.perf_counter() - started
    print(
        f"[{route} · {reason} · {'cache hit · ' if cache else ''}{tokens} tokens · {elapsed:.2f}s]",
        file=sys.stderr,
    )
    return 0
