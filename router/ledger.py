"""The decision ledger: one record per request, in SQLite by default.

``SQLiteLedger.record`` only enqueues; a writer thread owns the connection and commits in batches, so
the request path never waits for the disk. ``flush`` waits until everything enqueued is written.
"""

from __future__ import annotations

import collections
import sqlite3
import threading
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Protocol

__all__ = ["Ledger", "LedgerRecord", "MemoryLedger", "SQLiteLedger", "connect"]


@dataclass(frozen=True, slots=True)
class LedgerRecord:
    """What the ledger and the decision log keep of one request. Never prompt text or keys."""

    request_id: str
    ts: float
    tenant: str
    route: str
    reason: str
    policy: str
    difficulty: float
    threshold: float
    sensitive: bool
    sensitive_types: str
    requested_model: str
    backend: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    remote_cost_usd: float
    latency_ms: float
    cache_hit: bool
    degraded: bool
    stream: bool
    status: str  # ok | error | partial | cancelled
    error_code: str = ""
    escalated: bool = False  # cascade: the local answer was not confident enough, remote answered
    confidence: float | None = None  # cascade: the local answer's mean token probability
    first_cost_usd: float = 0.0  # cascade: what the local attempt cost (included in cost_usd)


_COLUMNS = tuple(f.name for f in fields(LedgerRecord))
_SQL_TYPES = {"str": "TEXT", "float": "REAL", "int": "INTEGER", "bool": "INTEGER", "float | None": "REAL"}
# Columns beyond the record: feedback is attached later (POST /v1/feedback).
_EXTRA_COLUMNS = {"feedback": "REAL", "feedback_ts": "REAL"}
_COLUMN_TYPES = {f.name: _SQL_TYPES[str(f.type)] for f in fields(LedgerRecord)} | _EXTRA_COLUMNS
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS decisions ("
    + ", ".join(
        f"{name} {kind}{' PRIMARY KEY' if name == 'request_id' else ''}"
        for name, kind in _COLUMN_TYPES.items()
    )
    + ")"
)
_INSERT = (
    f"INSERT OR REPLACE INTO decisions ({', '.join(_COLUMNS)}) "  # noqa: S608 - fixed column names
    f"VALUES ({', '.join('?' for _ in _COLUMNS)})"
)


class Ledger(Protocol):
    """Keeps one record per request."""

    def record(self, rec: LedgerRecord) -> None: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...

    def feedback(self, request_id: str, score: float, ts: float, tenant: str | None = None) -> bool:
        """Attach a quality score to a recorded request (of ``tenant``, if given); False if unknown."""
        ...


class MemoryLedger:
    """A list, for tests and for runs with the ledger disabled."""

    def __init__(self) -> None:
        self.records: list[LedgerRecord] = []
        self.scores: dict[str, float] = {}

    def record(self, rec: LedgerRecord) -> None:
        self.records.append(rec)

    def feedback(self, request_id: str, score: float, ts: float, tenant: str | None = None) -> bool:
        if not any(r.request_id == request_id and tenant in (None, r.tenant) for r in self.records):
            return False
        self.scores[request_id] = score
        return True

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the ledger database, creating it and its schema if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(_SCHEMA)
    present = {row[1] for row in conn.execute("PRAGMA table_info(decisions)")}
    for name, kind in _COLUMN_TYPES.items():  # a ledger from an older version gains the new columns
        if name not in present:
            conn.execute(f"ALTER TABLE decisions ADD COLUMN {name} {kind}")
    conn.execute("CREATE INDEX IF NOT EXISTS decisions_ts ON decisions (ts)")
    conn.commit()
    return conn


class SQLiteLedger:
    """Batched writes from a background thread; nothing is lost on ``close``.

    ``record`` appends to a deque and returns: the writer wakes every ``interval_s`` (or at once when a
    batch is full, on ``flush`` and on ``close``), so the request path neither blocks nor wakes a thread.
    """

    _BATCH = 256

    def __init__(self, path: Path, interval_s: float = 0.05) -> None:
        self.path = path
        connect(path).close()  # fail early (bad path, read-only dir), in the caller's thread
        self._pending: collections.deque[LedgerRecord | threading.Event] = collections.deque()
        self._wake = threading.Event()
        self._interval = interval_s
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="hybrid-router-ledger", daemon=True)
        self._thread.start()

    def record(self, rec: LedgerRecord) -> None:
        if self._closed:
            raise RuntimeError("ledger is closed")
        self._pending.append(rec)
        if len(self._pending) >= self._BATCH:
            self._wake.set()

    def flush(self) -> None:
        if self._closed:
            return
        done = threading.Event()
        self._pending.append(done)
        self._wake.set()
        done.wait()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._wake.set()
        self._thread.join()

    def feedback(self, request_id: str, score: float, ts: float, tenant: str | None = None) -> bool:
        self.flush()  # the record may still be queued
        conn = connect(self.path)
        try:
            cur = conn.execute(
                "UPDATE decisions SET feedback = ?, feedback_ts = ? "
                "WHERE request_id = ? AND tenant = COALESCE(?, tenant)",
                (score, ts, request_id, tenant),
            )
            conn.commit()
            return cur.rowcount == 1
        finally:
            conn.close()

    def _drain(self, conn: sqlite3.Connection) -> None:
        batch: list[tuple[Any, ...]] = []
        waiters: list[threading.Event] = []
        while self._pending:
            item = self._pending.popleft()
            if isinstance(item, threading.Event):
                waiters.append(item)
            else:
                batch.append(_row(item))
        if batch:
            conn.executemany(_INSERT, batch)
            conn.commit()
        for w in waiters:
            w.set()

    def _run(self) -> None:
        conn = connect(self.path)
        try:
            while not self._closed:
                self._wake.wait(self._interval)
                self._wake.clear()
                self._drain(conn)
            self._drain(conn)  # what arrived before close
        finally:
            conn.close()


def _row(rec: LedgerRecord) -> tuple[Any, ...]:
    values = (getattr(rec, c) for c in _COLUMNS)
    return tuple(int(v) if isinstance(v, bool) else v for v in values)
