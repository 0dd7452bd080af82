"""Person names by context: what kind of text it is, the cues that make a word a name, the operating points."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.privacy.context import read_context
from classifiers.privacy.name_exclusions import place_before
from classifiers.privacy.scan import _WORD, Hints, TextScan, Words
from classifiers.sensitivity import SensitivityDetector

DETECTOR = SensitivityDetector()
DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]


def names(text: str, detector: SensitivityDetector = DETECTOR) -> list[str]:
    return [text[f.start : f.end] for f in detector.classify(text) if f.type == "PERSON"]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Which of the following is true of Kant?", "exam"),
        ("Emily was pregnant but Tanya was not, so _ had a baby girl.", "exam"),
        ("Jolie boiled an egg for fifteen minutes. The liquid became solid because", "exam"),
        ("Pretend you are Albert Einstein and explain relativity.", "role_play"),
        ("Natalia sold clips to 48 of her friends. How many clips did she sell?", "word_problem"),
        ("Alexis spent $30 on a shirt, $46 on pants and $38 on a coat.", "word_problem"),
        ("Tom sold 12 apples to his neighbour.", "word_problem"),
        ("Thomas is healthy, yet he goes to the hospital every day. What could be the reason?", "puzzle"),
        ("Write a short story about a dragon called Pip.", "task"),
        ("Given the table below, identify the company with the highest profit.", "task"),
        ("Can you summarise this email from my boss?", "personal"),
        ("My sister Olga turns 40 next week.", "personal"),
    ],
)
def test_context_cues_are_read_from_the_wording(text: str, cue: str) -> None:
    """Each kind of text is recognised from general wording, not from names."""
    assert getattr(read_context(TextScan(text)), cue) is True


@pytest.mark.parametrize(
    "text",
    [
        "Why is Katrine so impulsive?",
        "Mr. Rednjak flew to Phoenix on Tuesday morning.",
        "Don't go to town, Judy!",
    ],
)
def test_personal_statements_read_as_open_text(text: str) -> None:
    """Statements and questions about someone are neither exercises nor instructions."""
    ctx = read_context(TextScan(text))
    assert not (ctx.exercise or ctx.instruction)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Why is Katrine so impulsive?", "Katrine"),
        ("Catherine is a very sympathetic person. They are also good listeners.", "Catherine"),
        ("Mr. Rednjak flew to Phoenix on Tuesday morning.", "Rednjak"),
        ("Ms. Austin flew to Ryssby on Sunday morning.", "Austin"),
        ("Aloisia, can I please speak to your boss?", "Aloisia"),
        ("Thanks so much for the flowers, Declan!", "Declan"),
        ("Don't go to town, Mark!", "Mark"),
        ("She named him Devin", "Devin"),
        ("Quionia is from Areavibes Inc", "Quionia"),
        ("Verda lives on 33 avenue de Provence street.", "Verda"),
        ('"I\'m glad to hear that Bhutan is moving in that direction," says Skjaeveland.', "Skjaeveland"),
        ("Rintanen began writing as a teenager, publishing her first story in 2017.", "Rintanen"),
        ("I met Ana at the conference last month.", "Ana"),
        ("selma is from stillwater supercomputing inc.", "selma"),
        ("my name is borna jerkovic but everyone calls me borna", "borna jerkovic"),
        ("Maybe it's under Heather Horvatinčić", "Heather Horvatinčić"),
        ("Directed By:    Sari J. Paavolainen", "Sari J. Paavolainen"),
        ("Please forward the contract to Milton Friedman today.", "Milton Friedman"),
        ("According to my sister Jane, the party starts at 8.", "Jane"),  # a source, but personal
        ("According to Jane Smith, my landlord, the rent is due on Monday.", "Jane Smith"),
        ("Tell Maria Lopez about the meeting.", "Maria Lopez"),  # acting with someone
        ("hey its dmitri, can u send me the notes from today", "dmitri"),  # a greeting, then who speaks
        ("Hi, it's Marta here - running late.", "Marta"),
        ("My friend Elon Musk lent me money, how do I pay him back?", "Elon"),  # personal material
        ("In the film my cousin Dana Whitfield made, why is my name in the credits?", "Dana Whitfield"),
        ("I would like to remove my kid Florence from the will.", "Florence"),  # a place name as a given name
        ("My son Jordan has had a fever since Monday.", "Jordan"),
        ("my name is Sydney and I need to change my booking", "Sydney"),
        # lower-case prose with escaped quotes (a string pasted from JSON or code) is still prose
        ('\\"i\\\'m glad to hear that nauru is moving in that direction,\\" says björklund.', "björklund"),
        ("Ask Julia about the deployment.", "Julia"),  # a tech text, but a person slot
        ("Julia said she would call me about the rent.", "Julia"),
        ("I'm Wei Chen, my passport number is E12345678", "Wei Chen"),  # the span starts after "I'm"
    ],
)
def test_names_in_personal_context_are_reported(text: str, name: str) -> None:
    """Lone names, names in person slots and lower-case names are found in open texts, with their span."""
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "Natalia sold clips to 48 of her friends in April. How many clips did Natalia sell?",
        "Sarah Miller runs a bakery. She bakes 14 loaves an hour for 9 hours. How many loaves is that?",
        "Kwame's phone plan costs $35 a month plus $0.10 per text. What was his bill for 740 texts?",
        "Write a limerick about a cat named Whiskers who is afraid of mice.",
        "Five friends, Anna, Ben, Chloe, Dan and Ella, sit in a row. Give one possible seating order.",
        "Which methods did Socrates use to challenge the beliefs of his fellow Athenians?",
        "Discuss the main themes of Leo Tolstoy's War and Peace.",
        "Explain the significance of Martin Luther King Jr.'s speech.",
        "Identify the people in this paragraph: 'Globex CEO Hana Ito met chief engineer Paul Mbeki.'",
        "What were the economic effects of the Marshall Plan on Western Europe?",
        "Card 4111 1111 1111 1112 failed the Luhn check",
        "Bernstein thought that restricted codes of language disadvantaged pupils because:",
        "According to Valls, a just cause for political violence is",  # cited as a source
        "According to Ross, when our duties conflict, Ross says we should weigh them.",
        "In the context of Gardiner's article, what does the fragmentation of agency mean?",
        "What are the main ideas of John Rawls' theory of justice?",
        "What are the main ideas of John Rawls' A Theory of Justice?",  # a famous name's possessive
        "Who is Elon Musk?",  # famous, though "musk" is a word: only "Elon" looked like a name
        "Tell me about the life of Frida Kahlo.",  # telling me about someone is not acting with them
        "In the novel To Kill a Mockingbird, why does Atticus Finch defend Tom Robinson?",  # characters
        "We moved here from Kenosha",
        "The Princess Royal arrived at Turnbull Thomson this morning from Colombia.",
        "Thomas and Sons is a Brazilian investment bank",
        "On 2018-02-24, the Russian government began the process of withdrawal.",
        "how do i parse json in python",
        "hey, it's raining so the match is off",
        "Hey it's Monday again, ugh.",
        "This is Florence, the capital of Tuscany.",  # "this is" + a place: still the place
        "I took my son to London last week.",
        "write a program that prints hello world",  # a greeting that names no one
        'print("hello world")',
        "hi there, can you help me with my essay?",
        "Explain the Monty Hall problem.",  # a full name before a problem, principle, theorem: an eponym
        "Use the Hardy Weinberg principle to find the allele frequencies.",
        "In Django, how do I configure logging?",  # software named like a person, in a text about software
        "How big is the Jenkins image in the registry?",
        "Why does my Jenkins pipeline fail after the plugin update?",
        "How do I install Julia on Windows?",
        "Who painted the Mona Lisa?",  # a painting
        "who is taylor swift dating",  # a famous name typed in lower case, its surname a word
        # an eponym next to other personal data is still an eponym
        "How is a card number validated with the Luhn algorithm? Use 4111 1111 1111 1111 as the example.",
    ],
)
def test_names_in_exercises_instructions_and_public_contexts_are_not_reported(text: str) -> None:
    """Word problems, writing tasks, famous people, eponyms, places and organisations are not people."""
    assert names(text) == []


def test_context_words_keep_a_name_in_an_instruction_identifying() -> None:
    """A lone name in an instruction is reported when the text hands over someone's own material."""
    assert names("Summarise this email: 'Please tell Rafael to take the 10am call.'") == ["Rafael"]
    assert names("Summarise the plot: 'Rafael takes the 10am train to Rome.'") == []


def test_full_names_stay_reported_in_an_instruction() -> None:
    """An instruction about a full, non-famous name keeps it: a letter to a private person."""
    assert names("Draft a letter to Margaret Thornton about her overdue invoice.") == ["Margaret Thornton"]


@pytest.mark.parametrize(
    "text",
    [
        "Write a story where Captain Elena Vasquez must land her damaged spaceship on Mars.",
        "Create a character profile for a detective named Jack Harlow in 1920s Chicago.",
        "Write a dialogue between Sherlock Holmes and a client named Margaret Hale.",
        "Invent a villain named Victor Crane for my comic book and describe his backstory.",
    ],
)
def test_full_names_in_a_request_for_fiction_are_characters(text: str) -> None:
    """A request to write a story, a scene, a character or a dialogue makes up the people it names."""
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Write a character reference letter for Maria Gonzalez, who was our nanny.", "Maria Gonzalez"),
        ("Write a bedtime story featuring my niece Sofia Alvarez and her dog.", "Sofia Alvarez"),
        ("Write a funny scene for Greg Holloway's retirement roast.", "Greg Holloway"),
        ("Write a story about the time Ahmed Siddiqui helped me fix my car.", "Ahmed Siddiqui"),
        ("Write a scene-by-scene outline of the documentary about Hannah Keller, a nurse.", "Hannah Keller"),
    ],
)
def test_real_people_in_a_request_for_fiction_stay_reported(text: str, name: str) -> None:
    """Relations, occasions, shared history and non-fiction keep a name in a story request identifying."""
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "Who is Jane Fonda?",
        "What did Pierre de Coubertin found?",
        "What was Hedy Lamarr's invention?",
        "What is Nassim Taleb's black swan theory?",
        "What is Marshall McLuhan known for?",
        "Which company did Ray Dalio found?",
        "Describe the paintings of Winslow Homer.",
        "What was the Tuskegee airmen's role and who was Benjamin O. Davis Jr.?",
    ],
)
def test_a_question_about_what_someone_is_known_for_asks_about_a_public_figure(text: str) -> None:
    """Asked in the third person what made them known, the people are public, whatever the lists hold."""
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Who is Tomasz Nowak? He keeps emailing my wife.", "Tomasz Nowak"),
        ("Who is Anna Berg's manager?", "Anna Berg"),
        ("Who is Marta Szabo? She left a voicemail at the front desk.", "Marta Szabo"),
        ("What is Tom Eriksen known for at the office?", "Tom Eriksen"),
        ("What did Priya Raman design for the client last month?", "Priya Raman"),
        ("What is Maria Lopez's policy number?", "Maria Lopez"),
        ("What is Daniel Okafor's favourite book?", "Daniel Okafor"),
        ("What did Rebecca Thornbury say in the meeting yesterday?", "Rebecca Thornbury"),
        ("Why was Marcus Hale's savings account closed?", "Marcus Hale"),  # a belonging, not an account of
        ("Anna Berg's shopping list is on the fridge.", "Anna Berg"),
        ("Priya Raman's study group meets on Tuesdays.", "Priya Raman"),  # a statement: her own group
        ("Kevin Marsh's model train set is for sale.", "Kevin Marsh"),
    ],
)
def test_other_questions_about_someone_keep_the_name(text: str, name: str) -> None:
    """The first person, or a question that is not about renown, keeps a name identifying."""
    assert name in names(text)


def test_a_people_or_a_faith_in_the_plural_is_no_name() -> None:
    """'Christians', 'Egyptians': a nationality or a faith with a plural s, not Christian the given name."""
    assert names("By what collective name do Christians refer to God the Father?") == []
    assert names("Why did the Egyptians build pyramids?") == []


def test_an_invention_told_in_a_question_is_a_public_figure_s() -> None:
    """'Mary Anderson invented the first windshield wiper. How...?': who invented it is public."""
    text = "In 1903 Mary Anderson invented the first windshield wiper. How did this invention help people?"
    assert names(text) == []
    assert names("My aunt Mary Anderson invented a new pie recipe. How do I store it?") == ["Mary Anderson"]


@pytest.mark.parametrize(
    "text",
    [
        "Describe the architecture of the Taj Mahal.",
        "When was Buckingham Palace built?",
        "How tall is the Willis Tower?",
        "Who designed the Charles Bridge?",
    ],
)
def test_a_name_before_a_landmark_word_names_the_landmark(text: str) -> None:
    """Palace, Tower, Bridge, Mahal...: the words before them name a building, not a person."""
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Popper wrote that a theory which explains everything explains:",
        "Tilly noted that war made states because:",
        "Why does Habermann think that reflection creates obligations?",
        "How does Searle respond to the systems reply?",
        "Why did Hirschman criticise exit?",
        "Ainsworth's strange situation classification stages are:",
        "Merton's strain typology includes:",
        "Kowalczyk argues that we should protect minority cultures because:",  # a philosopher's "we"
        "What is Ross's list of prima facie duties?",
        "What do occupants know in Rawls's original position?",
    ],
)
def test_a_scholar_cited_in_a_question_by_surname_is_no_private_person(text: str) -> None:
    """A view reported or asked about in the third person (said that..., what does X mean by...?), and
    a possessive before a few words and a scholarly noun, cite a scholar."""
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dave said that the package arrived damaged.", "Dave"),  # a finished statement: reported speech
        ("Dave Miller said that the box was damaged, what should he do?", "Dave Miller"),  # he: someone
        ("Lindgren said that my refund is on its way, is that normal?", "Lindgren"),  # the first person
        ("Why did Kowalski reject the budget? He sits two desks away.", "Kowalski"),
        ("What does Emma mean by that?", "Emma"),  # a given name: someone the user knows
        ("Kowalski claims that my refund was sent twice.", "Kowalski"),  # someone speaks for themselves
    ],
)
def test_reported_speech_about_someone_keeps_the_name(text: str, name: str) -> None:
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "What does Bosch manufacture?",
        "How many hotels does Hilton operate worldwide?",
        "Which cars does Renault make?",
        "Why is Tiffany blue trademarked?",
    ],
)
def test_a_brand_in_a_text_about_companies_or_products_is_no_person(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mercedes sold her car last week to a neighbour.", "Mercedes"),  # she: a person
        ("Mr. Hilton wants the report by noon.", "Hilton"),  # a title
        ("Wendy is coming over for dinner on Friday.", "Wendy"),  # nothing about companies
        ("Tiffany bought a new car and wants my opinion.", "Tiffany"),  # the first person
        ("Tiffany bought a new car last week.", "Tiffany"),  # a statement, not a question about brands
    ],
)
def test_a_person_named_like_a_brand_keeps_the_name(text: str, name: str) -> None:
    assert any(name in found for found in names(text))


def test_a_given_name_that_is_a_word_is_a_name_next_to_other_personal_data() -> None:
    """Maria, Will: capitalised mid-sentence next to a card or a phone number, someone to redact too."""
    assert names("Send Maria the card 4111 1111 1111 1111 by Friday.") == ["Maria"]
    assert names("Please ask Will to call 555-201-3344 tomorrow.") == ["Will"]
    # where any word is capitalised, or a capital starts a question or a label, no name
    assert names("My card 4111 1111 1111 1111 was lost, Can I block it?") == []
    assert names("Grace period for card 4111 1111 1111 1111 ends soon.") == []


@pytest.mark.parametrize(
    "text",
    [
        "How quickly does Huntington's progress?",  # a disease
        "When is Halley's comet visible again?",
        "How do you perform the Epley maneuver?",
        "How do I make a Caesar salad?",
        "Who sang Roxanne first?",  # a song
        "How strong was Hurricane Andrew at landfall?",  # a storm
        "Which disciple betrayed Jesus?",  # scripture, in a text about religion
        "What happens at the end of Ted Lasso season 3?",  # a show named after its hero, and its words
        "Who directed the Jason Bourne movies?",
        "What was Ceylon famous for exporting?",  # a land of history
        "How deep is Loch Lomond?",
        "What does the book of Esther tell?",
    ],
)
def test_things_named_like_people_are_no_person(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Pastor David asked me to call him after church.", "David"),  # the first person
        ("Mary went to church on Sunday.", "Mary"),  # a statement
        ("Tell Roxanne the song was great.", "Roxanne"),
        ("Mr. Alzheimer's car is parked outside.", "Alzheimer"),
    ],
)
def test_people_named_like_things_keep_the_name(text: str, name: str) -> None:
    assert any(name in found for found in names(text))


def test_a_capitalised_word_after_an_indefinite_article_is_a_thing() -> None:
    """'won an Oscar', 'a Steinway': a thing or a work; not where someone speaks of a person they met."""
    assert names("Which film won an Oscar for best score in 1998?") == []
    assert names("How much does a Steinway grand piano cost?") == []
    assert names("I met a Jessica at the party who knew my brother.") == ["Jessica"]
    assert names("A Sarah from the bank called about the loan.") == ["Sarah"]  # a statement


def test_a_possessive_citation_with_its_year_is_no_person() -> None:
    """'Sullivan's (2000) study' cites a work, as 'Laing (1967)' does."""
    assert names("Sullivan's (2000) study suggested that men did more housework when:") == []


def test_names_modes_order_recall_and_false_alarms() -> None:
    """full < context < all: lone names only in open texts by default, everywhere but exams with all."""
    statement = "Natalia still hasn't paid back the money she borrowed."
    problem = "Natalia sold 48 clips in April. How many clips did she sell?"
    assert names(statement, SensitivityDetector(names="full")) == []
    assert names(statement) == ["Natalia"]
    assert names(problem) == []
    assert names(problem, SensitivityDetector(names="all")) == ["Natalia"]


def test_unknown_names_mode_is_rejected() -> None:
    """A names mode other than full, context or all is an error at construction."""
    with pytest.raises(ValueError, match="unknown names mode"):
        SensitivityDetector(names="some")  # type: ignore[arg-type]


def test_name_spans_point_into_the_original_text() -> None:
    """A name found after an invisible character keeps its span in the text as given."""
    text = "Don't\u200b go to town, Judy!"
    found = [f for f in DETECTOR.classify(text) if f.type == "PERSON"]
    assert [text[f.start : f.end] for f in found] == ["Judy"]


@pytest.mark.parametrize(
    ("text", "word", "place"),
    [
        ("We moved here from Paterna del Madera", "Madera", True),
        ("My friend lives in San Giuseppe", "Giuseppe", True),
        ("I work for Wolters Kluwer", "Kluwer", True),
        ("Where: Cite Bain Maure", "Bain", True),
        ("Enrico shouted at Gary", "Gary", False),
        ("went to town with Tamara", "Tamara", False),
    ],
)
def test_place_before_reads_the_words_before_a_name(text: str, word: str, place: bool) -> None:
    """Motion verbs with a preposition, locative prepositions and place prefixes make a place."""
    assert place_before(text, text.index(word)) is place


def test_hinted_searches_only_phrases_whose_key_word_occurs() -> None:
    """TextScan.hinted yields positions of hint phrases whose longest word is among the text's words."""
    scan = TextScan("Please call me Ishmael. Call me later.")
    assert list(scan.hinted(Hints("call me", "named"))) == [7, 24]
    assert list(scan.hinted(Hints("named", "nicknamed"))) == []


def test_hinted_reads_long_texts_by_their_words_too() -> None:
    """A long text is searched only for the phrases whose key word it holds, as a short one is."""
    scan = TextScan("Numbers and words. " * 100 + "Please call me Ishmael.")
    assert list(scan.hinted(Hints("call me", "named"))) == [1907]


@given(st.text(st.sampled_from(["a", "Z", "é", "ß", "İ", "1", "_", " ", "-", "\n", "x", "Q"]), max_size=40))
@settings(max_examples=300, deadline=None)
def test_words_are_the_letter_runs_of_the_lower_cased_text(text: str) -> None:
    """Property: TextScan.words (a byte translation for ASCII text) is the set of _WORD's matches."""
    scan = TextScan(text)
    assert scan.words == frozenset(_WORD.findall(scan.low))


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("She said he would come.", 0),  # "she", not the "he" inside it
        ("Then he left; she stayed.", 5),
        ("the hero and the shepherd", -1),  # inside longer words
        ("he_said x2he he2", -1),  # digits and underscores are word characters
        ("(his) 'her' him.", 1),
        ("Ask HIM", 4),  # the text is read lower-cased
        ("él dijo — he came", 10),  # not ASCII: the regular expression reads it
        ("dijo—she", 5),  # a dash is not a word character
        ("", -1),
    ],
)
def test_first_word_finds_whole_words_as_the_regex_does(text: str, first: int) -> None:
    """TextScan.first_word: the start of the first whole word of the set, the same as its \\b regex."""
    words = Words("he she him her his hers himself herself")
    scan = TextScan(text)
    regex = words.regex.search(scan.low)
    assert scan.first_word(words) == first == (-1 if regex is None else regex.start())


def _plain_positions(low: str, needle: str) -> list[int]:
    return [i for i in range(len(low)) if low.startswith(needle, i)]


@given(
    st.lists(st.sampled_from(["ab", "a", "b", "B", "é", "İ", " ", "\n", "ba", "x"]), max_size=20).map(
        "".join
    ),
    st.lists(st.sampled_from(["a", "ab", "aba", "b a", "bab", "é", "i̇", "\n", "zz"]), min_size=1, max_size=5),
)
@settings(max_examples=300, deadline=None)
def test_positions_and_has_agree_with_substring_search(text: str, needles: list[str]) -> None:
    """Property: TextScan.positions (from the text's one-pass index, or a plain search for a needle first
    asked for after the index was made) gives every start of the needle in the lower-cased text,
    overlapping ones included, in order, in characters; has() whether there is one; starts() those of
    several needles, merged."""
    scan = TextScan(text)
    for needle in needles:
        expected = _plain_positions(scan.low, needle)
        assert list(scan.positions(needle)) == expected
        assert scan.has("zzz-never", needle) is bool(expected)
    fresh = TextScan(text)  # a later text's index holds every needle asked for before
    expected_starts = sorted({p for needle in needles for p in _plain_positions(fresh.low, needle)})
    assert fresh.starts(frozenset(needles)) == expected_starts
    for needle in needles:
        assert list(fresh.positions(needle)) == _plain_positions(fresh.low, needle)


def test_a_needle_first_asked_for_after_the_index_is_searched_plainly() -> None:
    """The index holds the needles known when it was made; one asked for later is still found."""
    scan = TextScan("The Quick quick fox")
    assert list(scan.positions("quick")) == [4, 10]
    never_asked = "fox-" + str(id(scan))[-6:]  # no earlier text asked for it
    assert list(scan.positions("fox")) == [16]
    assert not scan.has(never_asked)
    assert list(TextScan("a fox-" + never_asked[4:]).positions(never_asked)) == [2]
    token = "zq" + str(id(never_asked))  # a needle no text asked for before
    later = TextScan(f"The Quick quick fox {token}")
    assert list(later.positions("quick")) == [4, 10]  # the index is made without the token
    assert later.starts(frozenset({"quick", token, "fox"})) == [4, 10, 16, 20]


def test_the_first_look_up_of_a_process_may_ask_for_several_needles() -> None:
    """starts() or has() as the very first look-up of a process (no needle known yet) still answers."""
    head = "from classifiers.privacy.scan import TextScan\n"
    for first in (
        "assert TextScan('abc abc').starts(frozenset(['bc', 'zz'])) == [1, 5]",
        "assert TextScan('abc').starts(frozenset()) == []",
        "assert TextScan('abc').has('zz', 'ab')",
    ):
        subprocess.run([sys.executable, "-c", head + first], check=True, cwd=ROOT)


def test_words_must_be_lower_case_word_characters() -> None:
    with pytest.raises(ValueError):
        Words("He")
    with pytest.raises(ValueError):
        Words("i'm")


def _rows(name: str) -> list[dict[str, object]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@pytest.mark.parametrize("name", ["benign_stress.jsonl", "holdout_stress.jsonl"])
def test_benign_stress_prompts_stay_under_two_percent_false_alarms(name: str) -> None:
    """The hand-written word problems and chat prompts full of names are almost never flagged."""
    rows = [r for r in _rows(name) if not r["sensitive"]]
    flagged = [r["text"] for r in rows if DETECTOR.classify(str(r["text"]))]
    assert len(rows) >= 40
    assert len(flagged) / len(rows) <= 0.02, flagged


@pytest.mark.parametrize("name", ["personal_stress.jsonl", "holdout_stress.jsonl"])
def test_personal_messages_are_flagged(name: str) -> None:
    """Hand-written personal messages with names or addresses are flagged (recall at least 0.9)."""
    rows = [r for r in _rows(name) if r["sensitive"]]
    missed = [r["text"] for r in rows if not DETECTOR.classify(str(r["text"]))]
    assert len(rows) >= 20
    assert len(missed) / len(rows) <= 0.1, missed


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Can you help me study for Maria's chemistry test next week? She is my daughter.", "Maria"),
        ("What should I write in Henrike's reference letter? She was my intern for six months.", "Henrike"),
        ("Plan a birthday party for Lily. She's my niece and loves unicorns.", "Lily"),
        ("Write a poem for Grace. She's my best friend.", "Grace"),
    ],
)
def test_a_name_followed_by_she_is_my_relation_is_reported(text: str, name: str) -> None:
    """ "She is my daughter" ties the name just before it to the writer, in a question or a request too."""
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "Can you help me debug my Python script? He is my student.",  # no name, only capitalised words
        "Who was Marie Curie? She is my hero.",  # a hero is no relation
        "Explain photosynthesis simply. She is my daughter and she is 8.",
    ],
)
def test_she_is_my_relation_does_not_make_other_words_names(text: str) -> None:
    """Sentence openers and the pronoun itself are not taken for the name the relation is about."""
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Please summarise what Dr. Abernathy said about my MRI results.", "Abernathy"),
        ("Explain my blood test results: Dr. Okafor said my ferritin is low.", "Okafor"),
    ],
)
def test_the_writers_own_records_make_an_instruction_personal(text: str, name: str) -> None:
    """ "my MRI results", "my bank statements": the names in a request about them are real people."""
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "Write a Python function that reads my bank statements from Excel.",
        "Summarise my lab results and explain what Gilbert syndrome means.",
    ],
)
def test_own_records_do_not_make_products_or_eponyms_names(text: str) -> None:
    """Products and diseases named after people stay what they are in a personal request."""
    assert names(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "In a team tug of war, Ty did not pull as hard as he would have if he were pulling alone. His "
        "behavior exemplifies",
        "Coach Perry rolls the ball to Lana slowly so she can stop it, then faster. The technique Coach "
        "Perry is using is called",
        "Lynda is a confident, capable woman who takes responsibility for her own actions. Lynda has a(n)",
        "According to attachment theory Helen would best be described as:",
    ],
)
def test_an_exam_vignette_left_for_its_closing_term_is_no_personal_text(text: str) -> None:
    """A stem that stops on "exemplifies", "is called", "a(n)" or "described as:" waits for a concept."""
    assert names(text) == []


def test_a_personal_message_ending_on_a_colon_still_has_its_names() -> None:
    """The closing-term rule does not touch messages: "My sister Aisha asked me to send this to:"."""
    assert "Aisha" in names("My sister Aisha asked me to forward this to:")
