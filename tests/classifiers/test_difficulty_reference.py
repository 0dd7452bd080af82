"""The shipped difficulty model scores a fixed sample of prompts exactly as recorded: a guard that
speed-ups of the features, the task prior and the scorer change nothing they compute.

The reference (``data/difficulty_reference.json``) holds the log-odds and score, rounded to 1e-9, of
3,743 development prompts (every 4th MMLU prompt, every 2nd ARC-challenge and Winogrande prompt, all of
MBPP), the 75 sanity-set prompts and 308 synthetic prompts (empty, few-shot, answer options, code, math
symbols, long and non-ASCII texts; seeded), as the code of 0be48d2 computed them with the shipped
artifact (rewritten when few-shot prompts without answer options stopped counting as benchmark format:
42 synthetic prompts changed, no development or sanity-set prompt). An intended change of what the model computes (new features, a retrained artifact) rewrites it:

    python tests/classifiers/test_difficulty_reference.py --write
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = Path(__file__).parent / "data" / "difficulty_reference.json"
# (file, take every n-th prompt)
SAMPLES = (
    ("classifiers/data/routing/mmlu_dev.jsonl", 4),
    ("classifiers/data/routing/routerbench_arc_challenge_dev.jsonl", 2),
    ("classifiers/data/routing/routerbench_mbpp_dev.jsonl", 1),
    ("classifiers/data/routing/routerbench_winograde_dev.jsonl", 2),
    ("tests/classifiers/data/mtbench_style.jsonl", 1),
    ("tests/classifiers/data/gsm8k_style.jsonl", 1),
)
TOLERANCE = 1e-9
_PIECES = (
    "A store sells pencils at $0.25 each and notebooks at $1.75 each.",
    "How many apples are left if 3/4 of 120 are sold at a 20% discount?",
    "Solve for x: 3x^2 - 12x + 9 = 0, and show each step.",
    "Let f(x) = x ^ 2 and y >= 3; is 2 * y = 6? \\frac{1}{2} + √2 ≈ π ∫ ∑ × ÷ ≤ ≥",
    "def fooBar(my_list):\n    return [x for x in my_list if x == 1]  # O(n)\n",
    "```python\nimport os\nprint(os.getcwd())\n```",
    "#include <stdio.h>\nint main() { return 0; }\n",
    "x -> y => z; a = b; c < d - 1 - 2 - e",
    "Question: What is 2+2?\nAnswer: 4\n\n",
    "Q: Who wrote Hamlet?\nA: Shakespeare\n\n",
    "Which of the following is NOT correct?\nA) 12 cm\nB) 3.5 kg\n(C) x = 2y\nD. none of the above",
    "Please answer with the letter of the correct answer.",
    'Print only a single choice from "A" or "B" without explanation.',
    "Answer:",
    "It is larger than the box, and bigger than the room, but smaller than the house.",
    "Explain step by step why the sky is blue; justify each claim and show your work.",
    "Write a haiku about autumn. Imagine you are a pirate; act as a guide.",
    "Hi! Thanks, cheers.",
    "What is the capital of France?",
    "i. ii. iii. iv. The EXCEPT and NOT cases ALWAYS matter, at least 3 and at most 5.",
    "Return the result as JSON, a table or a bulleted list of the format below.",
    "Die Straße ist 5,5 km lang — naïve café, İstanbul, ΣΑΣ, 東京 🙂 \u00a0\u2003\x1c",
    "The committee met on Tuesday.\n\n\nIt   rained.\t\tThen it stopped!",
    "Compare the economic policies of the two candidates in at most 200 words.",
)


def synthetic_prompts(count: int = 300, seed: int = 7) -> list[str]:
    """Seeded prompts mixing the pieces above; a tenth are longer than the part the features read."""
    rng = random.Random(seed)
    out = ["", " ", "?", "é" * 50, "1" * 5000, "x = 1\n" * 4000, "Write code. " * 3000, "\x00\ufffd 🙂"]
    for i in range(count):
        n = 600 if i % 10 == 0 else rng.choice((1, 2, 3, 5, 8, 20))
        joiners = (" ", "\n", "\n\n", "  ", "")
        out.append("".join(rng.choice(_PIECES) + rng.choice(joiners) for _ in range(n)))
    return out


def sample() -> dict[str, list[str]]:
    """The prompts of the reference, by source."""
    out: dict[str, list[str]] = {}
    for name, every in SAMPLES:
        lines = [line for line in (ROOT / name).read_text(encoding="utf-8").splitlines() if line.strip()]
        out[name] = [json.loads(line)["prompt"] for line in lines[::every]]
    out["synthetic"] = synthetic_prompts()
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def compute() -> dict[str, Any]:
    """The reference as the current code computes it."""
    from classifiers.difficulty_model import DifficultyModel, shipped_artifact

    model = DifficultyModel.load()
    sources: dict[str, Any] = {}
    for name, prompts in sample().items():
        logits = [model.logit(p) for p in prompts]
        sources[name] = {
            "sha256": _sha256(ROOT / name) if name != "synthetic" else None,
            "logit": [round(z, 9) for z in logits],
            "score": [round(model.score_logit(z), 9) for z in logits],
        }
    return {"artifact_sha256": _sha256(shipped_artifact()), "sources": sources}


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data


def test_reference_matches_the_shipped_artifact_and_data(reference: dict[str, Any]) -> None:
    """The reference was recorded with the shipped artifact and the current data files."""
    from classifiers.difficulty_model import shipped_artifact

    assert reference["artifact_sha256"] == _sha256(shipped_artifact()), "artifact changed: --write"
    for name, _ in SAMPLES:
        assert reference["sources"][name]["sha256"] == _sha256(ROOT / name), f"{name} changed: --write"
    assert sum(len(s["score"]) for s in reference["sources"].values()) >= 4_000


def test_scores_equal_the_reference(reference: dict[str, Any]) -> None:
    """Every sampled prompt's log-odds and score are within 1e-9 of the recorded ones."""
    from classifiers.difficulty_model import DifficultyModel

    model = DifficultyModel.load()
    worst = 0.0
    for name, prompts in sample().items():
        expected = reference["sources"][name]
        assert len(prompts) == len(expected["score"])
        for text, z0, s0 in zip(prompts, expected["logit"], expected["score"], strict=True):
            z = model.logit(text)
            s = model.score_logit(z)
            worst = max(worst, abs(z - z0), abs(s - s0))
            assert abs(z - z0) <= TOLERANCE and abs(s - s0) <= TOLERANCE, (name, text[:80], z, z0)
    assert worst <= TOLERANCE


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    sys.path.insert(0, str(ROOT))
    REFERENCE.write_text(json.dumps(compute(), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {REFERENCE}")
