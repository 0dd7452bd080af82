"""Reading privacy-format files: good rows become LabelledText, every problem names the file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from router.jsonl import DataError
from router.privacy_data import load_privacy_data, read_privacy_file


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def row(**fields: object) -> str:
    base: dict[str, object] = {"id": "r1", "text": "Call Ann at 555-0100", "sensitive": True, "spans": []}
    base.update(fields)
    return json.dumps(base)


def test_rows_are_read_with_canonical_span_types(tmp_path: Path) -> None:
    """Labels map to canonical types; non-identifying labels are dropped; source and group are kept."""
    spans = [
        {"start": 5, "end": 8, "type": "PERSON"},
        {"start": 0, "end": 4, "type": "GPE"},
        {"start": 12, "end": 20, "type": "ADDRESS"},
    ]
    path = write(tmp_path / "p.jsonl", row(spans=spans, source="s", group="g"), "", row(sensitive=False))
    items = read_privacy_file(path)
    assert len(items) == 2
    assert [s.type for s in items[0].spans] == ["PERSON", "STREET_ADDRESS"]
    assert (items[0].source, items[0].group, items[1].sensitive) == ("s", "g", False)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["{not json"], "p.jsonl:1: not valid JSON"),
        ([row(), "[1, 2]"], "p.jsonl:2: expected a JSON object"),
        ([json.dumps({"sensitive": True})], "p.jsonl:1: missing or non-string field 'text'"),
        ([row(sensitive="yes")], "p.jsonl:1: missing or non-boolean field 'sensitive'"),
        ([row(spans="none")], "p.jsonl:1: 'spans' must be a list"),
        ([row(spans=[{"start": 0, "end": 99, "type": "PERSON"}])], "p.jsonl:1: spans[0] [0, 99) is outside"),
        ([row(spans=[{"start": "0", "end": 2, "type": "PERSON"}])], "p.jsonl:1: spans[0] needs integer"),
        ([row(spans=[{"start": 0, "end": 2}])], "p.jsonl:1: spans[0] needs a string 'type'"),
        (["", "  "], "p.jsonl: no rows"),
    ],
)
def test_format_errors_name_file_and_line(tmp_path: Path, lines: list[str], message: str) -> None:
    """Each malformed file raises DataError whose message says where and what."""
    path = write(tmp_path / "p.jsonl", *lines)
    with pytest.raises(DataError) as info:
        read_privacy_file(path)
    assert message in info.value.message


def test_missing_file_is_a_data_error(tmp_path: Path) -> None:
    """A path that does not exist is reported as such."""
    with pytest.raises(DataError, match="no such file"):
        load_privacy_data([tmp_path / "absent.jsonl"])


def test_several_files_are_concatenated(tmp_path: Path) -> None:
    """Rows of every file are returned in order."""
    a = write(tmp_path / "a.jsonl", row(id="a"))
    b = write(tmp_path / "b.jsonl", row(id="b"), row(id="c"))
    assert [i.id for i in load_privacy_data([a, b])] == ["a", "b", "c"]


def test_no_files_is_a_data_error() -> None:
    """An empty list of files is an error, not an empty evaluation."""
    with pytest.raises(DataError, match="no privacy data"):
        load_privacy_data([])
