"""Reading labelled routing data (the format of ``shared/data/README.md``), with errors that say where.

One JSON object a line: ``prompt`` (non-empty string), ``local_score`` and ``remote_score`` (numbers)
are required; ``local_cost`` and ``remote_cost`` are numbers >= 0 or null; ``id``, ``source`` and
``group`` are optional strings (defaults: ``file:line``, the file's stem, the source).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from router.jsonl import DataError, read_files, read_jsonl

__all__ = ["RoutingExample", "read_routing", "read_routing_files"]


@dataclass(frozen=True, slots=True)
class RoutingExample:
    """One labelled prompt: how well each model answered it, and what each answer cost."""

    id: str
    prompt: str
    local_score: float
    remote_score: float
    local_cost: float | None
    remote_cost: float | None
    source: str
    group: str


def _score(obj: dict[str, Any], key: str, where: str) -> float:
    if key not in obj:
        raise DataError(f"{where}: missing field {key!r}")
    value = obj[key]
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise DataError(f"{where}: field {key!r} must be a finite number, got {value!r}")
    return float(value)


def _cost(obj: dict[str, Any], key: str, where: str) -> float | None:
    if obj.get(key) is None:
        return None
    value = _score(obj, key, where)
    if value < 0:
        raise DataError(f"{where}: field {key!r} must not be negative, got {value!r}")
    return value


def _text(obj: dict[str, Any], key: str, where: str, default: str) -> str:
    value = obj.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise DataError(f"{where}: field {key!r} must be a string, got {value!r}")
    return str(value)


def _example(obj: dict[str, Any], where: str, stem: str) -> RoutingExample:
    prompt = obj.get("prompt")
    if prompt is None:
        raise DataError(f"{where}: missing field 'prompt'")
    if not isinstance(prompt, str) or not prompt.strip():
        raise DataError(f"{where}: field 'prompt' must be a non-empty string")
    source = _text(obj, "source", where, stem)
    return RoutingExample(
        id=_text(obj, "id", where, where),
        prompt=prompt,
        local_score=_score(obj, "local_score", where),
        remote_score=_score(obj, "remote_score", where),
        local_cost=_cost(obj, "local_cost", where),
        remote_cost=_cost(obj, "remote_cost", where),
        source=source,
        group=_text(obj, "group", where, source),
    )


def read_routing(path: str | Path) -> list[RoutingExample]:
    """The examples in one file; DataError for a missing file, a malformed line or field, or no rows."""
    p = Path(path)
    examples = [_example(obj, f"{p}:{lineno}", p.stem) for lineno, obj in read_jsonl(p)]
    if not examples:
        raise DataError(f"{p}: no examples (the file is empty)")
    return examples


def read_routing_files(paths: Iterable[str | Path]) -> list[RoutingExample]:
    """The examples of several files, in order; DataError when there are none at all."""
    return read_files(paths, read_routing, "routing data")
