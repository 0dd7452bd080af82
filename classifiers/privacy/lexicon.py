"""The shipped name lexicon (``classifiers/artifacts/person_names.json``) and word helpers.

The artifact holds given names (US SSA baby names 1880-2017 given to at least 50 babies, plus the 1990
census first names), surnames (1990 US census, 88,799 names) and common English words (SCOWL
``american-english`` lower-case entries). ``classifiers/artifacts/build_name_lexicon.py`` makes it;
``person_names.md`` beside it names the sources. ``public_figures.json`` lists widely known people
(historical, public, fictional) whose names in a question do not identify a private person
(``public_figures.md``). Each is loaded once, on first use.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

__all__ = ["Lexicon", "PublicFigures", "fold", "load_lexicon", "load_public_figures"]

ARTIFACT = "person_names.json"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Folded (lower-case, unaccented) given names, surnames and common English words."""

    given: frozenset[str]
    surnames: frozenset[str]
    words: frozenset[str]

    def is_word(self, token: str) -> bool:
        """An ordinary English word (``will``, ``rose``, ``street``), whatever its case."""
        return fold(token) in self.words


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents: ``Krisztián`` -> ``krisztian``."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def load_lexicon() -> Lexicon:
    """The shipped lexicon (read once per process)."""
    text = resources.files("classifiers").joinpath("artifacts", ARTIFACT).read_text(encoding="utf-8")
    data = json.loads(text)
    return Lexicon(
        given=frozenset(data["given"]),
        surnames=frozenset(data["surnames"]),
        words=frozenset(data["common_words"]),
    )


FIGURES_ARTIFACT = "public_figures.json"
_SUFFIXES = frozenset(("jr", "sr", "ii", "iii", "iv", "jr's", "sr's"))


@dataclass(frozen=True, slots=True)
class PublicFigures:
    """Folded full names (``leo tolstoy``) and one-word names (``socrates``) of widely known people."""

    full_names: frozenset[str]
    mononyms: frozenset[str]

    def is_famous(self, name: str) -> bool:
        """Whether ``name`` (one or more words, any case, dots ignored) names a widely known person."""
        key = _famous_key(name)
        return key in self.full_names or key in self.mononyms


@lru_cache(maxsize=65536)
def _famous_key(name: str) -> str:
    words = [fold(w) for w in name.replace(".", " ").split()]
    if words:  # a possessive stays outside the key: "John Rawls'", "Kant's"
        last = words[-1].replace("’", "'")
        words[-1] = last[:-2] if last.endswith("'s") else last.rstrip("'")
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()  # Martin Luther King Jr.
    return " ".join(words)


@cache
def load_public_figures() -> PublicFigures:
    """The shipped list of public and fictional figures (read once per process)."""
    text = resources.files("classifiers").joinpath("artifacts", FIGURES_ARTIFACT).read_text(encoding="utf-8")
    data = json.loads(text)
    return PublicFigures(full_names=frozenset(data["full_names"]), mononyms=frozenset(data["mononyms"]))
