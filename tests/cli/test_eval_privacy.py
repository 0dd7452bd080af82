"""`hybrid-router eval privacy`: JSON keys and values on a small fixture, the table, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from router.cli import main

ROWS = [
    {
        "text": "Card 4111 1111 1111 1111 was charged",
        "sensitive": True,
        "spans": [{"start": 5, "end": 24, "type": "CREDIT_CARD"}],
    },
    {
        "text": "Mail jane@example.com today",
        "sensitive": True,
        "spans": [
            {"start": 5, "end": 21, "type": "EMAIL_ADDRESS"},
            {"start": 22, "end": 27, "type": "DATE_TIME"},
        ],
    },
    {"text": "Why is the sky blue?", "sensitive": False, "spans": []},
    {"text": "Natalia sold 48 clips in April.", "sensitive": False, "spans": []},
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "privacy.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    return path


def test_json_report_has_exactly_the_contract_keys(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints n, recall, false_sensitive_rate, precision, per_type, ms_per_prompt with right values."""
    assert main(["eval", "privacy", "--data", str(data), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"n", "recall", "false_sensitive_rate", "precision", "per_type", "ms_per_prompt"}
    assert out["n"] == 4
    assert out["recall"] == 1.0
    assert out["false_sensitive_rate"] == 0.0
    assert out["precision"] == 1.0
    assert out["per_type"] == {"CREDIT_CARD": 1.0, "EMAIL_ADDRESS": 1.0}
    assert out["ms_per_prompt"] > 0


def test_several_data_files_are_pooled(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Repeating --data evaluates the union of the files."""
    assert main(["eval", "privacy", "--data", str(data), "--data", str(data), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["n"] == 8


def test_human_table(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json a readable table with every rate and type is printed."""
    assert main(["eval", "privacy", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "4 texts (2 sensitive, 2 not sensitive)" in out
    assert "recall" in out and "false-sensitive rate" in out and "CREDIT_CARD" in out


def test_configured_sensitive_types_decide_what_flags(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With policy.sensitive_types limited to e-mail, the card text no longer counts as flagged."""
    config = tmp_path / "c.yaml"
    config.write_text("policy:\n  sensitive_types: [EMAIL_ADDRESS]\n", encoding="utf-8")
    assert main(["eval", "privacy", "--data", str(data), "--json", "--config", str(config)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["recall"] == 0.5
    assert out["per_type"]["CREDIT_CARD"] == 0.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ('{"text": "x", "sensitive": true}\n{oops\n', ":2: not valid JSON"),
        ('{"text": "x"}\n', ":1: missing or non-boolean field 'sensitive'"),
        ("\n", "no rows"),
    ],
)
def test_bad_data_exits_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    """A missing or malformed file exits 1 with 'hybrid-router: error:' and the file:line problem."""
    path = tmp_path / "bad.jsonl"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert main(["eval", "privacy", "--data", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("hybrid-router: error:")
    assert message in err
