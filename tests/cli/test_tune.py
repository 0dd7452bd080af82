"""`hybrid-router tune`: calibration that holds on held-out traffic, writing configs, ledger labels."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from router.cli import main
from router.ledger import LedgerRecord, SQLiteLedger

DATA = Path(__file__).parents[2] / "classifiers" / "data" / "routing" / "mmlu_dev.jsonl"


@pytest.fixture(scope="module")
def halves(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The MMLU dev set split at random into two halves."""
    rows = [line for line in DATA.read_text(encoding="utf-8").split("\n") if line.strip()]
    random.Random(7).shuffle(rows)
    out = tmp_path_factory.mktemp("halves")
    a, b = out / "a.jsonl", out / "b.jsonl"
    a.write_text("\n".join(rows[: len(rows) // 2]))
    b.write_text("\n".join(rows[len(rows) // 2 :]))
    return a, b


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


@pytest.mark.parametrize("share", [0.1, 0.3, 0.6])
def test_calibrated_share_holds_on_the_other_half(
    halves: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], share: float
) -> None:
    """Calibrate on one half, write the config, evaluate on the other: the share is within 0.03."""
    a, b = halves
    cfg = tmp_path / "cfg.yaml"
    tuned = run_json(
        capsys, "tune", "--data", str(a), "--target-remote-share", str(share), "--write", str(cfg)
    )
    assert abs(float(tuned["remote_share"]) - share) < 0.01  # type: ignore[arg-type]
    held_out = run_json(capsys, "eval", "routing", "--config", str(cfg), "--data", str(b))
    assert abs(float(held_out["policy_remote_share"]) - share) < 0.03  # type: ignore[arg-type]


def test_quality_and_budget_targets(halves: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """--target-quality picks the cheapest threshold reaching it; --budget-usd stays within the budget."""
    a, _ = halves
    q = run_json(capsys, "tune", "--data", str(a), "--target-quality", "0.95")
    assert q["met"] and float(q["quality_ratio"]) >= 0.95  # type: ignore[arg-type]
    assert set(q) >= {"threshold", "remote_share", "quality", "quality_ratio", "cost_usd"}
    budget = float(q["cost_usd"]) / 2  # type: ignore[arg-type]
    b = run_json(capsys, "tune", "--data", str(a), "--budget-usd", str(budget))
    assert b["met"] and float(b["cost_usd"]) <= budget  # type: ignore[arg-type]
    assert float(b["remote_share"]) < float(q["remote_share"])  # type: ignore[arg-type]


def test_write_keeps_comments_and_other_settings(halves: tuple[Path, Path], tmp_path: Path) -> None:
    """--write changes policy.threshold and nothing else."""
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(
        "# production settings\ncache:\n  ttl_s: 60  # one minute\npolicy:\n  threshold: 0.5  # the knob\n"
    )
    assert main(["tune", "--data", str(halves[0]), "--target-remote-share", "0.2", "--write", str(cfg)]) == 0
    text = cfg.read_text()
    assert "# production settings" in text and "# one minute" in text and "# the knob" in text
    assert "ttl_s: 60" in text and "threshold: 0.5 " not in text


def test_plot_is_written(halves: tuple[Path, Path], tmp_path: Path) -> None:
    """--plot writes the quality-cost curve as a PNG."""
    out = tmp_path / "tune.png"
    assert main(["tune", "--data", str(halves[0]), "--target-remote-share", "0.2", "--plot", str(out)]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"


def _ledger(path: Path, n: int = 400) -> None:
    """Requests whose feedback says: remote helps exactly when difficulty > 0.6."""
    rng = random.Random(3)
    ledger = SQLiteLedger(path)
    for i in range(n):
        d = rng.random()
        remote = rng.random() < 0.5
        ledger.record(LedgerRecord(
            request_id=f"r{i}", ts=1000.0 + i, tenant="t", route="remote" if remote else "local", reason="x",
            policy="threshold", difficulty=d, threshold=0.5, sensitive=False, sensitive_types="",
            requested_model="auto", backend="x", model="m", prompt_tokens=10, completion_tokens=10,
            cost_usd=0.01 if remote else 0.0, remote_cost_usd=0.01, latency_ms=1.0, cache_hit=False,
            degraded=False, stream=False, status="ok", confidence=1.0 - d,
        ))  # fmt: skip
        ledger.feedback(f"r{i}", 1.0 if (remote or d <= 0.6) else 0.0, 2000.0)
    ledger.close()


@pytest.mark.parametrize(("policy", "key"), [("threshold", "threshold"), ("cascade", "min_confidence")])
def test_tune_from_ledger_feedback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, policy: str, key: str
) -> None:
    """Feedback in the ledger is enough to find where remote starts to pay off."""
    _ledger(tmp_path / "l.sqlite3")
    monkeypatch.setenv("HYBRID_ROUTER_LEDGER__PATH", str(tmp_path / "l.sqlite3"))
    result = run_json(capsys, "tune", "--from-ledger", "--policy", policy, "--target-quality", "0.99")
    expected = 0.6 if policy == "threshold" else 0.4
    assert abs(float(result[key]) - expected) < 0.1  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "args",
    [
        ["tune", "--target-remote-share", "0.3"],  # no labels
        ["tune", "--data", "missing.jsonl", "--target-remote-share", "0.3"],
        ["tune", "--from-ledger", "--target-remote-share", "0.3"],  # empty ledger
        ["tune", "--data", str(DATA), "--target-remote-share", "1.5"],
    ],
)
def test_errors_are_clear(
    args: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Missing labels, files or bad targets: exit 1 with one line, no traceback."""
    monkeypatch.setenv("HYBRID_ROUTER_LEDGER__PATH", str(tmp_path / "none.sqlite3"))
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("hybrid-router: error:") and "Traceback" not in err
