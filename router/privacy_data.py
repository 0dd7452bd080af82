"""Reading labelled privacy data (``shared/data/README.md``, privacy format) into ``LabelledText`` values.

One JSON object a line: ``text`` (string), ``sensitive`` (bool), ``spans`` (list of ``{start, end,
type}``, may be empty), and optionally ``id``, ``source``, ``group``. Every problem is a ``DataError``
naming the file and line: a missing file, a line that is not JSON, a missing or mistyped field, a span
outside the text, or a file with no rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from classifiers.privacy.evaluation import LabelledText, spans_from_labels
from router.jsonl import DataError, read_files, read_jsonl

__all__ = ["load_privacy_data", "read_privacy_file"]


def _spans(raw: Any, text: str, where: str) -> list[tuple[int, int, str]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise DataError(f"{where}: 'spans' must be a list")
    out = []
    for i, span in enumerate(raw):
        if not isinstance(span, dict):
            raise DataError(f"{where}: spans[{i}] must be an object with start, end, type")
        start, end, kind = span.get("start"), span.get("end"), span.get("type")
        if (
            not isinstance(start, int)
            or not isinstance(end, int)
            or isinstance(start, bool)
            or isinstance(end, bool)
        ):
            raise DataError(f"{where}: spans[{i}] needs integer 'start' and 'end'")
        if not isinstance(kind, str) or not kind:
            raise DataError(f"{where}: spans[{i}] needs a string 'type'")
        if not 0 <= start <= end <= len(text):
            raise DataError(
                f"{where}: spans[{i}] [{start}, {end}) is outside the text ({len(text)} characters)"
            )
        out.append((start, end, kind))
    return out


def read_privacy_file(path: str | Path) -> list[LabelledText]:
    """The rows of one privacy-format file; DataError (with file:line) for any problem."""
    items: list[LabelledText] = []
    for lineno, obj in read_jsonl(path):
        where = f"{path}:{lineno}"
        text = obj.get("text")
        if not isinstance(text, str):
            raise DataError(f"{where}: missing or non-string field 'text'")
        sensitive = obj.get("sensitive")
        if not isinstance(sensitive, bool):
            raise DataError(f"{where}: missing or non-boolean field 'sensitive'")
        spans = spans_from_labels(_spans(obj.get("spans"), text, where))
        items.append(
            LabelledText(
                text=text,
                sensitive=sensitive,
                spans=spans,
                id=str(obj.get("id", f"{Path(path).name}:{lineno}")),
                source=str(obj.get("source", "")),
                group=str(obj.get("group", "")),
            )
        )
    if not items:
        raise DataError(f"{path}: no rows")
    return items


def load_privacy_data(paths: Sequence[str | Path] | Iterable[str | Path]) -> list[LabelledText]:
    """The rows of every file, in order."""
    return read_files(paths, read_privacy_file, "privacy data")
