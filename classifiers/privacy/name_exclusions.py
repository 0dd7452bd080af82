"""Capitalised words that look like names but are not people here: places, organisations, eponyms.

* ``place_before``: the words before a name make it a place or an organisation (``moved here from
  Kenosha``, ``arrived at Fala``, ``lives in Quincy``, ``I work for Wolters Kluwer``, ``San Giuseppe``);
* ``in_organisation``: an organisation word follows (``Wells Fargo Bank``, ``Thomas and Sons``), or the
  capitalised run holds two or more words that are not names (``Kroll Bond Ratings Agency``);
* ``eponym_after``: a method, law, award, disease or citation follows (``the Luhn check``, ``Dijkstra's
  algorithm``, ``Bera-Jarque test``, ``Parkinson's``, ``Laing (1967)``, ``Bernstein thought that``; in the
  third person ``Weber said that``);
* ``is_eponym_noun``: the last word of a would-be full name is an institution (``Marshall Plan``);
* ``phrases_asked_about``: the words a question asks to translate or explain (``What does "Feliz
  Navidad" mean?``, ``How do you say Guten Morgen in Italian?``): a phrase, often of another language.
"""

from __future__ import annotations

import re

from classifiers.privacy.context import ends_open
from classifiers.privacy.gazetteer import FUNCTION_WORDS, NATIONALITIES, ORG_WORDS, PLACE_PREFIXES
from classifiers.privacy.gazetteer import words as word_set
from classifiers.privacy.lexicon import Lexicon, fold
from classifiers.privacy.name_tokens import Tok
from classifiers.privacy.scan import FIRST_PERSON, THIRD_PERSON, TextScan, Words

__all__ = ["eponym_after", "in_organisation", "is_eponym_noun", "phrases_asked_about", "place_before"]

# Nouns after which a surname names a method, a law or an award, not a person: "the Luhn check",
# "Dijkstra's algorithm", "Bayes' theorem", "a Nobel prize".
_EPONYM = re.compile(
    # a compound, a citation: "Laing (1967)", "Sullivan's (2000) study", "Smith et al."
    r"-[^\W\d_]|(?:'s|’s|'|’)?[ \t]*\((?:1[5-9]|20)[0-9][0-9][a-z]?\)|[ \t]+et[ \t]+al\b|"
    r"(?:[-–][^\W\d_]+|[ \t]+(?:and|&)[ \t]+[A-Z][\w'’-]*)?"  # Bera-Jarque test, Brumley and Boneh's paper
    r"(?:'s|’s|'|’)?[ \t-]+(?:algorithm|theorem|method|check|checksum|test|law|laws|equation|equations|"
    r"formula|distance|transform|filter|series|effect|principle|constant|number|numbers|conjecture|"
    r"distribution|correlation|coefficient|process|model|curve|space|function|integral|inequality|"
    r"paradox|problem|rule|lemma|prize|award|medal|scale|index|code|cipher|machine|cycle|diagram|"
    r"matrix|operator|notation|hypothesis|criterion|limit|bound|sequence|triangle|approximation|"
    r"protocol|syndrome|disease|reaction|scheme|encoding|complex|fallacy|doctrine|plan|era|dynasty|"
    r"theory|theories|paper|papers|circuit|path|conditions?|group|groups|ring|field|set|sets|"
    r"study|studies|view|views|account|argument|concept|idea|ideas|approach|analysis|critique|works|"
    r"writings|philosophy|thesis|school\s+of|"
    r"school|style|method|methods|graph|tree|heap|sort|search|table|net|network|architecture|statistic|"
    r"statistics|acid|acids|base|bases|structure|structures|equilibrium|equilibria|criterion|estimator|"
    r"regression|analysis|inequality|interval|machine|engine|cell|cells|reagent|synthesis|"
    r"maneuver|manoeuvre|comet|belt|schemes|reflex|gland|glands|fracture|palsy|salad|dressing|"
    r"sauce|cocktail)\b"
)
_CAPITALISED = re.compile(r"[A-Z\u00c0-\u00de][\w'’.-]*")
_NAME_PARTICLES = word_set("de del della di da do dos la le den der van von")
_PLACE_PREPOSITIONS = word_set("in near outside inside around across throughout")
_MOTION_PREPOSITIONS = word_set("from to at in into near for with by")
_MOTION_FILLER = word_set("here there back home over")
_MOTION_VERBS = word_set(
    "move moved moves moving arrive arrived arrives arriving live lived lives living based born located "
    "situated stay stays stayed staying travel travels traveled travelled traveling travelling flew fly "
    "flying went goes going drove drive came come comes coming returned relocated emigrated immigrated "
    "headed trip vacation holiday visit visits visited visiting work works worked working employed job"
)


# A view claimed: "Bernstein thought that", "Ashford argues that we can" (a citation, unless someone
# speaks for themselves: "Reyes argues that my invoice was paid late").
_CLAIM = re.compile(
    r"(?:'s|’s|'|’)?[ \t]+(?:claims?|argues?|argued|believes?|believed|thought|suggests?|suggested|"
    r"proposed|contends?|contended|maintains?|maintained|holds|held|asserts?|asserted)\s+(?:that\b|:)"
)
_SPEAKER = Words("i my me mine")
# A view reported with a plain verb: "Weber said that", "Goffman wrote that" (in the third person).
_VIEW = re.compile(
    r"(?:'s|’s|'|’)?[ \t]+(?:thinks?|says|said|writes|wrote|notes|noted|observes|observed|proclaims|"
    r"proclaimed|declares|declared|insists|insisted|concludes|concluded|emphasi[sz]es|emphasi[sz]ed|"
    r"stresses|stressed|predicts|predicted|posits|posited|explains|explained|denies|denied|"
    r"criticised|criticized)\s+(?:that\b|:)"
)


def eponym_after(scan: TextScan, end: int) -> bool:
    """Whether what follows a name makes it an eponym or a citation (``the Luhn check``, ``Parkinson's``
    as a disease); a view reported with a plain verb (``Weber said that``) only in a question or an exam
    stem where nobody speaks for themselves (not ``Johnson said that my order``, ``Dave said that the
    package arrived damaged.``)."""
    low = scan.low
    if _EPONYM.match(low, end) is not None:
        return True
    if _CLAIM.match(low, end) is not None:
        return scan.first_word(_SPEAKER) == -1
    if low.startswith(("'s", "’s"), end):
        head = low[max(0, end - 12) : end].split()
        if head and head[-1] in _DISEASES:
            return True
    return (
        _VIEW.match(low, end) is not None
        and ends_open(scan.text)
        and scan.first_word(FIRST_PERSON) == -1
        # nor someone spoken of: not "Dave said that the box was damaged, what should he do?"
        and scan.first_word(THIRD_PERSON) == -1
    )


# Surnames that with a possessive name a disease ("How does Parkinson's affect movement?"); not the
# common surnames among them (Wilson, Graves, Addison, Bell).
_DISEASES = word_set(
    "parkinson alzheimer huntington crohn tourette asperger hodgkin cushing raynaud meniere hashimoto "
    "kawasaki"
)

_INSTITUTIONAL = word_set(
    "comet belt maneuver "
    "plan act prize award medal doctrine treaty theorem law laws rule effect principle paradox conjecture "
    "equation formula constant award trophy cup lecture lectures foundation fellowship scholarship "
    "syndrome disease test scale index method process model theory project program programme report "
    "agreement accord convention declaration amendment commission committee institute"
)


def is_eponym_noun(key: str) -> bool:
    """A noun that a surname names rather than a person's surname: Marshall Plan, Nobel Prize."""
    return key in _INSTITUTIONAL


def place_before(text: str, start: int) -> bool:
    """Whether the words before ``start`` make what follows a place or an organisation: ``moved here
    from Kenosha``, ``arrived at Fala``, ``lives in Quincy``, ``I work for Wolters Kluwer``, ``Where:
    Novo mesto``, ``San Giuseppe``. The capitalised words of the name itself are skipped first (``from
    Paterna del Madera``)."""
    words = text[max(0, start - 60) : start].split()
    if start > 60 and words:
        words.pop(0)  # possibly cut
    while words and (_CAPITALISED.fullmatch(words[-1]) or words[-1] in _NAME_PARTICLES):
        if fold(words[-1].rstrip(".")) in PLACE_PREFIXES:
            return True
        words.pop()
    if words and words[-1].lower() == "the":
        words.pop()
    if not words:
        return False
    last = words[-1].lower()
    if last in _PLACE_PREPOSITIONS or last == "where:" or (last == ":" and words[-2:-1] == ["where"]):
        return True
    if last not in _MOTION_PREPOSITIONS:
        return False
    rest = [w.lower() for w in words[-3:-1] if w.lower() not in _MOTION_FILLER]
    return bool(rest) and rest[-1] in _MOTION_VERBS


_CONNECTOR = re.compile(r"[ \t]+(?:(?:and|&|of|for|de|du|der)[ \t]+)?")


def in_organisation(text: str, tok: Tok, one_rx: re.Pattern[str], lex: Lexicon) -> bool:
    """``Wells Fargo Bank``, ``Thomas and Sons``, ``Kroll Bond Ratings Agency``: part of a proper name
    that is not a person's: an organisation word follows, or the run of capitalised words around the
    name holds two or more words that are not names."""
    at = tok.end
    others = 0
    for _ in range(4):
        gap = _CONNECTOR.match(text, at)
        if gap is None:
            break
        nxt = one_rx.match(text, gap.end())
        if nxt is None:
            break
        follower = Tok(nxt.group(), nxt.start())
        if follower.key in ORG_WORDS:
            return True
        if follower.key not in lex.given and follower.key not in lex.surnames:
            others += 1
        at = follower.end
        if follower.stop or follower.possessive:
            break
    return others >= 2


# A question about words: what they mean, how to say them, their translation (on the lower-cased text).
_ABOUT_WORDS = re.compile(
    r"\btranslat|\bmean(?:s|t|ing)?\b"
    r"|\bhow[ \t]+(?:do|would|can|could|should)[ \t]+(?:you|i|we|one)[ \t]+say\b"
)
_QUOTED = re.compile(r"\"([^\"\n]{1,80})\"|“([^”\n]{1,80})”")
# "say Guten Morgen in Italian": the words between "say" and a language.
_SAID_IN = re.compile(r"\bsay[ \t]+([^\"“?!.,;:\n]{1,60}?)[ \t]+(?:in|into)[ \t]+([a-z]+)\b")
_POSSESSIVE = Words("my our mine ours")
# With scan's first and third person: someone speaks, is spoken to or of (a message to translate).
_ADDRESSED = Words("you your yours they them their")
# The phrase's lower-case words: an English function word among them makes it a clause, a message
# ("Maria Gonzalez is leaving the company"), not words of another language.
_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z]+(?![\w'’])")


def phrases_asked_about(scan: TextScan) -> list[tuple[int, int]]:
    """Spans of the words a question asks to translate or explain: a quoted phrase in a text that asks
    what something means, how to say it or for a translation (``What does "Buenos Dias" mean?``,
    ``Translate "Merci beaucoup" into English``), and the words after "say" up to "in <language>"
    (``How do you say Bom Dia in Spanish?``). Their capitalised words are a phrase, not a person; a
    phrase in which someone speaks or is spoken of (``Translate "Anna told me she is late"``) is a
    message, and is left out, and so is an English clause (``"Maria Gonzalez is leaving"``); so is
    every phrase of a text that holds my/our or he/she (someone's own material, someone spoken of)."""
    low = scan.low
    if (
        not ("mean" in low or "translat" in low or "say" in low)
        or _ABOUT_WORDS.search(low) is None
        or scan.first_word(_POSSESSIVE) != -1  # "What does "Maria Gonzalez" mean in my contract?"
        or scan.first_word(THIRD_PERSON) != -1
    ):
        return []
    spans = []
    for m in _QUOTED.finditer(scan.text):
        group = 1 if m.group(1) is not None else 2
        spans.append((m.start(group), m.end(group)))
    for m in _SAID_IN.finditer(low):
        if m.group(2) in NATIONALITIES:
            spans.append((m.start(1), m.end(1)))
    return [
        (a, b)
        for a, b in spans
        if not any(w.regex.search(low, a, b) for w in (FIRST_PERSON, THIRD_PERSON, _ADDRESSED))
        and FUNCTION_WORDS.isdisjoint(_LOWER_WORD.findall(scan.text, a, b))  # no English clause
    ]
