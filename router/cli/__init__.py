"""The ``hybrid-router`` command line. Each subcommand lives in its own module with ``add_parser`` and
``run``; heavy imports (the model, plotting, training) happen inside ``run``."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from router.errors import RouterError

__all__ = ["main"]

# subcommand -> module under router.cli
COMMANDS = {
    "serve": "serve",
    "chat": "chat",
    "route": "route",
    "report": "report",
    "eval": "eval",
    "tune": "tune",
    "train": "train",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hybrid-router",
        description="Route chat requests between a local small model and a remote large model.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        importlib.import_module(f"router.cli.{module}").add_parser(sub, name)
    return parser


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", metavar="FILE", help="YAML configuration file (default: $HYBRID_ROUTER_CONFIG, if set)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except RouterError as exc:
        print(f"hybrid-router: error: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code
