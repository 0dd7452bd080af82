"""The command line: chat, route and report, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from router.cli import main


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "router.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_chat_answers_with_the_default_local_model(tmp_path: Path) -> None:
    """`hybrid-router chat` answers on a fresh machine with no configuration, and records it."""
    env = {"HYBRID_ROUTER_LEDGER__PATH": str(tmp_path / "l.sqlite3"), "HYBRID_ROUTER_LOCAL__MAX_TOKENS": "24"}
    proc = run_cli("chat", "What is the capital of France?", env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()
    assert "[local · difficulty_below_threshold" in proc.stderr
    report = run_cli("report", "--json", env=env)
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["requests"] == 1


def test_route_json(capsys: pytest.CaptureFixture[str]) -> None:
    """`route --json` prints the decision and its reasons without calling a model."""
    assert main(["route", "Contact me at joe@example.com", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["route"] == "local" and data["reason"] == "sensitive"
    assert data["sensitive_types"] == ["EMAIL_ADDRESS"]
    assert 0.0 <= data["difficulty"] <= 1.0 and data["policy"] == "threshold"


def test_route_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json, route prints a short readable summary."""
    assert main(["route", "hello"]) == 0
    out = capsys.readouterr().out
    assert "route:" in out and "difficulty:" in out


def test_report_on_empty_ledger(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report` on a ledger that does not exist yet prints zeros, not an error."""
    monkeypatch.setenv("HYBRID_ROUTER_LEDGER__PATH", str(tmp_path / "none.sqlite3"))
    assert main(["report"]) == 0
    assert "requests: 0" in capsys.readouterr().out


def test_errors_exit_nonzero_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad configuration file is a one-line error and exit code 1, not a traceback."""
    assert main(["route", "x", "--config", str(tmp_path / "missing.yaml")]) == 1
    err = capsys.readouterr().err
    assert "hybrid-router: error:" in err and "missing.yaml" in err and "Traceback" not in err
    assert main(["report", "--since", "yesterday-ish"]) == 1
