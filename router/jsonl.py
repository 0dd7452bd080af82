"""Reading labelled JSON Lines files, with errors that name the file and line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from router.errors import InvalidRequest

__all__ = ["DataError", "read_files", "read_jsonl"]


T = TypeVar("T")


class DataError(InvalidRequest):
    """A data file is missing, unreadable, malformed or empty."""

    default_code = "invalid_data"


def read_jsonl(path: str | Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line; DataError for a missing file or a bad line."""
    p = Path(path)
    try:
        handle = p.open(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataError(f"{p}: no such file") from exc
    except OSError as exc:
        raise DataError(f"{p}: cannot read ({exc.strerror})") from exc
    with handle:
        for lineno, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{p}:{lineno}: not valid JSON ({exc.msg})") from exc
            if not isinstance(obj, dict):
                raise DataError(f"{p}:{lineno}: expected a JSON object")
            yield lineno, obj


def read_files(paths: Iterable[str | Path], read_one: Callable[[str | Path], list[T]], what: str) -> list[T]:
    """The rows of several files, in order; DataError when no file was given."""
    rows: list[T] = []
    for path in paths:
        rows.extend(read_one(path))
    if not rows:
        raise DataError(f"no {what} files given")
    return rows
