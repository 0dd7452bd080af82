"""The command line: chat, route and report, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def test_report_across_replicas_from_redis(
    make_router: Any,
    redis_prefix: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two replicas with their own SQLite ledgers and one Redis: report --source redis counts both."""
    from tests.conftest import REDIS_URL

    replicas = [
        make_router(
            cache={"url": REDIS_URL, "prefix": redis_prefix},
            ledger={"path": str(tmp_path / f"replica{i}.sqlite3")},
            local={"n_threads": 1, "max_tokens": 4},
        )
        for i in range(2)
    ]
    for i, router in enumerate(replicas):
        for _ in range(i + 1):
            router.chat("What is the capital of France?")
        router.close()  # waits for the Redis updates in flight
    monkeypatch.setenv("HYBRID_ROUTER_CACHE__URL", REDIS_URL)
    monkeypatch.setenv("HYBRID_ROUTER_CACHE__PREFIX", redis_prefix)
    monkeypatch.setenv("HYBRID_ROUTER_LEDGER__PATH", str(tmp_path / "replica0.sqlite3"))
    assert main(["report", "--source", "redis", "--json"]) == 0
    combined = json.loads(capsys.readouterr().out)
    assert combined["source"] == "redis" and combined["requests"] == 3
    assert combined["routes"]["local"]["requests"] == 3
    assert main(["report", "--source", "sqlite", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["requests"] == 1
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = client.keys(redis_prefix + "*")
    if keys:
        client.delete(*keys)
    client.close()


def test_report_table_and_plot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table breaks spend down by route, model, tenant and day; --plot writes a PNG."""
    from router.ledger import LedgerRecord, SQLiteLedger

    ledger = SQLiteLedger(tmp_path / "l.sqlite3")
    for i, (route, cost) in enumerate([("local", 0.0), ("remote", 0.02), ("local", 0.0)]):
        ledger.record(LedgerRecord(
            request_id=f"r{i}", ts=1_767_268_800.0 + i * 86400, tenant="team-a", route=route, reason="x",
            policy="threshold", difficulty=0.5, threshold=0.5, sensitive=False, sensitive_types="",
            requested_model="auto", backend=route, model=f"{route}-model", prompt_tokens=10, completion_tokens=5,
            cost_usd=cost, remote_cost_usd=0.02, latency_ms=1.0, cache_hit=False, degraded=False, stream=False,
            status="ok",
        ))  # fmt: skip
    ledger.close()
    monkeypatch.setenv("HYBRID_ROUTER_LEDGER__PATH", str(tmp_path / "l.sqlite3"))
    out_png = tmp_path / "report.png"
    assert main(["report", "--plot", str(out_png)]) == 0
    text = capsys.readouterr().out
    assert "remote-model" in text and "team-a" in text and "2026-01-03" in text
    assert "saved 0.040000 USD (66.7%)" in text
    assert out_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
