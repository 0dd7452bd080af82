"""What kind of text this is, read from its wording: the context that decides whether a name identifies.

A first name in ``Natalia sold 48 clips. How many clips did she sell?`` names nobody: the text is an
exercise. The same name in ``Natalia still hasn't paid me back`` is about a real person. Names are
reported according to the kind of text, read from a few general cues (none taken from a data set):

* ``exam``: a multiple-choice question (options ``A.``/``B)`` on their own lines, an ``Answer:`` cue) or
  the wording of one (``Which of the following...``, ``This question refers to...``, ``Select the best``),
  a blank to fill (``_``), or a sentence left to complete (a text ending on ``because``, ``of``, ``the``);
* ``role_play``: a request to play or imitate someone (``pretend to be``, ``act as``, ``in the voice of``);
* ``word_problem``: a quantity question or a computation over numbers (``How many...``, ``What is the
  total...``, ``Calculate...``) in a text that holds a number (digits or number words), or a short
  third-person narrative that counts things (``sold 48 clips``, ``earns $12``, three amounts or more):
  a problem cut before its question;
* ``puzzle``: statements that set a scene, then a question, with nobody speaking for themselves (no
  ``I``, ``my``, ``we``): ``Thomas is very healthy, but he goes to the hospital every day. Why?``;
* ``task``: an instruction to produce or process content (``Write...``, ``Describe...``, ``Compare...``,
  ``Summarise...``, ``Extract...``), at the start of a sentence, possibly after ``please`` / ``can you``;
* ``personal``: the text hands over someone's own material or relations (``this email``, ``the following
  message``, ``my sister``, ``my boss``), which keeps names in a task identifying.

``exercise`` (exam, role play or word problem) and ``instruction`` (a task or a puzzle, with no
personal cue) are the two benign readings the name finders consult. The cues are rules, not a fitted
model: the only benign texts full of names outside exams are hand-written, and fitting weights to them
would learn their author's style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from classifiers.privacy.gazetteer import RELATIONS
from classifiers.privacy.scan import FIRST_PERSON, Hints, TextScan

__all__ = [
    "TextContext",
    "asks_for_fiction",
    "ends_open",
    "is_exam_question",
    "is_public",
    "read_context",
]

# An answer option on a line of its own (A. / b) / (C) ...): at the start of the text, or after a line
# break (a pattern that starts with one, which the engine finds at C speed, unlike a multi-line "^").
_OPTION = r"[ \t]*\(?[A-Da-d][).:][ \t]+\S"
_FIRST_OPTION = re.compile(_OPTION)
_NEXT_OPTION = re.compile("\n" + _OPTION)

# Every pattern below runs on the lower-cased text and is tried only where one of its first words
# occurs (found by a plain substring search, ``_found``): a full regular-expression scan of a long text
# costs more than the rest of the detector.
_ROLE_PLAY = re.compile(
    r"(?:pretend\s+(?:to\s+be|you\s+are|yourself)|imagine\s+(?:you\s+are|yourself)|act\s+as|act\s+like|"
    r"embody|role-?play|impersonate|persona\s+of|in\s+the\s+style\s+of|in\s+the\s+voice\s+of|"
    r"(?:play|take\s+on|assume|embrace)\s+the\s+(?:role|part|persona)\s+of|you\s+are\s+now|"
    r"stay\s+in\s+character)\b"
)
# The wording of exam questions, with or without their options.
_QUIZ = re.compile(
    r"(?:which\s+(?:one\s+)?of\s+the\s+(?:following|given|these|options|statements|choices)|"
    r"(?:this|the\s+following)\s+questions?\s+(?:refers?|is\s+based|are\s+based)|"
    r"according\s+to\s+the\s+(?:passage|excerpt|text|author|information)|"
    r"(?:select|choose|pick)\s+the\s+(?:best|correct|most|right|option|answer)|"
    r"(?:is|are)\s+(?:an|the)\s+(?:best\s+)?example\s+of|fill\s+in\s+the\s+blank|true\s+or\s+false)\b"
)
_QUIZ_HINTS = Hints.of(
    "which this according select choose pick fill true",
    "the following",
    "is an ",
    "is the ",
    "are an ",
    "are the ",
)
_ROLE_PLAY_HINTS = Hints.of(
    "pretend imagine embody role roleplay impersonate persona take assume embrace stay",
    "act ",
    "in the ",
    "play ",
    "you are now",
)
_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion|twice|thrice|half|halves|double|triple|dozens?|quarters?|"
    r"thirds?|percent)\b"
)
_DIGIT = re.compile(r"[0-9]")
# Questions and instructions that ask for a quantity.
_QUANTITY = re.compile(
    r"(?:how\s+(?:many|much|long|far|old|fast|tall|heavy|often|big|wide|deep|high)\b"
    r"|what\s+(?:is|was|will|would|were|are|'s)\s+(?:the\s+|her\s+|his\s+|their\s+|its\s+|our\s+)?"
    r"(?:\w+\s+)?(?:total|average|mean|sum|cost|price|probability|area|perimeter|volume|remainder|"
    r"value|difference|ratio|percentage|fraction|speed|rate|profit|revenue|bill|change|score|length|"
    r"weight|distance|amount|number|age)\b"
    r"|what\s+(?:percent(?:age)?|fraction|time|year|day|position|direction)\b"
    r"|what\s+(?:does|do|did|will|should)\s+\w+\s+need\b"
    r"|(?:calculate|compute|solve|simplify|evaluate|estimate)\b"
    r"|find\s+(?:the|x|y|z|all|its|how)\b|after\s+how\b|in\s+what\s+year\b|to\s+the\s+nearest\b"
    r"|how\s+\w+\s+(?:more|less|fewer|longer|shorter|older|younger|taller|cheaper)\b"
    r"|which\s+\w+\s+(?:is|are|was)\s+(?:he|she|they)\b)"
)
_QUANTITY_HINTS = Hints.of(
    "how what calculate compute solve simplify evaluate estimate find after which",
    "in what",
    "to the nearest",
)
# Imperatives that ask for content to be produced or processed ...
_TASK_VERB = re.compile(
    r"(?:write|compose|draft|create|craft|invent|continue|describe|explain|summari[sz]e|paraphrase|translate|rewrite|"
    r"edit|proofread|correct|analy[sz]e|compare|contrast|discuss|outline|suggest|recommend|extract|"
    r"identify|classify|categori[sz]e|evaluate|select|choose|determine|"
    r"find\s+(?:a|an|the|all|out|some|\d+)|implement|generate|develop|design|brainstorm|"
    r"illustrate|elaborate|critique|review|rank|sort|convert|format|rephrase|imagine|pretend|suppose|"
    r"list\s+(?:the|all|every|some|\d+|[a-z]+\s+(?:examples?|ways?|reasons?|ideas?|things?))|"
    r"give\s+(?:me|us|a|an|one|two|three|some|examples?|\d+)|provide\s+(?:a|an|some|the|me|us|\d+)|"
    r"answer\s+(?:the|these|this|each|all|with|in|following)|read\s+(?:the|this|these)|"
    r"help\s+me(?:\s+to)?\s+\w+|tell\s+me\s+(?:a|an|about|how|why|what)|show\s+me\s+how|"
    r"act\s+as|take\s+on|picture\s+yourself|put\s+yourself|channel|roleplay|role-play|"
    r"return\s+(?:a|an|the)\s+(?:json|list|table|csv|dict))\b"
)
# ... at the start of a sentence, a line or a clause, possibly after "please" or "can you".
_TASK_AT = re.compile(
    r"(?:(?:please|now|first|next|then|also|finally|and|kindly)\s*,?\s+)?"
    r"(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?|i\s+(?:want|need|would\s+like)\s+you\s+to\s+|"
    r"your\s+task\s+is\s+to\s+|let'?s\s+)?" + _TASK_VERB.pattern
)
# Someone's own material or relations: what makes the names in an instruction identifying.
_PERSONAL = re.compile(
    r"(?:this|the\s+following|the\s+below|the\s+attached|my|his|her|their|our)\s+"
    r"(?:e-?mails?|messages?|letters?|texts?|sms|chats?|notes?|voicemails?|dms?|conversations?|"
    r"transcripts?|replies|reply|cover\s+letter|cv|resume|résumé|diary|journal)\b"
    # the writer's own records: health, money, contracts ("what Dr. Abernathy said about my MRI results")
    r"|(?:my|our)\s+(?:(?:blood|lab|test|mri|scan|x-ray|biopsy|pathology)\s+(?:test\s+)?results?|"
    r"mri|x-rays?|diagnosis|prescriptions?|medical\s+(?:records?|history|file)|health\s+records?|"
    r"bank\s+statements?|tax\s+returns?|payslips?|pay\s+stubs?|salary|lease|tenancy\s+agreement|"
    r"employment\s+contract|insurance\s+claim)\b"
    rf"|my\s+(?:{RELATIONS})\b"
)
_PERSONAL_HINTS = Hints.of(
    "",
    "this ",
    "the following",
    "the below",
    "the attached",
    "my ",
    "his ",
    "her ",
    "their ",
    "our ",
)


# What a request for fiction asks for (a poem, a letter or a speech can be for a real person; these not).
_FICTION_ASKED = re.compile(
    r"\b(?:(?:short|bedtime|love|ghost|detective|adventure|fairy)[ \t]+(?:stor(?:y|ies)|tales?)|"
    r"stor(?:y|ies)|tales?|fables?|novels?|novellas?|screenplay|(?:film|movie|tv)[ \t]+script|scenes?|"
    r"characters?(?![ \t-]+(?:references?|witness|letters?|statements?))|protagonists?|villains?|"
    r"fictional|fiction|fan[ \t-]?fic(?:tion)?|sci-fi|fantasy|"
    r"chapters?|plot[ \t]+twist|dialogues?)\b"
)

# ... unless it is about someone real: "a scene-by-scene outline of the documentary about ...".
_NON_FICTION = re.compile(
    r"\b(?:documentar(?:y|ies)|biograph(?:y|ies|ical)|memoirs?|eulogy|obituary|tribute|true[ \t]+story|"
    r"real[ \t-]+life|based[ \t]+on[ \t]+(?:a[ \t]+)?real|speech|toast|recommendation|reference|"
    r"roast|retirement|birthday|wedding|anniversary|farewell|graduation|funeral|memorial|newsletter|"
    # someone who wrote it: "Anna Berg's new novel", "a story written by"
    r"authors?|writers?|novelists?|wrote|written[ \t]+by|"
    r"(?:'s|’s)[ \t]+(?:[a-z]+[ \t]+)?(?:novels?|stor(?:y|ies)|books?|tales?|screenplays?|scripts?)|"
    # shared history: "the time Ahmed helped me", "a coworker I met"
    r"(?:i|we)[ \t]+(?:met|know|knew|worked|work|live|lived|grew[ \t]+up)|"
    r"(?:helped|told|taught|saved|visited|called|hired|married|raised|met)[ \t]+(?:me|us))\b"
)


# An amount: money, a percentage, or a number followed by a lower-case word ("48 of", "50 minutes").
_QUANTITIES = re.compile(r"[$£€][0-9][0-9,.]*|[0-9][0-9,.]*(?:%|[ \t]+[a-z])")


# The signature sentence of a word problem: someone trades or counts things ("sold 48 clips", "bought 3
# notebooks", "has twice as many", "earns $12").
_COUNTED = re.compile(
    r"\b(?:sold|sells|bought|buys|has|had|have|gave|gives|ate|eats|picked|picks|baked|bakes|collected|"
    r"collects|made|makes|earns|earned|saved|saves|spent|spends|paid|pays|read|reads|planted|plants|"
    r"needs|needed|uses|used|caught|catches|scored|scores|received|receives|owns|won|shares|shared|"
    r"packs|packed|fills|filled|cuts|cut|sews|knits|runs|ran|walks|walked|swims|swam)"
    r"[ \t]+(?:\$[0-9][0-9,.]*|[0-9][0-9,.]*(?:[ \t]+[a-z-]+){1,2}s\b"
    r"|(?:twice|three\s+times|half)\s+as\s+(?:many|much))"
)


_SENTENCE_END = re.compile(r"[.!?](?:[ \t\n]|$)")


def _is_puzzle(low: str) -> bool:
    """A scene set in statements, then a question (the caller checks that nobody says I, my, we)."""
    end = low.rstrip()
    if not end.endswith("?") or len(end) > 1500:
        return False
    return _SENTENCE_END.search(end, 0, len(end) - 1) is not None  # not a single question


def _count_quantities(text: str) -> int:
    return sum(1 for m in _QUANTITIES.finditer(text) if m.start() == 0 or not text[m.start() - 1].isalnum())


def _found(rx: re.Pattern[str], scan: TextScan, hints: Hints) -> bool:
    """Whether ``rx`` matches at the start of a word where one of ``hints`` (its first words) occurs."""
    low = scan.low
    for at in scan.hinted(hints):
        if (at == 0 or not low[at - 1].isalnum()) and rx.match(low, at) is not None:
            return True
    return False


# Where a sentence, a line or a clause starts: an instruction's verb can only be there. One scan for
# both (a punctuation mark starts the pattern, so the engine skips to those) rather than a match call at
# every clause head.
_HEAD_TASK = re.compile(r"[.!?:;\n,][ \t\n]*[\"'(\[]?(?:" + _TASK_AT.pattern + ")")


def _has_task(low: str) -> bool:
    if _TASK_AT.match(low, len(low) - len(low.lstrip(" \t\n\"'(["))) is not None:
        return True
    return _HEAD_TASK.search(low) is not None


def is_exam_question(text: str) -> bool:
    """A multiple-choice question (options ``A.``/``B)``... on their own lines, or an ``Answer:`` cue)."""
    seen = _FIRST_OPTION.match(text) is not None
    for _ in _NEXT_OPTION.finditer(text):
        if seen:
            return True
        seen = True
    return text.rstrip().endswith("Answer:")


_BLANK = re.compile(r"(?:^|[ \t])_+(?=[ \t.,;:?!]|$)", re.MULTILINE)
# Words that close an exam vignette, also before a final colon: "His behavior exemplifies", "... is called".
_CLOSING_TERMS = frozenset(("exemplifies", "illustrates", "reflects", "demonstrates", "called", "termed"))
# Words a finished sentence does not end on: a text ending on one is a sentence to complete.
_OPEN_ENDS = (
    frozenset(
        re.findall(
            r"\w+",
            "because that the a an of to is are was were by for with in as which what who when be would will "
            "could than and or but from on at into",
        )
    )
    | _CLOSING_TERMS
    | {"exemplify", "illustrate", "having", "a(n)"}
)
_COLON_ENDS = _CLOSING_TERMS | {"as", "of"}  # "... best be described as:", "the category of:"


def _is_quiz(scan: TextScan) -> bool:
    """An exam question without its options: ``Which of the following...``, ``This question refers to...``,
    a blank to fill (``..., so _ was surprised``), or a sentence left to complete (``This was because``)."""
    low = scan.low
    if _found(_QUIZ, scan, _QUIZ_HINTS) or ("_" in low and _BLANK.search(low) is not None):
        return True
    tail = low.rstrip().rsplit(None, 1)
    if not tail:
        return False
    last = tail[-1]
    # "... best be described as:", "the category of:"; not "forward this to:" (a message's address line)
    return last in _OPEN_ENDS or (last[:-1] in _COLON_ENDS and last.endswith(":"))


@dataclass(frozen=True, slots=True)
class TextContext:
    """The cues of one text (see the module docstring)."""

    exam: bool = False
    role_play: bool = False
    word_problem: bool = False
    puzzle: bool = False
    task: bool = False
    personal: bool = False

    @property
    def public(self) -> bool:
        """About public figures or fictional people: a quiz question or a role-play request."""
        return self.exam or self.role_play

    @property
    def exercise(self) -> bool:
        """An exam, a role play or a word problem: the people in it are made up or public."""
        return self.exam or self.role_play or (self.word_problem and not self.personal)

    @property
    def instruction(self) -> bool:
        """A request to write, explain or process content, or a puzzle, with no personal material."""
        return (self.task or self.puzzle) and not self.personal


def _is_role_play(scan: TextScan) -> bool:
    return _found(_ROLE_PLAY, scan, _ROLE_PLAY_HINTS)


def is_public(scan: TextScan) -> bool:
    """An exam question or a role-play request (the cheapest part of the context, read first)."""
    return is_exam_question(scan.text) or _is_quiz(scan) or _is_role_play(scan)


def read_context(scan: TextScan, *, public: bool | None = None) -> TextContext:
    """The cues of ``scan``'s text; ``public=False`` when ``is_public`` has already said no."""
    low = scan.low
    first_person = scan.first_word(FIRST_PERSON) != -1
    if _found(_QUANTITY, scan, _QUANTITY_HINTS):
        word_problem = _DIGIT.search(low) is not None or _NUMBER_WORD.search(low) is not None
    else:  # a problem cut before its question: a short third-person narrative that counts things
        word_problem = (
            len(low) < 1200
            and not first_person
            and (_count_quantities(scan.text) >= 3 or _COUNTED.search(low) is not None)
        )
    return TextContext(
        exam=False if public is False else is_exam_question(scan.text) or _is_quiz(scan),
        role_play=False if public is False else _is_role_play(scan),
        word_problem=word_problem,
        puzzle=not first_person and _is_puzzle(low),
        task=_has_task(low),
        personal=_found(_PERSONAL, scan, _PERSONAL_HINTS),
    )


def asks_for_fiction(low: str) -> bool:
    """Whether a (lower-cased) request asks for a story, a scene, a character or a dialogue, and nothing
    in it says the people are real (a documentary, a birthday, "helped me"). Read only when a name
    depends on it: two scans of the whole text."""
    return _FICTION_ASKED.search(low) is not None and _NON_FICTION.search(low) is None


def ends_open(text: str) -> bool:
    """Whether the text ends on a question, a colon or a cut sentence (an exam stem, ``Weber said that
    ... could be traced back to:``) rather than on a finished statement (``Dave said that the package
    arrived damaged.``)."""
    return not text.rstrip(" \t\n\"'”’)").endswith((".", "!"))
