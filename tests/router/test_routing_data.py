"""Reading routing data: valid rows, and errors that name the file, line and field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from router.jsonl import DataError
from router.routing_data import read_routing, read_routing_files

DROP = object()  # marks a field to leave out
ROW = {"id": "a", "prompt": "2+2?", "local_score": 1, "remote_score": 1.0, "source": "s", "group": "g"}


def write(path: Path, *rows: Any) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def test_reads_rows_with_defaults(tmp_path: Path) -> None:
    """Optional fields default: id to file:line, source to the file stem, group to the source, costs to None."""
    path = write(tmp_path / "set.jsonl", ROW, "", {"prompt": "hi", "local_score": 0, "remote_score": 1})
    first, second = read_routing(path)
    assert (first.id, first.source, first.group, first.local_score) == ("a", "s", "g", 1.0)
    assert (second.id, second.source, second.group) == (f"{path}:3", "set", "set")
    assert second.local_cost is None and second.remote_cost is None


def test_reads_costs(tmp_path: Path) -> None:
    """Costs are numbers or null."""
    path = write(tmp_path / "c.jsonl", {**ROW, "local_cost": 0.001, "remote_cost": None})
    (row,) = read_routing(path)
    assert (row.local_cost, row.remote_cost) == (0.001, None)


def test_missing_file(tmp_path: Path) -> None:
    """A missing file is a DataError naming it."""
    with pytest.raises(DataError, match=r"nope\.jsonl: no such file"):
        read_routing(tmp_path / "nope.jsonl")


def test_malformed_line_names_the_line(tmp_path: Path) -> None:
    """Invalid JSON on line 2 says line 2."""
    path = write(tmp_path / "bad.jsonl", ROW, '{"prompt": "x", ')
    with pytest.raises(DataError, match=r"bad\.jsonl:2: not valid JSON"):
        read_routing(path)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"prompt": DROP}, r":2: missing field 'prompt'"),
        ({"prompt": "   "}, r":2: field 'prompt' must be a non-empty string"),
        ({"prompt": 7}, r":2: field 'prompt' must be a non-empty string"),
        ({"local_score": None}, r":2: field 'local_score' must be a finite number"),
        ({"remote_score": "high"}, r":2: field 'remote_score' must be a finite number"),
        ({"remote_score": True}, r":2: field 'remote_score' must be a finite number"),
        ({"local_cost": -1}, r":2: field 'local_cost' must not be negative"),
        ({"remote_cost": "cheap"}, r":2: field 'remote_cost' must be a finite number"),
        ({"group": ["x"]}, r":2: field 'group' must be a string"),
    ],
)
def test_bad_field_names_line_and_field(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    """A missing or invalid field is a DataError naming the line and the field."""
    row = {k: v for k, v in {**ROW, **change}.items() if v is not DROP}
    path = write(tmp_path / "f.jsonl", ROW, row)
    with pytest.raises(DataError, match=message):
        read_routing(path)


def test_missing_score_field(tmp_path: Path) -> None:
    """A row without remote_score is rejected."""
    path = write(tmp_path / "f.jsonl", {"prompt": "x", "local_score": 1})
    with pytest.raises(DataError, match=r"f\.jsonl:1: missing field 'remote_score'"):
        read_routing(path)


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_set(tmp_path: Path, content: str) -> None:
    """A file with no rows is an error, not an empty evaluation."""
    path = tmp_path / "empty.jsonl"
    path.write_text(content)
    with pytest.raises(DataError, match=r"empty\.jsonl: no examples"):
        read_routing(path)


def test_several_files_in_order(tmp_path: Path) -> None:
    """Files are read in the order given; no files at all is an error."""
    a = write(tmp_path / "a.jsonl", {**ROW, "id": "1"})
    b = write(tmp_path / "b.jsonl", {**ROW, "id": "2"}, {**ROW, "id": "3"})
    assert [e.id for e in read_routing_files([b, a])] == ["2", "3", "1"]
    with pytest.raises(DataError, match="no routing data"):
        read_routing_files([])
