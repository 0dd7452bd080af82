"""A fixed task-type prior for the difficulty score: what kind of task a prompt asks for, and how big.

The trained part of the difficulty model learns from benchmark prompts (multiple choice, short coding
tasks); open-ended chat prompts and word problems look like none of them. This prior says what is known
about such prompts without fitting anything: a small model falls furthest behind a large one on math,
multi-step reasoning and code (MT-Bench's math, reasoning and coding categories), less on science
explanations and information extraction, least on humanities questions, creative writing, role-play and
chit-chat; and a word problem gets harder with every quantity and operation it chains (GSM8K).

``prior_logit(focus_text, words)`` adds, on the log-odds scale:

- **task type**: the strongest of math, code and reasoning cues (``TECH``) plus a little for each other
  one present; then science (``STEM``), extraction (``EXTRACT``) and humanities (``HUMANITIES``) cues,
  each counted only as far as the technical cues leave room; creative writing (``WRITING``),
  role-play (``ROLEPLAY``), chit-chat (``CHITCHAT``) and short factual questions ("What is the capital
  of France?") lower the score unless the prompt is technical (so "write a function" is code, not
  writing); a coding task that names an algorithmic idea (recursion, permutations, subsequences,
  graphs, primes, ...) rather than plain data handling gets a little more (``ALGORITHM``);
- **size**: the number of quantities (numbers and number words) and of operation cues (rates,
  fractions, percentages, comparisons), the number of words and of explicit constraints.

Each cue family's strength saturates (``1 - exp(-count / scale)``), so repeating a word cannot push a
prompt far. The weights are set by hand from the ordering above (they are *not* fitted: the project's
labelled data holds no open-ended prompts), and ``classifiers/artifacts/difficulty.md`` records how
they were checked: the prior must not lower the trained model's out-of-sample figures on the
development data, and it is never tuned on the sanity sets in ``tests/classifiers/data/``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from itertools import pairwise

__all__ = ["PAIR_FIRSTS", "PRIOR_NAMES", "PRIOR_WEIGHTS", "cue_strengths", "find_numbers", "prior_logit"]

# Log-odds weights of each cue family's strength (each strength is in [0, 1]).
PRIOR_WEIGHTS: dict[str, float] = {
    "tech": 1.6,  # the strongest of math / code / reasoning
    "tech_extra": 0.4,  # each further technical family present (math *and* code, ...)
    "stem": 0.8,
    "extract": 0.5,
    "humanities": 0.2,
    "writing": -0.8,
    "roleplay": -0.9,
    "chitchat": -1.6,
    "recall": -0.8,
    "quantities": 0.9,
    "operations": 0.5,
    "length": 0.6,
    "constraints": 0.4,
    "algorithm": 0.6,  # a coding task that names an algorithmic idea, not plain data handling
}
PRIOR_NAMES: tuple[str, ...] = tuple(PRIOR_WEIGHTS)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MATH = _words("""solve compute calculate calculation prove proof derive simplify evaluate integrate
    differentiate factor factorize factorise expand equation equations inequality integral integrals
    derivative derivatives probability probabilities remainder prime primes polynomial polynomials
    triangle circle radius area perimeter volume vertices vertex angle angles matrix matrices vector
    vectors eigenvalue determinant logarithm exponent sqrt sum product quotient divisible integer integers
    digits fraction fractions percent percentage ratio average mean median variance expected geometric
    arithmetic sequence series limit theorem lemma modulo algebra calculus geometry combinatorics
    permutations combinations dice coin odds""")
_CODE = _words("""code coding program programming function functions implement implementation algorithm
    algorithms python java javascript typescript sql query rust golang kotlin php ruby perl bash html css
    regex regexp api recursion recursive compile compiler debug bug bugs refactor array arrays substring
    linked binary hash heap complexity runtime database struct pointer pointers thread threads async""")
_REASON = _words("""puzzle puzzles riddle riddles logic logical deduce deduction infer inference conclude
    conclusion paradox syllogism premise premises justify reasoning contradiction valid validity
    statement statements true false suppose assume implies therefore""")
_STEM = _words("""physics physical chemistry chemical biology biological quantum atom atoms atomic
    molecule molecules electron electrons photon energy force gravity gravitational orbit orbital
    velocity acceleration momentum thermodynamics entropy temperature pressure wavelength frequency
    radiation nuclear fission fusion reaction enzyme enzymes protein proteins dna rna gene genes genetic
    cell cells evolution photosynthesis immune vaccine vaccines virus viruses bacteria antibiotic
    neuron neurons ecosystem climate scattering magnetic electric circuit voltage semiconductor""")
_EXTRACT = _words("""extract identify classify categorize categorise parse convert tabulate label
    json csv yaml table bullet bullets fields entities keywords summarize summarise summary""")
_HUMANITIES = _words("""history historical war wars revolution empire philosophy philosopher
    philosophers ethics ethical moral morality religion religious culture cultural society societal
    politics political government democracy economy economic economics literature literary poet
    century ancient medieval renaissance colonial constitution civilization art artistic music""")
_WRITING = _words("""write compose draft rewrite rephrase paraphrase proofread polish essay poem poems
    poetry story stories letter email blog post tweet speech slogan haiku limerick sonnet lyrics song
    advertisement toast eulogy tagline headline caption invitation anecdote""")
_ROLEPLAY = _words("""pretend roleplay role character persona embody embrace imagine""")
_CHITCHAT = _words("""hi hello hey hiya howdy thanks thank thx cheers bye goodbye morning evening
    night joke jokes funny weekend""")
_RECALL_OPENERS = _words("""who what when where which""")
_RECALL_VERBS = _words("""is was are were did does do""")
_NUMBER_WORDS = _words("""one two three four five six seven eight nine ten eleven twelve fifteen twenty
    thirty forty fifty hundred thousand million half twice double triple quarter third dozen""")
_OPERATIONS = _words("""each per every total altogether remaining rest left more less fewer times
    percent percentage discount tax markup profit interest rate average split share shares equally
    twice half double triple quarter""")
_CONSTRAINTS = _words("""must exactly only without ensure least most include including limit
    maximum minimum""")
# What turns a coding task from data handling (filter a list, reverse a string) into an algorithm: named
# techniques, structures and combinatorial or number-theoretic objects.
_ALGORITHM = _words("""recursion recursive recursively memoization memoize dynamic backtracking greedy
    permutation permutations combinations subsequence subsequences subarray subarrays palindrome
    palindromes palindromic anagram anagrams prime primes fibonacci factorial graph graphs tree trees
    trie heap heaps matrix matrices shortest longest path paths cycle cycles bitwise bits xor regex
    regexp parse parser ways nth sequence sequences""")
_ROLE_PAIRS = frozenset((("act", "as"), ("act", "like"), ("you", "are"), ("role", "play")))
_REASON_PAIRS = frozenset((("step", "by"), ("think", "carefully"), ("your", "reasoning")))
# A question for a quantity makes a word problem math, however plain its words.
_QUANTITY_PAIRS = frozenset(
    (("how", "many"), ("how", "much"), ("how", "long"), ("how", "far"), ("how", "old"))
)
_CODE_PAIRS = frozenset((("regular", "expression"), ("data", "structure"), ("time", "complexity")))

# An operator between numbers (a minus only with spaces: not phone numbers or dates), a power, an
# assignment or comparison to a single-letter variable, LaTeX fractions, math symbols.
_EQUATION = re.compile(
    r"\d\s*[+*/^=×÷<>]\s*[\d(]|\d\s+-\s+\d|[a-z]\s*\^\s*\d|\b[a-z]\s*[=<>]\s*[\w(]|\\frac|[√∫∑π]"
)
_CODE_MARK = re.compile(r"```|\bdef |\w\(\)|[{};]\s*$|==|->|\bimport |#include", re.M)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# The same on ASCII text, written to scan fast: a leading single character class lets re skip to it.
_ASCII_NUMBER = re.compile(r"[0-9][0-9]*(?:[.,][0-9]+)*")
_COMPARATIVE = re.compile(r"\b\w+er than\b")
# These patterns are counted without trying them at every character (``_count``), only where a match
# can start: each match of _EQUATION holds one of these operators (with what must follow it) and
# starts at it (\frac, a math symbol) or at the last non-space character before it (a digit or letter,
# spaces, the operator); alternatives that each start with a literal let re skip to those. Each match
# of _CODE_MARK starts at one of _CODE_STARTS, or one character before a "()".
_EQUATION_ANCHOR = re.compile(
    r"\+(?=\s*[\d(])|\*(?=\s*[\d(])|/(?=\s*[\d(])|\^(?=\s*[\d(])|×(?=\s*[\d(])|÷(?=\s*[\d(])"
    r"|=(?=\s*[\w(])|<(?=\s*[\w(])|>(?=\s*[\w(])|-(?<=\s-)(?=\s+\d)|\\frac|√|∫|∑|π"
)
_EQUATION_SELF_ANCHORED = frozenset("\\√∫∑π")
_CODE_STARTS = ("```", "def ", "()", "{", "}", ";", "==", "->", "import ", "#include")
# Adjacent word pairs are only read for the pair cues, so a caller may count just the pairs that start
# with one of these words.
PAIR_FIRSTS = frozenset(a for a, _ in _ROLE_PAIRS | _REASON_PAIRS | _QUANTITY_PAIRS | _CODE_PAIRS)

# The word families counted by the distinct words present (``hits`` in ``cue_strengths``).
_FAMILIES = (_MATH, _CODE, _REASON, _STEM, _EXTRACT, _HUMANITIES, _WRITING, _ROLEPLAY, _CHITCHAT,
             _NUMBER_WORDS, _CONSTRAINTS, _ALGORITHM)  # fmt: skip
_FAMILY_OF: dict[str, tuple[int, ...]] = {}
for _i, _family in enumerate(_FAMILIES):
    for _w in _family:
        _FAMILY_OF[_w] = (*_FAMILY_OF.get(_w, ()), _i)
_FAMILY_WORDS = frozenset(_FAMILY_OF)


def find_numbers(text: str) -> list[str]:
    """The numbers in ``text``: runs of decimal digits with inner ``.`` or ``,`` separators."""
    return (_ASCII_NUMBER if text.isascii() else _NUMBER).findall(text)


def _saturate(count: float, scale: float) -> float:
    return 1.0 - math.exp(-count / scale)


def _count(pattern: re.Pattern[str], text: str, starts: Iterable[int], limit: int | None = None) -> int:
    """``len(pattern.findall(text))`` (at most ``limit``) for a pattern that never matches the empty
    string, given (in ascending order) a superset of the positions where a match can start, negative
    ones ignored: the same left-to-right, non-overlapping matches, tried only at those positions."""
    count = end = 0
    match = pattern.match
    for start in starts:
        if start >= end and (m := match(text, start)) is not None:
            count += 1
            if count == limit:
                break
            end = m.end()
    return count


def _equation_starts(text: str) -> Iterator[int]:
    for m in _EQUATION_ANCHOR.finditer(text):
        i = m.start()
        if text[i] not in _EQUATION_SELF_ANCHORED:
            i -= 1
            while i >= 0 and text[i].isspace():  # str.isspace is re's \s
                i -= 1
        if i >= 0:
            yield i


def _equations(text: str, limit: int | None = None) -> int:
    """``len(_EQUATION.findall(text))``, at most ``limit``."""
    return _count(_EQUATION, text, _equation_starts(text), limit)


def _code_marks(text: str) -> int:
    """``len(_CODE_MARK.findall(text))``."""
    starts = []
    for mark in _CODE_STARTS:
        shift = mark == "()"
        i = text.find(mark)
        while i >= 0:
            starts.append(i - shift)
            i = text.find(mark, i + 1)
    starts.sort()
    return _count(_CODE_MARK, text, starts)


def _comparatives(lower: str) -> int:
    """``len(_COMPARATIVE.findall(lower))``: a match starts where the word before "er than" does."""
    starts = []
    i = lower.find("er than")
    while i >= 0:
        j = i
        while j > 0 and (lower[j - 1].isalnum() or lower[j - 1] == "_"):  # re's \w
            j -= 1
        starts.append(j)
        i = lower.find("er than", i + 7)
    return _count(_COMPARATIVE, lower, starts)


def _has(pairs: Collection[tuple[str, ...]], wanted: frozenset[tuple[str, str]]) -> int:
    return sum(p in pairs for p in wanted)


def cue_strengths(
    text: str,
    words: Sequence[str],
    *,
    counts: Mapping[str, int] | None = None,
    pairs: Collection[tuple[str, ...]] | None = None,
    numbers: Sequence[str] | None = None,
) -> dict[str, float]:
    """Each cue family's strength in [0, 1] for the (focus) text and its lower-case words.

    A caller that has them may pass the words' ``counts``, the adjacent word ``pairs`` (at least all
    those whose first word is in ``PAIR_FIRSTS``) and ``find_numbers(text)``.
    """
    if counts is None:
        counts = Counter(words)
    if pairs is None:
        pairs = frozenset(pairwise(words))
    if numbers is None:
        numbers = find_numbers(text)
    n_words = len(words)
    hits = [0] * len(_FAMILIES)
    for word in _FAMILY_WORDS.intersection(counts):
        for i in _FAMILY_OF[word]:
            hits[i] += 1
    (math_words, code_words, reason_words, stem, extract, humanities, writing, roleplay, chitchat,
     number_words, constraints, algorithm) = hits  # fmt: skip

    equations = _equations(text, limit=4)
    asks_quantity = _has(pairs, _QUANTITY_PAIRS) > 0
    word_problem = 1.5 + 0.5 * min(len(numbers), 4) if asks_quantity else 0.0
    math_ = _saturate(math_words + 1.5 * equations + word_problem, 2.0)
    code = _saturate(code_words + _has(pairs, _CODE_PAIRS) + 2.0 * _code_marks(text), 2.0)
    reason = _saturate(reason_words + 1.5 * _has(pairs, _REASON_PAIRS) + _comparatives(text.lower()), 2.0)
    technical = max(math_, code, reason)
    room = 1.0 - technical
    short = n_words <= 4 and not numbers and technical < 0.3
    # A short who/what/when/where question ("What is the capital of France?"): recall, not reasoning.
    short_question = (
        5 <= n_words <= 10
        and text.rstrip().endswith("?")
        and words[0] in _RECALL_OPENERS
        and words[1] in _RECALL_VERBS
        and not numbers
    )
    chat = _saturate(chitchat + 2.0 * short, 1.0) * (1.0 if n_words <= 12 else 0.3)
    return {
        "math": math_,
        "code": code,
        "reason": reason,
        "tech": technical,
        "tech_extra": math_ + code + reason - technical,
        "stem": _saturate(stem, 2.0) * room,
        "extract": _saturate(extract, 1.5) * room,
        "humanities": _saturate(humanities, 1.5) * room,
        "writing": _saturate(writing, 1.5) * room,
        "roleplay": _saturate(roleplay + 1.5 * _has(pairs, _ROLE_PAIRS), 1.5) * room,
        "chitchat": chat * room,
        "recall": float(short_question) * room,
        "quantities": _saturate(len(set(numbers)) + number_words, 5.0),
        "operations": _saturate(sum(counts[w] for w in _OPERATIONS.intersection(counts)), 4.0),
        "length": _saturate(n_words, 60.0),
        "constraints": _saturate(constraints, 2.0),
        "algorithm": _saturate(algorithm, 1.5) * code,
    }


def prior_logit(text: str, words: Sequence[str]) -> float:
    """The prior's log-odds contribution for the (focus) text and its lower-case words."""
    strengths = cue_strengths(text, words)
    return math.fsum(w * strengths[name] for name, w in PRIOR_WEIGHTS.items())
