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
  writing);
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
from collections.abc import Sequence
from itertools import pairwise

__all__ = ["PRIOR_NAMES", "PRIOR_WEIGHTS", "cue_strengths", "prior_logit"]

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
_COMPARATIVE = re.compile(r"\b\w+er than\b")


def _saturate(count: float, scale: float) -> float:
    return 1.0 - math.exp(-count / scale)


def cue_strengths(text: str, words: Sequence[str]) -> dict[str, float]:
    """Each cue family's strength in [0, 1] for the (focus) text and its lower-case words."""
    present = frozenset(words)
    pairs = frozenset(pairwise(words))
    n_words = len(words)

    def hits(lexicon: frozenset[str]) -> int:
        return len(present & lexicon)

    numbers = _NUMBER.findall(text)
    equations = len(_EQUATION.findall(text))
    asks_quantity = bool(pairs & _QUANTITY_PAIRS)
    word_problem = 1.5 + 0.5 * min(len(numbers), 4) if asks_quantity else 0.0
    math_ = _saturate(hits(_MATH) + 1.5 * min(equations, 4) + word_problem, 2.0)
    code = _saturate(hits(_CODE) + len(pairs & _CODE_PAIRS) + 2.0 * len(_CODE_MARK.findall(text)), 2.0)
    reason = _saturate(
        hits(_REASON) + 1.5 * len(pairs & _REASON_PAIRS) + len(_COMPARATIVE.findall(text.lower())), 2.0
    )
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
    chat = _saturate(hits(_CHITCHAT) + 2.0 * short, 1.0) * (1.0 if n_words <= 12 else 0.3)
    return {
        "math": math_,
        "code": code,
        "reason": reason,
        "tech": technical,
        "tech_extra": math_ + code + reason - technical,
        "stem": _saturate(hits(_STEM), 2.0) * room,
        "extract": _saturate(hits(_EXTRACT), 1.5) * room,
        "humanities": _saturate(hits(_HUMANITIES), 1.5) * room,
        "writing": _saturate(hits(_WRITING), 1.5) * room,
        "roleplay": _saturate(hits(_ROLEPLAY) + 1.5 * len(pairs & _ROLE_PAIRS), 1.5) * room,
        "chitchat": chat * room,
        "recall": float(short_question) * room,
        "quantities": _saturate(len(set(numbers)) + hits(_NUMBER_WORDS), 5.0),
        "operations": _saturate(sum(1 for w in words if w in _OPERATIONS), 4.0),
        "length": _saturate(n_words, 60.0),
        "constraints": _saturate(hits(_CONSTRAINTS), 2.0),
    }


def prior_logit(text: str, words: Sequence[str]) -> float:
    """The prior's log-odds contribution for the (focus) text and its lower-case words."""
    strengths = cue_strengths(text, words)
    return math.fsum(w * strengths[name] for name, w in PRIOR_WEIGHTS.items())
