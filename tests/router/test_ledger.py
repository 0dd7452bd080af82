"""The SQLite ledger: one row per record, nothing lost, summaries that add up."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from router.ledger import LedgerRecord, SQLiteLedger
from router.report import parse_since, summarize


def record(
    i: int, route: str = "local", cost: float = 0.0, remote: float = 0.01, **kw: object
) -> LedgerRecord:
    fields: dict[str, object] = dict(
        request_id=f"r{i}", ts=1000.0 + i, tenant="t", route=route, reason="x", policy="threshold",
        difficulty=0.1, threshold=0.5, sensitive=False, sensitive_types="", requested_model="auto",
        backend=route, model="m", prompt_tokens=10, completion_tokens=5, cost_usd=cost,
        remote_cost_usd=remote, latency_ms=1.0, cache_hit=False, degraded=False, stream=False, status="ok",
    )  # fmt: skip
    fields.update(kw)
    return LedgerRecord(**fields)  # type: ignore[arg-type]


def test_records_from_many_threads_are_all_written(tmp_path: Path) -> None:
    """1,000 records from 4 threads are all in the database after close."""
    ledger = SQLiteLedger(tmp_path / "l.sqlite3")
    threads = [
        threading.Thread(target=lambda k=k: [ledger.record(record(k * 1000 + i)) for i in range(250)])
        for k in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ledger.close()
    conn = sqlite3.connect(tmp_path / "l.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 1000


def test_flush_makes_records_visible(tmp_path: Path) -> None:
    """After flush, a reader sees every record so far."""
    ledger = SQLiteLedger(tmp_path / "l.sqlite3")
    ledger.record(record(1))
    ledger.flush()
    assert summarize(tmp_path / "l.sqlite3")["requests"] == 1
    ledger.close()


def test_summary_totals(tmp_path: Path) -> None:
    """Requests, shares, spend, all-remote spend and savings add up."""
    ledger = SQLiteLedger(tmp_path / "l.sqlite3")
    ledger.record(record(1, "local", 0.0, 0.02))
    ledger.record(record(2, "local", 0.0, 0.02, cache_hit=True))
    ledger.record(record(3, "remote", 0.05, 0.05, degraded=True))
    ledger.record(record(4, "remote", 0.03, 0.03, status="error"))
    ledger.close()
    s = summarize(tmp_path / "l.sqlite3")
    assert s["requests"] == 4
    assert s["routes"]["local"]["requests"] == 2 and s["routes"]["local"]["share"] == 0.5
    assert abs(s["cost_usd"] - 0.08) < 1e-12
    assert abs(s["all_remote_cost_usd"] - 0.12) < 1e-12
    assert abs(s["savings_usd"] - 0.04) < 1e-12
    assert (s["cache_hits"], s["degraded"], s["errors"]) == (1, 1, 1)
    assert s["shares"] == {"local": 0.5, "remote": 0.5, "blocked": 0.0, "cached": 0.25}
    assert s["by_model"]["m"]["requests"] == 4 and s["by_tenant"]["t"]["requests"] == 4
    assert list(s["by_day"]) == ["1970-01-01"]
    assert summarize(tmp_path / "l.sqlite3", since=1003.0)["requests"] == 2


def test_summary_of_missing_ledger_is_empty(tmp_path: Path) -> None:
    """No ledger yet: zero requests, not an error."""
    assert summarize(tmp_path / "none.sqlite3")["requests"] == 0


def test_parse_since() -> None:
    """Durations and ISO dates become start times."""
    assert parse_since("2h", now=10_000.0) == 10_000.0 - 7200
    assert parse_since("1d", now=100_000.0) == 100_000.0 - 86400
    assert parse_since(None) is None
    assert parse_since("2026-01-01T00:00:00+00:00") == 1767225600.0


def test_feedback_attaches_to_known_ids_only(tmp_path: Path) -> None:
    """feedback() updates the record (of that tenant) and says False for unknown ids."""
    ledger = SQLiteLedger(tmp_path / "l.sqlite3")
    ledger.record(record(1))
    assert ledger.feedback("r1", 0.5, 2000.0)
    assert not ledger.feedback("r2", 0.5, 2000.0)
    assert not ledger.feedback("r1", 0.9, 2000.0, tenant="someone-else")
    ledger.close()
    row = (
        sqlite3.connect(tmp_path / "l.sqlite3")
        .execute("SELECT feedback, feedback_ts FROM decisions")
        .fetchone()
    )
    assert row == (0.5, 2000.0)


def test_older_ledgers_gain_new_columns(tmp_path: Path) -> None:
    """A ledger created by an earlier version (fewer columns) is migrated on open."""
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE decisions (request_id TEXT PRIMARY KEY, ts REAL, route TEXT)")
    conn.execute("INSERT INTO decisions VALUES ('old', 1.0, 'local')")
    conn.commit()
    conn.close()
    ledger = SQLiteLedger(path)
    ledger.record(record(5))
    ledger.close()
    assert summarize(path)["requests"] == 2
