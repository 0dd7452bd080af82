"""``hybrid-router eval routing`` and ``train difficulty`` on small files written in tmp_path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from router.cli import main
from router.config import load_settings

KEYS = {
    "n", "apgr", "cpt50", "cpt80", "random_apgr", "quality_local", "quality_remote", "ms_per_prompt",
    "policy_remote_share", "policy_quality", "threshold", "cost_ratio_cpt50", "cost_ratio_cpt80",
}  # fmt: skip

HARD = (
    "A train leaves at 9:00 at 60 mph; another leaves 330 miles away at 10:30 at 75 mph. When do they meet?"
)


def rows(n: int, *, costs: bool = True, source: str = "toy") -> list[dict[str, Any]]:
    """Even rows are math word problems the local model fails, odd ones greetings it gets right."""
    out = []
    for i in range(n):
        hard = i % 2 == 0
        out.append({
            "id": f"{source}-{i}",
            "prompt": f"{HARD} Car {i}." if hard else f"Say hello to person {i}.",
            "local_score": 0.0 if hard else 1.0,
            "remote_score": 1.0,
            "local_cost": 0.0 if costs else None,
            "remote_cost": 0.01 if costs else None,
            "source": source,
            "group": source,
        })  # fmt: skip
    return out


def write(path: Path, data: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in data))
    return path


@pytest.fixture(autouse=True)
def _no_ambient_config(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "HYBRID_ROUTER_CONFIG",
        "HYBRID_ROUTER_POLICY__THRESHOLD",
        "HYBRID_ROUTER_CLASSIFIER__DIFFICULTY",
    ):
        monkeypatch.delenv(name, raising=False)


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["eval", "routing", *argv, "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def test_json_keys_and_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON has every contract key; the shipped model puts the math problems first."""
    data = run_json(capsys, "--data", str(write(tmp_path / "t.jsonl", rows(20))))
    assert data.keys() >= KEYS
    assert data["n"] == 20
    assert (data["quality_local"], data["quality_remote"]) == (0.5, 1.0)
    # Perfect ranking, the 10 math prompts (gain 1 each) first: PGR_k = min(k, 10) / 10, so the
    # trapezoid area is (0 + .1 + ... + 1 + 10 * 1 - (0 + 1) / 2) / 20 = (5.5 + 10 - .5) / 20 = 0.75;
    # PGR reaches .5 at k=5 (x=.25) and .8 at k=8 (x=.4); cost there 5 * .01 / (20 * .01) = .25
    assert data["apgr"] == pytest.approx(0.75)
    assert (data["cpt50"], data["cpt80"]) == (0.25, 0.4)
    assert data["cost_ratio_cpt50"] == pytest.approx(0.25)
    assert data["threshold"] == load_settings().policy.threshold
    assert data["ms_per_prompt"] > 0
    assert data["classifier"] == "model"


def test_costs_missing_give_null(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without costs the cost ratios are null."""
    data = run_json(capsys, "--data", str(write(tmp_path / "t.jsonl", rows(6, costs=False))))
    assert data["cost_ratio_cpt50"] is None and data["cost_ratio_cpt80"] is None


def test_config_sets_classifier_and_threshold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--config chooses the scorer and the threshold the policy figures use."""
    config = tmp_path / "c.yaml"
    config.write_text("classifier:\n  difficulty: heuristic\npolicy:\n  threshold: 0.0\n")
    data = run_json(capsys, "--data", str(write(tmp_path / "t.jsonl", rows(8))), "--config", str(config))
    assert data["classifier"] == "heuristic"
    assert (data["threshold"], data["policy_remote_share"], data["policy_quality"]) == (0.0, 1.0, 1.0)


def test_several_files_report_per_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two --data files are pooled, and each source is reported on its own."""
    a = write(tmp_path / "a.jsonl", rows(6, source="a"))
    b = write(tmp_path / "b.jsonl", rows(4, source="b"))
    data = run_json(capsys, "--data", str(a), "--data", str(b))
    assert data["n"] == 10
    assert {s: r["n"] for s, r in data["per_source"].items()} == {"a": 6, "b": 4}


def test_human_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json a readable table is printed."""
    assert main(["eval", "routing", "--data", str(write(tmp_path / "t.jsonl", rows(6)))]) == 0
    out = capsys.readouterr().out
    assert "APGR" in out and "policy remote share" in out and "CPT50" in out


def test_plot_writes_a_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--plot writes a PNG image."""
    png = tmp_path / "out.png"
    run_json(capsys, "--data", str(write(tmp_path / "t.jsonl", rows(12))), "--plot", str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        ('{"prompt": "x", "local_score": 1, "remote_score": 1}\n{oops\n', ":2: not valid JSON"),
        ('{"prompt": "x", "local_score": "bad", "remote_score": 1}\n', ":1: field 'local_score'"),
        ("", "no examples"),
    ],
)
def test_errors_exit_non_zero_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, message: str
) -> None:
    """Missing file, malformed line, bad field and empty set: exit 1 and a clear message."""
    path = tmp_path / "d.jsonl"
    if content is not None:
        path.write_text(content)
    assert main(["eval", "routing", "--data", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("hybrid-router: error:") and message in err


def test_missing_data_argument_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--data is required."""
    with pytest.raises(SystemExit) as info:
        main(["eval", "routing"])
    assert info.value.code == 2


def test_train_writes_an_artifact_eval_can_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """train difficulty writes an artifact; eval routing with that model ranks the training signal."""
    data = write(tmp_path / "t.jsonl", rows(60))
    out = tmp_path / "models" / "m.json"
    assert main(["train", "difficulty", "--data", str(data), "--out", str(out), "--quiet"]) == 0
    artifact = json.loads(out.read_text())
    assert artifact["metadata"]["n_prompts"] == 60
    config = tmp_path / "c.yaml"
    config.write_text(f"classifier:\n  difficulty: model\n  difficulty_model_path: {out}\n")
    result = run_json(capsys, "--data", str(data), "--config", str(config))
    assert result["apgr"] == pytest.approx(0.75)


def test_train_on_one_class_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Data where nothing needs remote cannot train: exit 1 with the reason."""
    data = write(tmp_path / "t.jsonl", [{**r, "local_score": 1.0} for r in rows(6)])
    assert main(["train", "difficulty", "--data", str(data), "--out", str(tmp_path / "m.json")]) == 1
    assert "both classes" in capsys.readouterr().err
