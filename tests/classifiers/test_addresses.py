"""The street-address finder: its number scans (tried only at the digits, with the regex scan's results),
spans, and landmarks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from classifiers.privacy import addresses
from classifiers.privacy.scan import TextScan
from classifiers.sensitivity import SensitivityDetector

DETECTOR = SensitivityDetector()

# Digits, spaces, tabs, separators, capitalised and lower-case letters, ordinals, non-ASCII characters.
_PIECES = st.sampled_from(
    [
        "1",
        "23",
        "456",
        "1234567",
        " ",
        "\t",
        ",",
        "-",
        "/",
        ".",
        "Main",
        "street",
        "St",
        "th",
        "a",
        "É",
        "ß",
        "€",
        "\n",
    ]
)


@settings(max_examples=300)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_digit_driven_scans_match_the_regex_scans(text: str) -> None:
    """Property: the number-first and number-last scans find exactly the matches of ``finditer``."""
    digits = TextScan(text).run_spans(addresses._DIGITS)
    for rx in (addresses._NUM_CAP, addresses._NUM_LOW):
        assert [m.span() for m in addresses._from_digits(rx, text, digits)] == [
            m.span() for m in rx.finditer(text)
        ]
    assert [m.span() for m in addresses._from_digits(addresses._WORD_NUM, text, digits, before=1)] == [
        m.span() for m in addresses._WORD_NUM.finditer(text)
    ]


def test_addresses_are_still_found() -> None:
    """Both orders of street and number, after other numbers in the same text."""
    text = "Order 1234567 of 12 items ships to 3968 Bay Street. The old office was Villacher Strasse 89."
    scan = TextScan(text)
    found = [text[f.start : f.end] for f in addresses.find_addresses(scan)]
    assert any(f.startswith("3968 Bay Street") for f in found) and "Villacher Strasse 89" in found


def test_landmark_addresses_are_public() -> None:
    """A landmark's address, and the words in it, are not reported; the same street elsewhere is."""
    for text in [
        "What happened at 10 Downing Street during the Suez crisis?",
        "Who lives at 1600 Pennsylvania Avenue NW, Washington, DC 20500?",
        "Ship it to 1060 West Addison Street, Chicago.",  # "Addison" is no person there either
    ]:
        assert DETECTOR.classify(text) == (), text
    for text, span in [
        ("Send it to 10 Downing Road, Leeds", "10 Downing Road, Leeds"),
        ("My address is 1060 West Elm Street, Chicago", "1060 West Elm Street, Chicago"),
    ]:
        assert [text[f.start : f.end] for f in DETECTOR.classify(text)] == [span]


def test_a_street_word_before_other_punctuation_is_seen() -> None:
    """The quick look ahead for a street word strips ; : ! ? ) and quotes too, as the full reading does."""
    for text, street in [
        ("It ships to 3968 Bay Street; the invoice goes elsewhere.", "3968 Bay Street"),
        ("We met at 221 Elm Road!", "221 Elm Road"),
        ('She wrote "12 Baker Street" on the parcel.', "12 Baker Street"),
    ]:
        found = [text[f.start : f.end] for f in addresses.find_addresses(TextScan(text))]
        assert street in found, (text, found)


def test_a_uk_postcode_after_the_town_is_kept_whole() -> None:
    """'London SW1A 2AA': the postcode's second half stays in the address span."""
    text = "Please send it to 10 Downing St, London SW1A 2AA by Friday."
    found = [text[f.start : f.end] for f in addresses.find_addresses(TextScan(text))]
    assert "10 Downing St, London SW1A 2AA" in found, found


def test_a_bracketed_aside_after_the_town_is_not_part_of_the_address() -> None:
    """'(near the plant)' is prose; '(France)' is a capitalised part of the address."""
    for text, span in [
        (
            "My new place is 742 Evergreen Terrace, Springfield (near the plant).",
            "742 Evergreen Terrace, Springfield",
        ),
        ("Ship to 5 Rue de Rivoli, Paris (France).", "5 Rue de Rivoli, Paris (France)."),
    ]:
        assert span in [text[f.start : f.end] for f in addresses.find_addresses(TextScan(text))]


def test_french_addresses_with_the_street_word_in_lower_case() -> None:
    """ "14 rue des Lilas, 75019 Paris": the house number, the lower-case street word, a capitalised name;
    not a number before a lower-case word that is no street name ("2 place settings")."""
    for text, span in [
        ("j'habite au 14 rue des Lilas, 75019 Paris", "14 rue des Lilas, 75019 Paris"),
        ("Envoyez-le au 8 avenue Victor Hugo, 69002 Lyon", "8 avenue Victor Hugo, 69002 Lyon"),
        (
            "3 bis chemin de l'Église, 13100 Aix-en-Provence",
            "3 bis chemin de l'Église, 13100 Aix-en-Provence",
        ),
    ]:
        assert [(f.type, text[f.start : f.end]) for f in DETECTOR.classify(text)] == [
            ("STREET_ADDRESS", span)
        ]
    for text in ["We need 2 place settings and 12 cours de danse.", "Take 3 route changes into account."]:
        assert DETECTOR.classify(text) == (), text


def test_street_name_comma_number_and_more_postcode_shapes() -> None:
    """ "Rua Augusta, 100" (a comma before the number that ends the street part); Portuguese, Swedish and
    Canadian postcodes stay in the span; a leading "of"/"der" is not part of the street name."""
    for text, span in [
        ("Moro na Rua Augusta, 100, 1100-053 Lisboa", "Rua Augusta, 100, 1100-053 Lisboa"),
        ("Min adress är Storgatan 14, 114 55 Stockholm", "Storgatan 14, 114 55 Stockholm"),
        ("Ship to 123 Main St W, Toronto, ON M5V 2T6", "123 Main St W, Toronto, ON M5V 2T6"),
        ("Ich wohne in der Hauptstraße 12, 10115 Berlin", "Hauptstraße 12, 10115 Berlin"),
    ]:
        assert ("STREET_ADDRESS", span) in [(f.type, text[f.start : f.end]) for f in DETECTOR.classify(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Explain the history of Route 66 and why it matters.",
        "In the Via Appia, 300 soldiers marched south.",
    ],
)
def test_a_road_number_or_a_count_after_a_street_name_is_no_address(text: str) -> None:
    """Route 66 names a road, not a house; a count after "Via Appia," is no house number."""
    assert [f.type for f in DETECTOR.classify(text)] == [], text


def test_dutch_canal_and_dyke_streets_and_no_counted_number() -> None:
    """Keizersgracht 221, Zeedijk 12 are streets; "Herengracht 40 minutes" counts minutes."""
    for text, span in [
        (
            "Please send the invoice to our new office at Keizersgracht 221, Amsterdam.",
            "Keizersgracht 221, Amsterdam.",
        ),
        ("Zeedijk 12, 1012 AX Amsterdam", "Zeedijk 12, 1012 AX Amsterdam"),
    ]:
        assert ("STREET_ADDRESS", span) in [(f.type, text[f.start : f.end]) for f in DETECTOR.classify(text)]
    for text in ["We walked along the Herengracht 40 minutes.", "Villacher Strasse 12 km further on."]:
        assert DETECTOR.classify(text) == (), text


def test_a_unit_then_a_street_without_a_street_word() -> None:
    """ "Flat 3, 47 Kingsway, London WC2B 6TE": the unit and house number make it an address; not a
    list of numbers in prose ("The flat 3, 4 and 5 options")."""
    text = "Flat 3, 47 Kingsway, London WC2B 6TE"
    assert [(f.type, text[f.start : f.end]) for f in DETECTOR.classify(text)] == [("STREET_ADDRESS", text)]
    for text in ["The flat 3, 4 and 5 options are Good, Better, Best.", "unit 3, 4 Quick tests, then deploy"]:
        assert DETECTOR.classify(text) == (), text


def test_a_three_two_postcode_is_not_the_start_of_a_phone_number() -> None:
    """ "114 55 Stockholm" is a postcode; "975 97 287" on the next line is the start of a phone number."""
    text = "07 Simavikveien 231\n Apt. 585\n MOSS\n Turkey 05557\n975 97 287-Office"
    spans = [text[f.start : f.end] for f in DETECTOR.classify(text) if f.type == "STREET_ADDRESS"]
    assert spans == ["07 Simavikveien 231\n Apt. 585\n MOSS\n Turkey 05557"]
