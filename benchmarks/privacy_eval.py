"""Dev figures of the sensitivity detector: per source, by template group, false alarms on benign prompts.

    python benchmarks/privacy_eval.py [--data-dir ../shared/data] [--folds 5] [--misses N]

Nothing in the detector is fitted to these files (its rules and lexicon come from elsewhere), so the
grouped figures show how quality varies across templates rather than a train/test gap: groups (templates,
sample files) are dealt into ``--folds`` folds by a stable hash, and each fold is scored on its own, as a
held-out set of unseen templates would be. Macro recall weighs every template equally.

Benign prompts: every routing prompt (MMLU, ARC, Winogrande, MBPP) is non-sensitive; the false-sensitive
rate is reported per file and, for MMLU, per subject group.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import zlib
from collections import defaultdict
from pathlib import Path

from classifiers.privacy.entities import STRUCTURED_TYPES
from classifiers.privacy.evaluation import LabelledText, PrivacyReport, evaluate
from classifiers.sensitivity import SensitivityDetector

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from router.jsonl import read_jsonl  # noqa: E402
from router.privacy_data import read_privacy_file  # noqa: E402

# Math word problems and chat requests in the style of GSM8K and MT-Bench, written for this check (the
# routing sets are all multiple-choice, where names are suppressed as public figures).
STORIES = (
    "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. "
    "How many clips did Natalia sell altogether?",
    "Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How "
    "much did she earn?",
    "Betty is saving money for a new wallet which costs $100. Her parents give her $15. How much more"
    " does she need?",
    "James writes a 3-page letter to 2 different friends twice a week. How many pages does he write a year?",
    "Mark has a garden with flowers. Ten of them are yellow, and there are 80% more purple ones. How "
    "many are there?",
    "Albert buys 2 large pizzas and 2 small pizzas. A large pizza has 16 slices and a small one 8. "
    "How many slices?",
    "Ken placed a box on a scale and poured in jelly beans to bring the weight to 2 pounds. Then he "
    "added brownies.",
    "Tina makes $18.00 an hour. If she works 10 hours every day for 5 days, how much money does she make?",
    "Julie is reading a 120-page book. Yesterday she read 12 pages and today twice as many. How many "
    "are left?",
    "Alexis went to a department store with a budget of $200 and spent $30 on a shirt. How much is left?",
    "Mr. Sanchez found out that 40% of his Grade 5 students got a final grade below B. How many got B"
    " and above?",
    "Carla is downloading a 200 GB file at 2 GB per minute. How long does the download take?",
    "Compose an engaging travel blog post about a recent trip to Hawaii, highlighting cultural experiences.",
    "Draft a professional email seeking your supervisor's feedback on the 'Quarterly Financial Report'.",
    "Pretend yourself to be Elon Musk in all the following conversations. Speak like Elon Musk as "
    "much as possible.",
    "Embrace the role of Sheldon from The Big Bang Theory as we delve into our conversation.",
)


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def _row(name: str, r: PrivacyReport) -> str:
    return (
        f"{name:<34} n={r.n:<5} recall={_fmt(r.recall)} fsr={_fmt(r.false_sensitive_rate)} "
        f"precision={_fmt(r.precision)} ms/prompt={r.ms_per_prompt:.3f}"
    )


def _fold(group: str, k: int) -> int:
    return zlib.crc32(group.encode()) % k


def _structured_only(items: list[LabelledText]) -> list[LabelledText]:
    """Sensitive texts whose labelled identifiers include a structured one (card, IBAN, key, ...)."""
    return [i for i in items if i.sensitive and any(s.type in STRUCTURED_TYPES for s in i.spans)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--misses", type=int, default=0, help="print this many missed/false texts per source")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    det = SensitivityDetector()
    out: dict[str, object] = {}
    all_items: list[LabelledText] = []
    print("== privacy sets (per source)")
    for path in sorted((args.data_dir / "privacy").glob("*.jsonl")):
        items = read_privacy_file(path)
        all_items.extend(items)
        r = evaluate(det, items)
        print(_row(path.stem, r))
        types = ", ".join(f"{t}={v:.2f}({r.per_type_n[t]})" for t, v in r.per_type.items())
        if types:
            print(f"    per_type: {types}")
        structured = _structured_only(items)
        if structured:
            rs = evaluate(det, structured)
            print(f"    structured-identifier texts: n={rs.n} recall={_fmt(rs.recall)}")
        groups: dict[str, list[LabelledText]] = defaultdict(list)
        for i in items:
            groups[i.group].append(i)
        if len(groups) > 1:
            per_group = [evaluate(det, g).recall for g in groups.values()]
            macro = statistics.mean(x for x in per_group if x is not None)
            folds: dict[int, list[LabelledText]] = defaultdict(list)
            for g, rows in groups.items():
                folds[_fold(g, args.folds)].extend(rows)
            fold_reports = [evaluate(det, rows) for _, rows in sorted(folds.items())]
            recalls = [f.recall for f in fold_reports if f.recall is not None]
            fsrs = [f.false_sensitive_rate for f in fold_reports if f.false_sensitive_rate is not None]
            print(
                f"    by group: {len(groups)} groups, macro recall={macro:.3f}; {args.folds} group folds: "
                f"recall {min(recalls):.3f}..{max(recalls):.3f}"
                + (f", fsr {min(fsrs):.3f}..{max(fsrs):.3f}" if fsrs else "")
            )
        out[path.stem] = r.to_json()
        if args.misses:
            _show_misses(det, items, args.misses)
    r = evaluate(det, all_items)
    print(_row("ALL privacy", r))
    rs = evaluate(det, _structured_only(all_items))
    print(f"    structured-identifier texts: n={rs.n} recall={_fmt(rs.recall)}")

    print("\n== benign routing prompts (all non-sensitive)")
    benign_all: list[LabelledText] = []
    for path in sorted((args.data_dir / "routing").glob("*.jsonl")):
        rows = [row for _, row in read_jsonl(path)]
        items = [
            LabelledText(row["prompt"], False, (), row["id"], row["source"], row["group"]) for row in rows
        ]
        benign_all.extend(items)
        r = evaluate(det, items)
        print(_row(path.stem, r))
        out[path.stem] = r.to_json()
        if args.misses:
            _show_misses(det, items, args.misses)
    r = evaluate(det, benign_all)
    print(_row("ALL benign", r))
    groups = defaultdict(list)
    for i in benign_all:
        groups[i.group].append(i)
    worst = sorted(
        ((evaluate(det, g).false_sensitive_rate or 0.0, name, len(g)) for name, g in groups.items()),
        reverse=True,
    )[:5]
    print("    worst groups: " + ", ".join(f"{n} {f:.3f} (n={c})" for f, n, c in worst))
    stories = [
        LabelledText(t, False, (), f"story-{i}", "handwritten", "story") for i, t in enumerate(STORIES)
    ]
    print(_row("story/math prompts (no options)", evaluate(det, stories)))

    print("\n== the other operating point: lone names reported (SensitivityDetector(names='all'))")
    loose = SensitivityDetector(names="all")
    presidio = [i for i in all_items if i.source.startswith("presidio")]
    print(_row("presidio sets", evaluate(loose, presidio)))
    print(_row("ALL benign routing prompts", evaluate(loose, benign_all)))
    print(_row("story/math prompts (no options)", evaluate(loose, stories)))
    if args.json:
        print(json.dumps(out, indent=2))


def _show_misses(det: SensitivityDetector, items: list[LabelledText], limit: int) -> None:
    shown = 0
    for i in items:
        found = det.classify(i.text)
        if bool(found) != i.sensitive:
            kind = "MISS" if i.sensitive else "FALSE"
            spans = [(s.type, i.text[s.start : s.end]) for s in i.spans][:4]
            hits = [(f.type, i.text[f.start : f.end], f.detector) for f in found][:4]
            print(f"      {kind} [{i.group}] {i.text[:160]!r} labels={spans} found={hits}")
            shown += 1
            if shown >= limit:
                return


if __name__ == "__main__":
    main()
