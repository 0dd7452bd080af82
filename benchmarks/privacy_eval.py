"""Dev figures of the sensitivity detector: per source, by template, false alarms on benign prompts.

    python benchmarks/privacy_eval.py [--data-dir ../shared/data] [--folds 5] [--misses N] [--json]

Sections:

* **privacy sets**: recall, false-sensitive rate, precision and span recall per type for each file,
  recall on the texts whose identifiers include a structured one (card, IBAN, key...), and recall by
  template: every template (``group``; for a file with one group, the text with its labelled spans
  replaced by their types, lower-cased) weighs the same (macro), and templates are dealt into
  ``--folds`` folds by a stable hash, each fold scored as a held-out set of unseen templates would be
  (mean and worst fold). Nothing in the detector is fitted to these files, but its rules were written
  while reading them: the folds show how quality varies across templates, not a train/test gap.
* **hand-written stress sets** (``tests/classifiers/data``): word problems and chat prompts full of
  names (benign), personal messages (sensitive), written for this check before the name rules; and a
  second, smaller set of both (``holdout_stress.jsonl``) written after them and run once; and the
  probes of stop 12 (``probes_stop12.jsonl``): questions about public figures, requests for fiction,
  code and number questions (benign), and personal prompts that look like them, some written before
  the rules they led to and some after (per group: their commit messages say which); and those of
  stop 13 (``probes_stop13.jsonl``): questions citing scholars by surname, about companies (benign),
  and personal texts with a surname and a verb of saying (sensitive), written before the rules of that
  stop, which some of their groups then shaped; and 40 questions about public figures written right
  after that stop's additions to ``public_figures.json`` (``public-figures-5``: same author, optimistic);
  everyday questions naming things after people (``everyday-named-things-1``, which shaped that stop's
  rules for diseases, songs, storms, shows..., and ``-2``, written after them; three of its misses then
  led to lands of history, ``Loch`` and ``the book of``: it is held out for the rest only), and ``-3``,
  written at the end of that stop and not tuned to (7 of 40 flagged at its start, 6 at its end, 5 after
  stop 15, still unread); and those of stop 15 (``probes_stop15.jsonl``), each group written in one go
  and run on the code of its time: benign questions naming things (``named-things-dev``: dishes,
  landmarks, titles; 5 of 40 flagged, which led to that stop's rules), language questions
  (``language-questions-dev`` shaped the phrase rule; ``language-questions``, written after it, 11 of
  15 flagged before it and 0 after), landmarks and titles written after the rules for things (7 of 20
  before, 2 after), code and math (0 of 30), public figures (1 of 30, which led to the "tell me" fix),
  creative requests (0 of 20), everyday advice (0 of 30), questions in nine other languages (10 of 25,
  which led to the other-language rule; 2 after), numbers and formats (0 of 30), templates and work
  messages (2 of 20: an example.com address, kept; "Jane Doe", which led to placeholder names), and
  personal texts
  next to each (translation requests, names after "the", other languages, and 20 everyday personal
  prompts, 19 found: a licence plate missed, which led to the plate rule).
* **benign routing prompts**: every routing prompt (MMLU, ARC, Winogrande, MBPP) is non-sensitive.
* **diagnostics**: the exam prompts with their answer options cut off (MMLU, ARC: questions as a chat
  user would type them, so the exam cue no longer protects them), and the same benign prompts
  lower-cased (lower-case typing switches on the lower-case name rules).
* **operating points**: ``names="full"``, ``"context"`` (default) and ``"all"`` side by side.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from classifiers.privacy.entities import STRUCTURED_TYPES
from classifiers.privacy.evaluation import LabelledText, PrivacyReport, evaluate
from classifiers.privacy.names import NAME_MODES
from classifiers.sensitivity import SensitivityDetector

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from router.jsonl import read_jsonl  # noqa: E402
from router.privacy_data import read_privacy_file  # noqa: E402

STRESS = ROOT / "tests" / "classifiers" / "data"


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def _row(name: str, r: PrivacyReport) -> str:
    return (
        f"{name:<34} n={r.n:<5} recall={_fmt(r.recall)} fsr={_fmt(r.false_sensitive_rate)} "
        f"precision={_fmt(r.precision)} ms/prompt={r.ms_per_prompt:.3f}"
    )


def _template(row: dict[str, Any]) -> str:
    """The text with every labelled span replaced by its type: the template the generator filled."""
    text, out, pos = row["text"], [], 0
    for span in sorted(row.get("spans") or [], key=lambda s: s["start"]):
        if span["start"] >= pos:
            out += [text[pos : span["start"]], "{" + span["type"].upper() + "}"]
            pos = span["end"]
    out.append(text[pos:])
    return "".join(out).lower()


def read_with_templates(path: Path) -> list[LabelledText]:
    """A privacy file whose ``group`` is the template: the file's own groups, or rebuilt from spans."""
    items = read_privacy_file(path)
    if len({i.group for i in items}) > 1:
        return items
    rows = [row for _, row in read_jsonl(path)]
    return [replace(item, group=_template(row)) for item, row in zip(items, rows, strict=True)]


def _structured_only(items: Sequence[LabelledText]) -> list[LabelledText]:
    """Sensitive texts whose labelled identifiers include a structured one (card, IBAN, key, ...)."""
    return [i for i in items if i.sensitive and any(s.type in STRUCTURED_TYPES for s in i.spans)]


def by_template(
    det: SensitivityDetector, items: Sequence[LabelledText], folds: int, rate: str = "recall"
) -> dict[str, float | int]:
    """``rate`` per template (macro mean, worst) and per fold of templates (mean, worst)."""
    groups: dict[str, list[LabelledText]] = defaultdict(list)
    for i in items:
        groups[i.group].append(i)
    per_group = [getattr(evaluate(det, g), rate) for g in groups.values()]
    per_group = [x for x in per_group if x is not None]
    dealt: dict[int, list[LabelledText]] = defaultdict(list)
    for g, rows in groups.items():
        dealt[zlib.crc32(g.encode()) % folds].extend(rows)
    per_fold = [getattr(evaluate(det, rows), rate) for rows in dealt.values()]
    per_fold = [x for x in per_fold if x is not None]
    worst = min if rate == "recall" else max
    return {
        "groups": len(groups),
        "macro": statistics.mean(per_group),
        "worst_group": worst(per_group),
        "fold_mean": statistics.mean(per_fold),
        "fold_worst": worst(per_fold),
    }


def _grouped_line(g: dict[str, float | int], rate: str = "recall") -> str:
    return (
        f"    by template: {g['groups']} templates, macro {rate} {g['macro']:.3f}; "
        f"folds: mean {g['fold_mean']:.3f}, worst {g['fold_worst']:.3f}"
    )


def _stem(prompt: str) -> list[str]:
    """The questions of an exam prompt without their options and answer cue (few-shot blocks split)."""
    out = []
    for block in prompt.split("\n\n"):
        head = block.split("\nA.")[0].split("\nA)")[0]
        head = head.replace("Please answer with the letter of the correct answer.", "").replace("Answer:", "")
        if head.strip() and len(head.split()) > 3:
            out.append(head.strip())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--misses", type=int, default=0, help="print this many missed/false texts per source")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    det = SensitivityDetector()
    out: dict[str, Any] = {}
    print("== privacy sets (per source; default detector)")
    privacy: dict[str, list[LabelledText]] = {}
    for path in sorted((args.data_dir / "privacy").glob("*.jsonl")):
        items = privacy[path.stem] = read_with_templates(path)
        r = evaluate(det, items)
        print(_row(path.stem, r))
        out[path.stem] = r.to_json()
        types = ", ".join(f"{t}={v:.2f}({r.per_type_n[t]})" for t, v in r.per_type.items())
        if types:
            print(f"    per_type: {types}")
        structured = _structured_only(items)
        if structured:
            rs = evaluate(det, structured)
            print(f"    structured-identifier texts: n={rs.n} recall={_fmt(rs.recall)}")
            out[path.stem]["structured_recall"] = rs.recall
        sensitive = [i for i in items if i.sensitive]
        if len({i.group for i in sensitive}) > 1:
            g = by_template(det, sensitive, args.folds)
            print(_grouped_line(g))
            out[path.stem]["by_template"] = g
        if args.misses:
            _show_misses(det, items, args.misses)
    all_items = [i for items in privacy.values() for i in items]
    r = evaluate(det, all_items)
    print(_row("ALL privacy", r))
    rs = evaluate(det, _structured_only(all_items))
    print(f"    structured-identifier texts: n={rs.n} recall={_fmt(rs.recall)}")
    out["all_privacy"] = {**r.to_json(), "structured_recall": rs.recall}

    print("\n== hand-written stress sets (tests/classifiers/data)")
    benign_stress = read_privacy_file(STRESS / "benign_stress.jsonl")
    personal = read_privacy_file(STRESS / "personal_stress.jsonl")
    holdout = read_privacy_file(STRESS / "holdout_stress.jsonl")
    for source in sorted({i.source for i in benign_stress}):
        rows = [i for i in benign_stress if i.source == source]
        print(_row(source, evaluate(det, rows)))
    print(_row("ALL benign stress", evaluate(det, benign_stress)))
    print(_grouped_line(by_template(det, benign_stress, args.folds, "false_sensitive_rate"), "fsr"))
    print(_row("personal messages", evaluate(det, personal)))
    print(_row("second set, written after the rules", evaluate(det, holdout)))
    out["benign_stress"] = evaluate(det, benign_stress).to_json()
    out["personal_stress"] = evaluate(det, personal).to_json()
    out["holdout_stress"] = evaluate(det, holdout).to_json()
    for path in sorted(STRESS.glob("probes_*.jsonl")):
        probes = read_privacy_file(path)
        for group in sorted({i.group for i in probes}):
            print(_row(f"probe {group}", evaluate(det, [i for i in probes if i.group == group])))
        out[path.stem] = evaluate(det, probes).to_json()
    if args.misses:
        _show_misses(det, [*benign_stress, *personal], args.misses)

    print("\n== benign routing prompts (all non-sensitive)")
    benign: list[LabelledText] = []
    for path in sorted((args.data_dir / "routing").glob("*.jsonl")):
        rows = [row for _, row in read_jsonl(path)]
        items = [
            LabelledText(row["prompt"], False, (), row["id"], row["source"], row["group"]) for row in rows
        ]
        benign.extend(items)
        r = evaluate(det, items)
        print(_row(path.stem, r))
        out[path.stem] = r.to_json()
        if args.misses:
            _show_misses(det, items, args.misses)
    print(_row("ALL benign", evaluate(det, benign)))
    worst = sorted(
        (
            (evaluate(det, [i for i in benign if i.group == g]).false_sensitive_rate or 0.0, g)
            for g in {i.group for i in benign}
        ),
        reverse=True,
    )[:4]
    print("    worst groups: " + ", ".join(f"{g} {f:.3f}" for f, g in worst))

    print("\n== diagnostics: benign prompts as a chat user might type them")
    stems = [
        LabelledText(q, False, (), f"{i.id}-{k}", i.source, i.group)
        for i in benign
        if i.source != "routerbench-mbpp" and "mbpp" not in i.id
        for k, q in enumerate(_stem(i.text))
    ]
    stems = list({s.text: s for s in stems}.values())
    lowered = [replace(i, text=i.text.lower()) for i in [*stems, *benign_stress]]
    print(_row("exam questions without options", evaluate(det, stems)))
    print(_row("the same and the stress set, lower case", evaluate(det, lowered)))
    if args.misses:
        _show_misses(det, stems, args.misses)
        _show_misses(det, lowered, args.misses)

    print("\n== operating points (names=...)")
    presidio = [i for name, items in privacy.items() if name.startswith("presidio") for i in items]
    presidio_sensitive = [i for i in presidio if i.sensitive]
    for mode in NAME_MODES:
        d = SensitivityDetector(names=mode)
        g = by_template(d, presidio_sensitive, args.folds)
        rates: dict[str, Callable[[], float | None]] = {
            "presidio recall": lambda d=d: evaluate(d, presidio).recall,
            "macro by template": lambda g=g: float(g["macro"]),
            "worst fold": lambda g=g: float(g["fold_worst"]),
            "routing fsr": lambda d=d: evaluate(d, benign).false_sensitive_rate,
            "stress fsr": lambda d=d: evaluate(d, benign_stress).false_sensitive_rate,
            "personal recall": lambda d=d: evaluate(d, personal).recall,
            "holdout fsr": lambda d=d: (
                evaluate(d, [i for i in holdout if not i.sensitive]).false_sensitive_rate
            ),
            "stems fsr": lambda d=d: evaluate(d, stems).false_sensitive_rate,
        }
        values = {k: f() for k, f in rates.items()}
        print(f"  {mode:<8} " + "  ".join(f"{k}={_fmt(v)}" for k, v in values.items()))
        out.setdefault("operating_points", {})[mode] = values
    if args.json:
        print(json.dumps(out, indent=2))


def _show_misses(det: SensitivityDetector, items: Sequence[LabelledText], limit: int) -> None:
    shown = 0
    for i in items:
        found = det.classify(i.text)
        if bool(found) != i.sensitive:
            kind = "MISS" if i.sensitive else "FALSE"
            spans = [(s.type, i.text[s.start : s.end]) for s in i.spans][:4]
            hits = [(f.type, i.text[f.start : f.end], f.detector) for f in found][:4]
            print(f"      {kind} [{i.group[:40]}] {i.text[:160]!r} labels={spans} found={hits}")
            shown += 1
            if shown >= limit:
                return


if __name__ == "__main__":
    main()
