"""``hybrid-router eval routing|privacy``: quality of the classifiers on labelled data."""

from __future__ import annotations

import argparse
import importlib
from typing import Any

# eval target -> module under router.cli with add_arguments(parser) and run(args)
TARGETS = {"routing": "eval_routing", "privacy": "eval_privacy"}


def add_parser(sub: Any, name: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name, help="evaluate routing or privacy detection on labelled data"
    )
    targets = p.add_subparsers(dest="target", required=True, metavar="TARGET")
    for target, module in TARGETS.items():
        try:
            mod = importlib.import_module(f"router.cli.{module}")
        except ModuleNotFoundError:
            continue
        mod.add_parser(targets, target)
