"""Person names without a statistical NER model: a census name lexicon, capitalisation, cues and context.

Candidates, by the evidence behind them, and the texts they are reported in (the kind of text is read
by ``classifiers.privacy.context``; the single-name cues live in ``classifiers.privacy.name_cues``):

==============  ==========================================================  ===========================
kind            example                                                     reported in
==============  ==========================================================  ===========================
``field``       ``Patient: Anna Berg``                                      every text
``anchor``      a lexicon name within 60 characters of an e-mail, phone...  every text
``introduced``  ``my name is Katrine``, ``Dear Olga``, ``my wife Ana``      all but exams and role play
``about``       ``Tran's SSN``, a transcript speaker ``Nicole:``            all but exercises
``full``        ``Helena Shaw``, ``Faina D. Yefremova``, ``olga krylova``   all but exercises, fiction
``lone``        ``Natalia``; ``Mr. Rednjak``; ``Aloisia, can I...``;        open texts: neither an
                ``Verda lives on``; ``tell ingrid``; ``selma`` (lower case)  exercise nor an instruction
==============  ==========================================================  ===========================

Exercises are exams (also without their options), role-play requests and word problems; instructions
are requests to write, explain or process content, and scene-then-question puzzles, that hand over no
personal material. The people in them are made up or public (``Natalia sold 48 clips...``, ``Write a
story about a dragon named Pip``); elsewhere a name, even a lone first name, is taken to be about
someone (``Why is Katrine so impulsive?``). A full name stays reported in an instruction (``Draft a
letter to Margaret Thornton``): it picks out one person; but not in a request for fiction (``Write a
story where Captain Elena Vasquez...``, a scene, a character, a dialogue) that nothing ties to real
life (``my niece``, a birthday or a retirement, ``helped me``, a documentary, an author).

Left out whatever the kind of text: places and organisations (``moved here from Kenosha``, ``Wells Fargo
Bank``), companies and brands known worldwide in a third-person question about products (``What does Bosch
make?``; ``gazetteer.BRANDS``), eponyms, citations and things named after people (``the Luhn check``,
``Marshall Plan``, ``Bernstein thought that``, ``Laing (1967)``, ``Halley's comet``, ``Hurricane
Katrina``, ``Who sang Jolene?``, ``Ted Lasso season 3``), people of scripture in a question about
religion (``Which disciple betrayed Jesus?``), widely known people (``public_figures.json``: ``Leo
Tolstoy``, ``Socrates``) and people cited as a source (``According to Ross``, ``Gardiner's article``),
with their other mentions, unless the text hands over personal material or asks to act with them
(``forward the contract to Milton Friedman``), and, in a question or an instruction, a name next to a
public role (``CEO Amy Williams``) and the characters of a work of fiction it asks about (``In the novel
..., why does ...``). A question in the third person (no I, my, we) that asks what someone is known for
is about a public figure, with the name's other mentions: ``Who is Jane Fonda?``, ``What did Pierre de
Coubertin found?``, ``Hedy Lamarr's invention``, ``Nassim Taleb's black swan theory``, ``the paintings of
Winslow Homer``; not when the text goes on about them (``Who is Marta Szabo? She left a voicemail``,
``known for at the office``); so is one that asks a surname alone for a view (``What does Nozick mean by
...?``, ``Why did Galbraith criticise ...?``): a scholar, as is one whose view is reported in a question
or an exam stem (``Weber said that ... could be traced back to:``).

``names="full"`` drops the ``lone`` kind; ``names="all"`` reports every kind in every text but exams
and role play (the most recall; false alarms on word problems).

A full name is a known given name followed by a capitalised surname, with optional middle names,
initials and particles; also any ``First M. Last`` shape and names in other scripts. Given names that
are ordinary English words (``Will``, ``Heather``) need a surname that is not one; places, street words,
months, function words and acronyms are never names; a sentence end or a possessive closes a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Literal

from classifiers.privacy import name_cues
from classifiers.privacy.context import TextContext, asks_for_fiction, ends_open, is_public, read_context
from classifiers.privacy.gazetteer import (
    BRAND_CUES,
    BRANDS,
    HONORIFICS,
    OTHER_LANGUAGE_WORDS,
    PARTICLES,
    RELIGION_CUES,
    SCRIPTURE_NAMES,
    TECH_CUES,
    TECH_NAMES,
)
from classifiers.privacy.gazetteer import words as word_set
from classifiers.privacy.lexicon import Lexicon, PublicFigures, fold, load_lexicon, load_public_figures
from classifiers.privacy.name_cues import Candidate
from classifiers.privacy.name_exclusions import (
    eponym_after,
    is_eponym_noun,
    phrases_asked_about,
    place_before,
)
from classifiers.privacy.name_tokens import Tok, is_bad
from classifiers.privacy.scan import FIRST_PERSON, THIRD_PERSON, TextScan, Words
from classifiers.types import Finding

__all__ = ["NAME_MODES", "NameMode", "find_names"]

NameMode = Literal["full", "context", "all"]
NAME_MODES: tuple[NameMode, ...] = ("full", "context", "all")

_PARTICLE_ALT = "van|von|der|den|de|da|di|del|della|dos|das|du|la|le|ter|ten|bin|ibn|al|el"
_UPPER_U = "A-Z\u00c0-\u00d6\u00d8-\u00de\u0100-\u024f\u0391-\u03a9\u0400-\u042f"
_WORD_A = r"[A-Z][A-Za-z'’-]*\.?"
_WORD_U = rf"[{_UPPER_U}][^\W\d_]*(?:['’-][^\W\d_]+)*\.?"
# Runs of two or more capitalised words (and particles) on one line: where full names can be.
_RUN_ASCII = re.compile(rf"{_WORD_A}(?:[ \t]+(?:{_WORD_A}|(?:{_PARTICLE_ALT})(?=[ \t]+[A-Z]))){{1,5}}")
_RUN_UNICODE = re.compile(
    rf"(?<![\w'’-]){_WORD_U}(?:[ \t]+(?:{_WORD_U}|(?:{_PARTICLE_ALT})(?=[ \t]+[{_UPPER_U}]))){{1,5}}"
)
# Endings of surnames in many languages (Slavic, Nordic, Baltic, Greek, Georgian, Armenian, Iberian...).
_SURNAME_ENDINGS = tuple(
    word_set(
        "ski ska sky cki cka wicz ovic evic ovich evich ic ov ova ev eva enko chuk czuk iak yak dottir "
        "sson sen ssen berg strom quist ez es poulos opoulos idis akis oglu yan ian shvili dze escu eanu "
        "ini elli etti ucci mann stein baum feld ovski ovska ovaa kova ny na ai ou"
    )
)


def _full_name(toks: Sequence[Tok], lex: Lexicon) -> tuple[int, int] | None:
    """The span of a full name made of ``toks`` (first to last), if they make one."""
    if any(t.stop or t.possessive for t in toks[:-1]):
        return None  # "Omar. How", "Tolstoy's War": a sentence end or a possessive closes a name
    names = [t for t in toks if t.key not in PARTICLES]
    if len(names) < 2 or len(names) > 4:
        return None
    first, last = names[0], names[-1]
    if last.initial or len(last.text) < 2 or len(first.text) < 2:
        return None
    if is_bad(first) or is_bad(last) or any(is_bad(t) for t in names[1:-1] if not t.initial):
        return None
    if is_eponym_noun(last.key):
        return None  # the Marshall Plan, the Nobel Prize, the Monroe Doctrine
    if first.text.isupper() != last.text.isupper():
        return None  # a heading in mixed ALL CAPS and Title Case
    key1, key2 = first.key, last.key
    g1, w1 = key1 in lex.given, key1 in lex.words
    s2, w2 = key2 in lex.surnames, key2 in lex.words
    middle_initial = any(t.initial for t in names[1:-1])
    if first.text.isupper():  # UPTON SCUDAMORE: capitals carry no signal, both parts must be names
        return (first.start, last.end) if g1 and s2 and not (w1 or w2) else None
    if g1 and not w1:
        ok = s2 or not w2
    elif g1:  # Heather, Will, Sari: an ordinary word too, so the surname must not be one
        ok = not w2
    elif w1 or w2:
        ok = False
    else:  # an unknown first name: a known or surname-shaped last name, the First M. Last shape, or
        # a name in another script (Jindřich Holinka)
        ok = s2 or key2.endswith(_SURNAME_ENDINGS) or middle_initial or not (first.text + last.text).isascii()
    return (first.start, last.end) if ok else None


def _longest_from(toks: list[Tok], i: int, lex: Lexicon) -> tuple[int, tuple[int, int]] | None:
    for j in range(min(len(toks), i + 5), i + 1, -1):  # longest first
        found = _full_name(toks[i:j], lex)
        if found is not None:
            return j, found
    return None


def _names_in_run(toks: list[Tok], lex: Lexicon) -> Iterator[tuple[int, int]]:
    i = 0
    while i < len(toks) - 1:
        while i < len(toks) and toks[i].key in HONORIFICS:
            i += 1
        if i >= len(toks) - 1:
            return
        hit = None
        if toks[i].key in lex.words and toks[i].sentence_start:
            hit = _longest_from(toks, i + 1, lex)  # "Channel Napoleon Bonaparte": capitalised by position
        if hit is None:
            hit = _longest_from(toks, i, lex)
        if hit is None:
            i += 1
            continue
        i, span = hit
        yield span


def _tokens(text: str, run: str, offset: int) -> list[Tok]:
    out = []
    pos = 0
    for part in run.split():
        at = run.index(part, pos)
        pos = at + len(part)
        tok = Tok(part, offset + at)
        if tok.text:
            before = text[max(0, tok.start - 3) : tok.start].rstrip(" \t\"'(")
            tok.sentence_start = not before or before[-1] in ".!?:\n"
            out.append(tok)
    return out


# Every word with the next one (and an initial between): overlapping, so each word is tried as a first name.
_LOWER_PAIR = re.compile(
    r"(?<![\w'’-])([^\W\d_]{3,})(?=[ \t]+(?:[^\W\d_]\.?[ \t]+)?([^\W\d_]{2,}(?:-[^\W\d_]+)?))"
)


def _lower_full_names(text: str, lex: Lexicon) -> Iterator[Candidate]:
    """In all-lower-case prose, a given name then a surname (known, surname-shaped or in another script):
    ``olga krylova``, ``rebecca lafontaine``, ``monika žilková``."""
    for m in _LOWER_PAIR.finditer(text):
        first, last = fold(m.group(1)), fold(m.group(2))
        if first not in lex.given or first in lex.words or last in lex.words:
            continue
        if last in lex.surnames or last.endswith(_SURNAME_ENDINGS) or not m.group(2).isascii():
            yield m.start(1), m.end(2), "full", "full_name"


# A show or a film named after its hero: "the end of Ted Lasso season 3", "the John Wick movies".
_SERIES_AFTER = re.compile(
    r"[ \t]+(?:seasons?|episodes?|trilogy|franchise|movies?|films?|tv[ \t]+show|sitcom|soundtrack)\b"
)


_THE_BEFORE = re.compile(r"(?:^|[^\w'’-])the[ \t]+$")
# ... unless a relative clause or a person follows: "the Anna Berg who called", "the John Smith you met"
_PERSON_AFTER = re.compile(r"[ \t]+(?:who|whom|whose|you|i|we|he|she|they)\b")


def _full_names(scan: TextScan, lex: Lexicon, *, lower: bool = False) -> Iterator[Candidate]:
    """Full-name candidates; those that name a method, a work or a show are of kind ``thing``."""
    text = scan.text
    if lower:
        yield from _lower_full_names(text, lex)
        return
    ascii_text = text.isascii()
    for m in (_RUN_ASCII if ascii_text else _RUN_UNICODE).finditer(text):
        if ascii_text and m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "'’-"):
            continue
        for start, end in _names_in_run(_tokens(text, m.group(), m.start()), lex):
            if (
                scan.low[end : end + 1] in (" ", "-")
                and (eponym_after(scan, end) or _SERIES_AFTER.match(scan.low, end) is not None)
            ) or (
                _THE_BEFORE.search(text, max(0, start - 5), start) is not None
                and _PERSON_AFTER.match(scan.low, end) is None
            ):
                # the Monty Hall problem, the Hardy-Weinberg principle (not Jane Smith's account); a
                # name right after "the" names a thing (the Sagrada Familia, the Abraham Lincoln), where
                # a person takes none ("the late Jane Smith" has a word between)
                yield start, end, "thing", "full_name"
                continue
            yield start, end, "full", "full_name"


# A public role next to a name: "CEO Amy Williams", "Adamson Emerson, the CEO of Faraday".
_ROLE_WORDS = (
    r"ceo|cfo|cto|coo|founder|co-founder|president|vice\s+president|chairman|chairwoman|chair|director|"
    r"minister|prime\s+minister|senator|governor|mayor|king|queen|prince|princess|emperor|pope|general|"
    r"author|novelist|poet|painter|composer|singer|actor|actress|athlete|player|coach|professor|"
    r"scientist|economist|philosopher|historian|spokesperson|spokesman|spokeswoman|analyst|head|chief|"
    r"officer|executive|engineer|chairperson|secretary|treasurer|editor|reporter|journalist|correspondent|"
    r"producer|designer|architect|researcher|astronomer|inventor|explorer|pilot|astronaut|commander"
)
_ROLES = frozenset(re.sub(r"\\s\+", " ", _ROLE_WORDS).split("|"))
_ROLE_AFTER = re.compile(
    rf"(?:'s)?[ \t]*,?[ \t]+(?:the[ \t]+|a[ \t]+|an[ \t]+|former[ \t]+)*(?:{_ROLE_WORDS})\b", re.IGNORECASE
)


def _public_role(text: str, start: int, end: int) -> bool:
    """Whether a public role is written next to the name (before it, or after it as an apposition)."""
    before = text[max(0, start - 30) : start].lower().replace(",", " ").split()
    return (bool(before) and before[-1] in _ROLES) or _ROLE_AFTER.match(text, end) is not None


# What a question asks about someone known for something: "Who is Jane Fonda?", "What did Pierre de
# Coubertin found?", "What was Hedy Lamarr's invention?", "Nassim Taleb's black swan theory".
_WHO_BEFORE = re.compile(r"\bwho[ \t]+(?:is|was)[ \t]+$", re.IGNORECASE)
# the question ends the text, or another question follows: not "Who is X? She left a voicemail."
_QUESTION_END = re.compile(
    r"[ \t]*(?:$|[?.!]+[ \t\n]*(?:$|(?:what|when|why|how|where|which|and)\b))", re.IGNORECASE
)
_DID_BEFORE = re.compile(r"\b(?:what|which)(?:[ \t]+[a-z]+)?[ \t]+(?:did|does)[ \t]+$", re.IGNORECASE)
_ACHIEVED_AFTER = re.compile(  # "What did X found?", "Which company did X found?" (nothing after the verb)
    r"[ \t]+(?:invent|discover|found|compose|paint|direct|pioneer|prove|contribute|write|develop|create)"
    r"[ \t]*\?"
)
# "the main works of X", "the paintings of X", "the architecture of X"
_WORK_BEFORE = re.compile(
    r"\b(?:works|writings|paintings|novels|poems|poetry|plays|films|movies|songs|albums|music|"
    r"architecture|philosophy|teachings|theories|inventions|discoveries|sculptures|symphonies|operas)"
    r"[ \t]+of[ \t]+$",
    re.IGNORECASE,
)
_ACHIEVED_STATEMENT = re.compile(  # "In 1903 Mary Anderson invented the first windshield wiper. How..."
    r"[ \t]+(?:invented|discovered|patented|pioneered|composed|painted)\b"
)
_KNOWN_FOR_AFTER = re.compile(  # "What is X known for?"; not "known for at the office"
    r"[ \t]+(?:(?:is|was)[ \t]+)?(?:best[ \t]+)?(?:known|famous|remembered|celebrated)[ \t]+for"
    r"[ \t]*(?:\?|$)"
)
_WORK_AFTER = re.compile(
    # not a taste or a belonging: "What is Anna Berg's favourite book?", "Kevin's own songs"
    r"(?:'s|’s|')[ \t]+(?![\w \t-]{0,30}?\b(?:favou?rites?|own|new|borrowed|overdue)\b)"
    r"(?:[\w-]+[ \t]+){0,3}?(?:inventions?|discover(?:y|ies)|theor(?:y|ies|em)|paradox|"
    r"doctrine|philosophy|novels?|books?|albums?|songs?|films?|movies?|paintings?|sculptures?|"
    r"symphon(?:y|ies)|poems?|operas?|legacy|presidency|reign|administration|experiments?)\b"
)


# What a question asks of a scholar's view: "What does Nozick mean by...", "How does Sandel respond to...",
# "Why did Galbraith criticise...".
_VIEW_ASKED_BEFORE = re.compile(
    r"\b(?:what|how|why|in[ \t]+what[ \t]+way|to[ \t]+what[ \t]+extent)[ \t]+"
    r"(?:does|did|do|would|might)[ \t]+$",
    re.IGNORECASE,
)
_VIEW_ASKED_AFTER = re.compile(
    r"[ \t]+(?:mean|think|argue|claim|say|describe|define|respond|reply|critici[sz]e|reject|support|oppose|"
    r"propose|explain|suggest|believe|view|distinguish|characteri[sz]e|justify|defend|understand|conceive|"
    r"solve|account|analy[sz]e|object|disagree|interpret|regard|conclude|predict|challenge|dispute|refute|"
    r"reconcile|resolve|answer|contrast|compare|treat)\b"
)


def _asked_about_view(text: str, start: int, end: int) -> bool:
    """Whether a question that ends the text asks what a name alone, not a given name, means, argues
    or how they answer a problem, as one asks of a scholar: not "Why did Tom reject the offer?" (someone
    one knows), nor "Why did Kowalski quit? He sits next to me." (the text goes on about them)."""
    return (
        _VIEW_ASKED_BEFORE.search(text, max(0, start - 24), start) is not None
        and _VIEW_ASKED_AFTER.match(text, end) is not None
        and fold(text[start:end]) not in load_lexicon().given
        and ends_open(text)
    )


def _asked_about_renown(text: str, start: int, end: int) -> bool:
    """Whether the text asks who someone is or what they are known for, as one asks of a public figure."""
    return (
        (
            _WHO_BEFORE.search(text, max(0, start - 12), start) is not None
            and _QUESTION_END.match(text, end) is not None
        )
        or (
            _DID_BEFORE.search(text, max(0, start - 30), start) is not None
            and _ACHIEVED_AFTER.match(text, end) is not None
        )
        or _WORK_BEFORE.search(text, max(0, start - 20), start) is not None
        or _KNOWN_FOR_AFTER.match(text, end) is not None
        or _ACHIEVED_STATEMENT.match(text, end) is not None
        or _WORK_AFTER.match(text, end) is not None
    )


# A person cited as the source of a view or a text: "According to Ross, ...", "Kelsen's theory of law",
# "In the context of Gardiner's article", "Reiman, van den Haag's arguments".
_ACCORDING_BEFORE = re.compile(r"\baccording[ \t]+to[ \t]+$", re.IGNORECASE)
_SCHOLARLY_AFTER = re.compile(
    r"(?:'s?|’s?)?[ \t]+(?!(?:favou?rite|own|new|borrowed|overdue)\b)"  # a taste or a belonging: no work
    r"(?:[a-z]+[ \t]+){0,3}?(?:theor(?:y|ies)|views?|arguments?|articles?|books?|essays?|"
    # nouns that name a person's belongings too count with what they are of ("Ross's list of duties", not
    # "Tom's old bank account", "Anna's shopping list")
    r"papers?|(?:list|account|position)(?=[ \t]+(?:of|on|that)\b|[ \t]*(?:[?:]|$))|analysis|thesis|"
    r"claims?|principles?|ethics|philosophy|model|law|hypothesis|"
    r"experiments?|stud(?:y|ies)|research|critique|definition|concept|notion|framework|approach|"
    r"objections?|interpretation|conception|distinction|criticism|hierarchy|criterion|conclusions?|"
    r"stages?|typology|taxonomy|paradigm|dilemma)\b"
)


def _cited(text: str, start: int, end: int, asks: bool) -> bool:
    """Whether the name is cited as the source of a view or a text; by a possessive (``Kelsen's theory``)
    only in a question, an instruction or an exam stem (``asks``): a statement may tell of someone's own
    study group or model train set."""
    if _ACCORDING_BEFORE.search(text, max(0, start - 20), start) is not None:
        return True
    if not asks:
        return False
    after = _SCHOLARLY_AFTER.match(text, end)
    # the possessive may be part of the name's span ("John Rawls'"), but it must be there
    possessive = after is not None and (text[end - 1] in "'’" or text[end : after.end()].lstrip()[:1] in "'’")
    return possessive


_CODE_LIKE = re.compile(r"[{}\[\]<>=_\\`|;]")


def _code_like(text: str) -> bool:
    """Whether a text has a character of code; a backslash that escapes a quote (prose pasted from a
    JSON string) is not one."""
    m = _CODE_LIKE.search(text)
    while m is not None and m.group() == "\\" and text[m.end() : m.end() + 1] in ('"', "'"):
        m = _CODE_LIKE.search(text, m.end() + 1)
    return m is not None


def _allowed(kind: str, ctx: TextContext, mode: NameMode) -> bool:
    """Whether a candidate of ``kind`` is reported in a text read as ``ctx`` (see the module table)."""
    if kind in ("field", "anchor"):
        return True
    if ctx.public:
        return False
    if kind == "introduced" or mode == "all":
        return True
    if ctx.exercise:
        return False
    if kind in ("about", "full"):
        return True
    return mode == "context" and not ctx.instruction


def find_names(
    scan: TextScan, anchors: Sequence[tuple[int, int]] = (), *, mode: NameMode = "context"
) -> Iterator[Finding]:
    """PERSON findings; ``anchors`` are spans of other personal data found in the same text."""
    text = scan.text
    lex = load_lexicon()
    if text == scan.low and not _code_like(text):
        one_rx = name_cues.ONE_LOWER  # all-lower-case prose: any word can be a name
    else:
        one_rx = name_cues.ONE_ASCII if text.isascii() else name_cues.ONE_UNICODE
    candidates: list[Candidate] = [
        *name_cues.anchored(scan, anchors, lex, one_rx),
        *name_cues.fields(scan, lex, one_rx),
    ]
    if is_public(scan):  # an exam or a role play: only names in form fields or next to other PII
        yield from _report(scan, candidates, asks=True)
        return
    candidates.extend(name_cues.introduced(scan, lex, one_rx))
    cued = len(candidates)
    candidates.extend(name_cues.about(scan, lex))
    things: list[tuple[int, int]] = []  # full names that name a thing (the Monty Hall problem)
    for c in _full_names(scan, lex, lower=one_rx is name_cues.ONE_LOWER):
        if c[2] == "thing":
            things.append((c[0], c[1]))
        else:
            candidates.append(c)
    if mode == "full" and len(candidates) == cued:
        yield from _report(scan, candidates, asks=False)
        return
    ctx = read_context(scan, public=False)
    if (
        mode != "all"
        and ctx.task
        and not ctx.personal
        and any(c[2] == "full" for c in candidates)
        and asks_for_fiction(scan.low)
    ):  # "Write a story where Captain Elena Vasquez...": its full names are characters
        candidates = [c for c in candidates if c[2] != "full"]
    asks = ctx.task or "?" in text  # a question or an instruction
    if mode != "full" and _allowed("lone", ctx, mode):
        if other_language(scan):  # there only a title is a cue ("Herr Becker", "Sra. López")
            candidates.extend(name_cues.titled(scan, lex, one_rx))
        else:
            candidates.extend(_lone_names(scan, lex, one_rx, asks=asks, things=things))
    asked_about = not ctx.personal and any(c[2] in ("full", "lone") for c in candidates)
    phrases = phrases_asked_about(scan) if asked_about else []
    if phrases:  # "What does "Feliz Navidad" mean?": a phrase asked about, not a person
        candidates = [c for c in candidates if c[2] not in ("full", "lone") or not _within(c, phrases)]
    kept = _strongest([c for c in candidates if _allowed(c[2], ctx, mode)])
    yield from _report(scan, kept, asks=asks, personal=ctx.personal)


def _lone_names(
    scan: TextScan,
    lex: Lexicon,
    one_rx: re.Pattern[str],
    *,
    asks: bool,
    things: Sequence[tuple[int, int]],
) -> list[Candidate]:
    """``name_cues.lone`` in an English text, less the products, people of scripture and words of names
    of things that the text's context shows are not someone's name."""
    text = scan.text
    lone = list(name_cues.lone(scan, lex, one_rx))
    tech = _listed(scan, lone, TECH_NAMES)
    if tech and not scan.words.isdisjoint(TECH_CUES):  # "In Django, how do I ...": the product
        lone = [c for c in lone if c not in tech]
    holy = _listed(scan, lone, SCRIPTURE_NAMES)
    if (
        holy
        and (asks or ends_open(text))
        and not scan.words.isdisjoint(RELIGION_CUES)
        and scan.first_word(FIRST_PERSON) == -1
    ):  # "Which apostle denied Jesus?"; not "Pastor David asked me to call him after church",
        # "Mary went to church on Sunday."
        lone = [c for c in lone if c not in holy]
    if things:  # nor is a word of such a name a name alone ("Ted" of "the end of Ted Lasso season 3")
        lone = [c for c in lone if not _within(c, things)]
    return lone


def _listed(scan: TextScan, lone: Sequence[Candidate], names: frozenset[str]) -> list[Candidate]:
    """The lone-name candidates whose word is in ``names`` (products, people of scripture)."""
    return [c for c in lone if c[3] == "lone_name" and scan.low[c[0] : c[1]] in names]


def _within(candidate: Candidate, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether ``candidate`` lies inside one of ``spans``."""
    return any(a <= candidate[0] and candidate[1] <= b for a, b in spans)


def other_language(scan: TextScan) -> bool:
    """Whether the text is in another language than English (two of its function words): there a
    capitalised word alone is a noun or opens a sentence as often as it is a name ("Was ist der
    Unterschied zwischen Wetter und Klima?"), and the English cues that tell them apart are absent, so
    lone names are not reported; full names, names after a title (Herr Becker) and names next to other
    personal data still are. Two such words among hundreds (a long English text with "EST" and "para")
    are no other language: they must be one in twenty of the text's distinct words."""
    hits = len(scan.words & OTHER_LANGUAGE_WORDS)
    return hits >= 2 and hits * 20 >= len(scan.words)


# A request to act with someone: "forward the contract to ...", "call ...", "meet with ...".
_ACTION_BEFORE = re.compile(
    r"\b(?:forward|send|sent|mail|e-?mail|call|ring|phone|ask|tell(?![ \t]+(?:me|us)\b)|remind|"
    r"invite|pay|contact|meet|text|"
    r"message|cc|introduce\s+me\s+to|hand|deliver|write\s+to|reply\s+to|talk\s+to|speak\s+(?:to|with))"
    r"\b[^.!?\n]{0,40}?[ \t]$",
    re.IGNORECASE,
)


_STRENGTH = {"field": 0, "anchor": 1, "introduced": 2, "about": 3, "full": 4, "lone": 5}


def _strongest(candidates: Sequence[Candidate]) -> list[Candidate]:
    """One candidate per span, the one with the strongest evidence."""
    best: dict[tuple[int, int], Candidate] = {}
    for c in candidates:
        key = (c[0], c[1])
        if key not in best or _STRENGTH[c[2]] < _STRENGTH[best[key][2]]:
            best[key] = c
    return list(best.values())


# A question about a work of fiction: the people in it are its characters ("In the novel To Kill a
# Mockingbird, why does Atticus Finch defend Tom Robinson?").
_FICTION = re.compile(
    r"\b(?:in|from|of)[ \t]+(?:the[ \t]+)?(?:novel|novella|play|film|movie|short[ \t]+story|story|"
    r"fairy[ \t]+tale|tv[ \t]+series|sitcom|musical|opera|comic|manga|anime|video[ \t]+game|myth|"
    r"epic[ \t]+poem)\b",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w'’-]*)")
_NEXT_LOWER_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")  # after a name typed in lower case


def _famous_with_next(text: str, end: int, value: str, figures: PublicFigures) -> bool:
    """Whether the name and the word after it make a famous name (``Elon Musk``, ``Sojourner Truth``,
    ``taylor swift``: the surname is also an ordinary word, so only the first name was taken for a name);
    the next word is capitalised unless the name is typed in lower case."""
    m = (_NEXT_LOWER_WORD if value.islower() else _NEXT_WORD).match(text, end)
    return m is not None and figures.is_famous(f"{value} {m.group(1)}")


_BRAND_CUE = Words(" ".join(sorted(BRAND_CUES)))


def _brand(scan: TextScan, start: int, end: int) -> bool:
    """Whether a name with no title before it starts with a company or brand known worldwide, in a text
    about companies or products in which nobody speaks for themselves and no one is he or she (``What
    does Bosch make?``, ``Kellogg's cereal``; not ``Mercedes sold her car``, ``Tiffany bought a car and
    wants my opinion``); the caller checks the text asks (not ``Tiffany bought a car.``)."""
    text = scan.text
    first = fold(text[start:end].split()[0])
    if (
        first not in BRANDS
        or scan.first_word(_BRAND_CUE) == -1
        or scan.first_word(THIRD_PERSON) != -1
        or scan.first_word(FIRST_PERSON) != -1
    ):
        return False
    before = text[max(0, start - 6) : start].split()
    return not (before and fold(before[-1].rstrip(".")) in HONORIFICS)  # "Mr. Hilton"


def _report(
    scan: TextScan, candidates: Sequence[Candidate], *, asks: bool, personal: bool = False
) -> Iterator[Finding]:
    """PERSON findings for the candidates, leaving out names of places and of famous people.

    A famous name is reported when the text hands over personal material or asks to act with the
    person (``Please forward the contract to Milton Friedman``); a name next to a public role (``CEO
    Amy Williams``) is left out in a question or an instruction (``asks``), and a name cited as the
    source of a view or a text (``According to Ross``, ``Kelsen's theory``), or asked about for what
    made it known (``Who is Jane Fonda?``, in a text with no first person), with its other mentions,
    unless the text hands over personal material.
    """
    text = scan.text
    stem = asks or ends_open(text)  # a question, an instruction or an exam stem: not a statement
    figures = load_public_figures()
    if asks and not personal and any(c[2] in ("full", "lone") for c in candidates) and _FICTION.search(text):
        candidates = [c for c in candidates if c[2] not in ("full", "lone")]  # characters of a story
    famous: set[str] = set()  # words of famous or cited names: their other mentions are left out too
    cited: set[tuple[int, int]] = set()
    if not personal:
        for start, end, kind, _ in candidates:
            if kind == "full" and figures.is_famous(text[start:end]):
                famous.update(w.lower() for w in text[start:end].split())
            elif kind in ("full", "lone") and (
                _cited(text, start, end, stem)
                # a question in the third person about what someone is known for: a public figure, or
                # about a surname's view: a scholar (the whole-text search for a first person last, only
                # once such a cue is there)
                or (
                    asks
                    and (
                        _asked_about_renown(text, start, end)
                        or (kind == "lone" and _asked_about_view(text, start, end))
                    )
                    and scan.first_word(FIRST_PERSON) == -1
                )
            ):
                cited.add((start, end))
                famous.update(w.lower() for w in text[start:end].split())
    for start, end, kind, detector in candidates:
        if kind in ("full", "lone"):
            value = text[start:end]
            if (
                not personal
                and (
                    (start, end) in cited
                    or figures.is_famous(value)
                    or value.lower() in famous
                    or _famous_with_next(text, end, value, figures)
                    or (
                        detector in ("lone_name", "full_name")
                        and stem  # not "Tiffany bought a car."
                        and _brand(scan, start, end)
                    )
                )
                and _ACTION_BEFORE.search(text, max(0, start - 60), start) is None
            ):
                continue
            if asks and not personal and _public_role(text, start, end):
                continue
            if place_before(text, start):
                continue
        score = 0.9 if kind == "full" else 0.5 if kind == "lone" else 0.7
        yield Finding("PERSON", start, end, detector, score=score)
