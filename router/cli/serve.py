"""``hybrid-router serve``: the OpenAI-compatible proxy."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from router.config import Settings


def add_parser(sub: Any, name: str) -> None:
    from router.cli import add_config_argument

    p: argparse.ArgumentParser = sub.add_parser(name, help="run the OpenAI-compatible proxy")
    add_config_argument(p)
    p.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port to listen on (default 8080)")
    p.set_defaults(run=run)


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """How uvicorn serves the proxy (the tests serve it the same way)."""
    return {
        "host": settings.server.host,
        "port": settings.server.port,
        "log_level": "warning",
        "access_log": False,
        "lifespan": "on",
        "server_header": False,
        "proxy_headers": False,  # X-Forwarded-* are client-controlled: never trusted (and not parsed)
        "timeout_keep_alive": settings.server.keep_alive_s,
    }


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from router.config import load_settings
    from router.library import Router
    from router.proxy import create_app

    server: dict[str, Any] = {}
    if args.host:
        server["host"] = args.host
    if args.port is not None:
        server["port"] = args.port
    settings = load_settings(args.config, {"server": server} if server else None)
    router = Router.from_config(settings=settings)
    app = create_app(router, on_ready=freeze_startup_objects)
    uvicorn.run(app, **uvicorn_options(settings))
    return 0


def freeze_startup_objects() -> None:
    """Move everything made at start-up (lexicons, models, modules: ~75,000 objects) out of the garbage
    collector's reach. They live as long as the process, yet every full collection walked them all: a
    54 ms pause now and then, and 10-16 ms ones in younger generations, in the middle of some request.
    With them frozen the longest pause measured is under 1 ms (benchmarks/README.md)."""
    import gc

    gc.collect()
    gc.freeze()
