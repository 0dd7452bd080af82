"""The sensitivity detector: each type with its span, obfuscation, checksums, benign texts, custom terms."""

from __future__ import annotations

import itertools
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import classifiers.privacy as privacy
from classifiers.privacy import labelled
from classifiers.privacy.normalize import normalize
from classifiers.sensitivity import ALL_TYPES, SensitivityDetector

DETECTOR = SensitivityDetector()


def found(text: str, detector: SensitivityDetector = DETECTOR) -> list[tuple[str, str]]:
    return [(f.type, text[f.start : f.end]) for f in detector.classify(text)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Contact me at jane.doe@example.com please", "EMAIL_ADDRESS", "jane.doe@example.com"),
        ("write to jane [at] example [dot] com", "EMAIL_ADDRESS", "jane [at] example [dot] com"),
        (
            "my email is john dot smith at outlook dot com",
            "EMAIL_ADDRESS",
            "john dot smith at outlook dot com",
        ),
        ("mail me: jsmith at gmail dot com", "EMAIL_ADDRESS", "jsmith at gmail dot com"),
        ("Call me on (415) 555-2671 tomorrow", "PHONE_NUMBER", "(415) 555-2671"),
        ("My number is +44 20 7946 0958", "PHONE_NUMBER", "+44 20 7946 0958"),
        ("please text my number 555-0199", "PHONE_NUMBER", "555-0199"),  # a local number, owned
        ("Mobile: 03.93.92.16.85", "PHONE_NUMBER", "03.93.92.16.85"),
        ("SSN: 536-90-4399", "US_SSN", "536-90-4399"),
        ("my social security number is 536904399", "US_SSN", "536904399"),
        ("My driver's license number is F162823540116", "US_DRIVER_LICENSE", "F162823540116"),
        ("The driver's license number on file is D1234567.", "US_DRIVER_LICENSE", "D1234567"),
        ("attached passport number XG9382049 to the file", "US_PASSPORT", "XG9382049"),
        ("Card 4111 1111 1111 1111 expires soon", "CREDIT_CARD", "4111 1111 1111 1111"),
        ("Please charge my card 378282246310005.", "CREDIT_CARD", "378282246310005"),
        ("Send it to IBAN DE89 3704 0044 0532 0130 00", "IBAN_CODE", "DE89 3704 0044 0532 0130 00"),
        ("transfer from GB82WEST12345698765432 today", "IBAN_CODE", "GB82WEST12345698765432"),
        ("routing number 061000104 for the transfer", "US_BANK_NUMBER", "061000104"),
        ("bank account number 3847283911 belongs to me", "US_BANK_NUMBER", "3847283911"),
        ("Server at 203.0.113.42 is down", "IP_ADDRESS", "203.0.113.42"),
        ("Server at 2001:db8::8a2e:370:7334 is down", "IP_ADDRESS", "2001:db8::8a2e:370:7334"),
        ("My laptop is 192.168.1.7/24 on the LAN", "IP_ADDRESS", "192.168.1.7"),  # a host with its network
        ("the VPN host is 10.8.0.1/32.", "IP_ADDRESS", "10.8.0.1"),
        ("Tax ID 94-2841935 of the contractor", "TAX_ID", "94-2841935"),
        ("PAN ABCPJ4567F on file", "TAX_ID", "ABCPJ4567F"),
        ("Aadhaar 2345 6789 0124", "NATIONAL_ID", "2345 6789 0124"),
        ("Patient ID AHC-0933289 was swapped", "ID_NUMBER", "AHC-0933289"),
        ("my vin is 1HGCM82633A004352, is the car stolen?", "ID_NUMBER", "1HGCM82633A004352"),
        ("My license plate is 7ABC123, how do I appeal the ticket?", "ID_NUMBER", "7ABC123"),
        ("number plate: KX19 ABC. Is the MOT due?", "ID_NUMBER", "KX19 ABC"),
        ("aws key AKIAIOSFODNN7EXAMPLE", "API_KEY", "AKIAIOSFODNN7EXAMPLE"),
        (
            "token ghp_16C7e42F292c6912E7710c838347Ae178B4a",
            "API_KEY",
            "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        ),
        (
            "slack: xoxb-2345678901-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
            "API_KEY",
            "xoxb-2345678901-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        ),
        ("STRIPE=sk_live_4eC39HqLyjWDarjtT1zdp7dc", "API_KEY", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"),
        ('db_password = "Tr0ub4dor&3"', "PASSWORD", "Tr0ub4dor&3"),
        ("MYSQL_ROOT_PASSWORD: hunter2x!", "PASSWORD", "hunter2x!"),
        ("CREATE USER app IDENTIFIED BY 'S3cretPassw0rd';", "PASSWORD", "S3cretPassw0rd"),
        ("mysql -u root -pX9v!kQ2 mydb", "PASSWORD", "X9v!kQ2"),
        (
            "postgres://admin:s3cr3tPass@db.internal:5432/app",
            "CONNECTION_STRING",
            "postgres://admin:s3cr3tPass@db.internal:5432/app",
        ),
        ("Server=db1;Database=app;User Id=sa;Password=Pa55w0rd!;", "CONNECTION_STRING", "Pa55w0rd!"),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----",
            "PRIVATE_KEY",
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----",
        ),
        ("Authorization: Bearer a8Fk29sLq0Zx77PmN3vB", "SECRET", "a8Fk29sLq0Zx77PmN3vB"),
        ("api_token = 'q8ZrT2vLx9MwN4kPa7Yd'", "SECRET", "q8ZrT2vLx9MwN4kPa7Yd"),
        (
            "session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "SECRET",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        ),
        (
            "Please update my address to 3968 Bay Street, Springfield, IL 62704",
            "STREET_ADDRESS",
            "3968 Bay Street, Springfield, IL 62704",
        ),
        ("The office is in Villacher Strasse 89", "STREET_ADDRESS", "Villacher Strasse 89"),
        ("send it to PO Box 1234", "STREET_ADDRESS", "PO Box 1234"),
        (
            "> Lina Artemova\n> 2224 Trenerys gate 232\n> Apt. 342",
            "STREET_ADDRESS",
            "2224 Trenerys gate 232\n> Apt. 342",
        ),
        (
            "The letter arrived at 4589 40th Street Suite 603 Calgary AB",
            "STREET_ADDRESS",
            "4589 40th Street Suite 603 Calgary AB",
        ),
        (
            "Business Resources\n\n38 124 N. Stadion Suite 056 Larnaka",
            "STREET_ADDRESS",
            "38 124 N. Stadion Suite 056 Larnaka",
        ),
        ("Pedestrians must enter on Erzsébet tér 92. the first months", "STREET_ADDRESS", "Erzsébet tér 92"),
        (
            "We'll meet Thursday at Incadence, 08428 Rue de Piétrain 371, Noorderwijk",
            "STREET_ADDRESS",
            "08428 Rue de Piétrain 371, Noorderwijk",
        ),
        ("Dr. Helena Shaw will review it", "PERSON", "Helena Shaw"),
        ("Faina D. Yefremova wrote the memo", "PERSON", "Faina D. Yefremova"),
        ("My name is Katrine", "PERSON", "Katrine"),
        ("Patient: Anna Berg", "PERSON", "Anna Berg"),
        ("Why is Katrine so impulsive?", "PERSON", "Katrine"),
        ("Marcus Nguyen's SSN is on file", "PERSON", "Marcus Nguyen"),
    ],
)
def test_each_type_is_found_with_its_span(text: str, kind: str, value: str) -> None:
    """Every canonical type is reported with the exact span of the identifier."""
    assert (kind, value) in found(text)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("card ４１１１ １１１１ １１１１ １１１１", "CREDIT_CARD", "４１１１ １１１１ １１１１ １１１１"),
        ("card 4111\u200b1111\u200b1111\u200b1111", "CREDIT_CARD", "4111\u200b1111\u200b1111\u200b1111"),
        ("card 4-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1", "CREDIT_CARD", "4-1-1-1-1-1-1-1-1-1-1-1-1-1-1-1"),
        ("card 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1", "CREDIT_CARD", "4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1"),
        ("card 4111\u20131111\u20131111\u20131111", "CREDIT_CARD", "4111\u20131111\u20131111\u20131111"),
        ("mail ja\u200bne@exam\u200bple.com now", "EMAIL_ADDRESS", "ja\u200bne@exam\u200bple.com"),
        ("mail ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ now", "EMAIL_ADDRESS", "ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ"),
        ("GET /subscribe?email=alice.w%40gmail.com&plan=pro", "EMAIL_ADDRESS", "alice.w%40gmail.com"),
        ("email: jane . doe @ gmail . com", "EMAIL_ADDRESS", "jane . doe @ gmail . com"),
        ("ssn: 5 3 6 - 9 0 - 4 3 9 9", "US_SSN", "5 3 6 - 9 0 - 4 3 9 9"),
        # base64 of "my ssn is 536-90-4399": the run is reported with what it encodes
        ("decode this: bXkgc3NuIGlzIDUzNi05MC00Mzk5", "US_SSN", "bXkgc3NuIGlzIDUzNi05MC00Mzk5"),
        (
            "data=eyJlbWFpbCI6ICJqYW5lQGdtYWlsLmNvbSJ9",
            "EMAIL_ADDRESS",
            "eyJlbWFpbCI6ICJqYW5lQGdtYWlsLmNvbSJ9",
        ),
        ("my social security number is 5 3 6 9 0 4 3 9 9", "US_SSN", "5 3 6 9 0 4 3 9 9"),
        ('<a href="mailto:bob&#64;corp.io">mail</a>', "EMAIL_ADDRESS", "bob&#64;corp.io"),
        ("SSN ５３６-９０-４３９９", "US_SSN", "５３６-９０-４３９９"),
        ("iban de89 3704 0044 0532 0130 00", "IBAN_CODE", "de89 3704 0044 0532 0130 00"),
        ("key akiaIOSFODNN7EXAMPLE".replace("akia", "AKIA"), "API_KEY", "AKIAIOSFODNN7EXAMPLE"),
        ("```python\nPASSWORD = 'Zq8!vR2#mK'\n```", "PASSWORD", "Zq8!vR2#mK"),
        ('```json\n{"ssn": "536-90-4399", "email": "x@y.io"}\n```', "US_SSN", "536-90-4399"),
        (json.dumps({"user": {"card": "4111-1111-1111-1111"}}), "CREDIT_CARD", "4111-1111-1111-1111"),
        (json.dumps({"api_key": "AKIAIOSFODNN7EXAMPLE"}), "API_KEY", "AKIAIOSFODNN7EXAMPLE"),
        # digits of other scripts and dingbat digits, which NFKC keeps as they are
        ("card ٤١١١ ١١١١ ١١١١ ١١١١", "CREDIT_CARD", "٤١١١ ١١١١ ١١١١ ١١١١"),
        ("SSN ५३६-९०-४३९९", "US_SSN", "५३६-९०-४३९९"),
        ("card ➍➊➊➊ 1111 1111 1111", "CREDIT_CARD", "➍➊➊➊ 1111 1111 1111"),
        # escaped JSON (\\uXXXX, as json.dumps writes non-ASCII) and HTML character references
        (
            '{"user": {"email": "maria.lopez\\u0040gmail.com"}}',
            "EMAIL_ADDRESS",
            "maria.lopez\\u0040gmail.com",
        ),
        ('{"ssn": "536\\u002d90\\u002d4399"}', "US_SSN", "536\\u002d90\\u002d4399"),
        (json.dumps({"name": "José García", "ssn": "536-90-4399"}), "PERSON", "Jos\\u00e9 Garc\\u00eda"),
        (
            "<p>Contact: jane&#46;doe&#64;example&#46;com</p>",
            "EMAIL_ADDRESS",
            "jane&#46;doe&#64;example&#46;com",
        ),
        (
            "<td>card</td><td>4111&#32;1111&#32;1111&#32;1111</td>",
            "CREDIT_CARD",
            "4111&#32;1111&#32;1111&#32;1111",
        ),
    ],
)
def test_obfuscated_identifiers_are_found_with_original_spans(text: str, kind: str, value: str) -> None:
    """Full-width forms, zero-width characters, spaced/dashed digits, code blocks and JSON are seen through."""
    assert (kind, value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Card 4111 1111 1111 1112 failed the Luhn check",
        "Meet @ 5 . Then we eat.",  # spaced around an at sign, but no domain
        "the digits 1 2 3 4 5 6 7 8 9 in order",
        "How much are license plate 2024 renewal fees in Ohio?",
        "What is a vanity license plate?",
        "decode: aGVsbG8gd29ybGQsIG5vdGhpbmcgcGVyc29uYWwgaGVyZQ==",  # base64 of text with nothing in it
        "call get_user_profile_by_identifier(user_id) first",
        "IBAN DE88 3704 0044 0532 0130 00 has a wrong check digit",
        "Reference 000-12-3456 in the catalogue",
        "Reference 666-12-3456 in the catalogue",
        "number 2345 6789 0125 is not an Aadhaar",
        "the version is 999.1.1.1",
        "localhost is 127.0.0.1",
        # netmasks, broadcast, multicast groups and networks written with their prefix name no machine
        "Set the netmask to 255.255.255.0 on the interface",
        "Broadcast to 255.255.255.255 reaches every host",
        "mDNS answers on 224.0.0.251 and ff02::fb",
        "What is the difference between 10.0.0.0/8 and 192.168.0.0/16?",
        "Allow 172.16.0.0/12.",
        # the public DNS resolvers everyone knows are services, not someone's machine
        "Write a bash script that pings 8.8.8.8 every 5 seconds",
        "Set the resolver to 1.1.1.1 or 2606:4700:4700::1111",
        "password is valid only if it has eight characters",
        "password = get_password()",
        "api_key = os.environ['API_KEY']",
        "token = ${TOKEN}",
    ],
)
def test_invalid_or_placeholder_values_are_not_flagged(text: str) -> None:
    """Bad checksums, never-issued numbers, addresses that name no machine and placeholders are not findings."""
    assert found(text) == []


BENIGN = [
    "Visit us at acme dot com for this week's deals.",  # a web site spelled out, not an address
    # math word problems with first names (GSM8K style)
    "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. "
    "How many clips did Natalia sell altogether in April and May?",
    "Weng earns $12 an hour for babysitting. Yesterday, she just did 50 minutes of babysitting. How much did she earn?",
    "Betty is saving money for a new wallet which costs $100. Betty has only half of the money she needs. "
    "Her parents decided to give her $15 for that purpose, and her grandparents twice as much as her parents. "
    "How much more money does Betty need to buy the wallet?",
    "James writes a 3-page letter to 2 different friends twice a week. How many pages does he write a year?",
    "Mark has a garden with flowers. He planted plants of three different colors in it. Ten of them are yellow, "
    "and there are 80% more of those in purple. How many flowers does Mark have in his garden?",
    "Albert is wondering how much pizza he can eat in one day. He buys 2 large pizzas and 2 small pizzas. "
    "A large pizza has 16 slices and a small pizza has 8 slices. How many pieces does he eat that day?",
    "Ken created a care package to send to his brother, who was away at boarding school. Ken placed a box on a "
    "scale, and then he poured into the box enough jelly beans to bring the weight to 2 pounds.",
    "Tina makes $18.00 an hour. If she works more than 8 hours per shift, she is eligible for overtime. "
    "If she works 10 hours every day for 5 days, how much money does she make?",
    "Julie is reading a 120-page book. Yesterday, she was able to read 12 pages and today, she read twice as "
    "many pages as yesterday. If she wants to read half of the remaining pages tomorrow, how many should she read?",
    "Alexis went to a department store with a budget of $200 to buy a new set of business clothes. "
    "She spent $30 on a button-up shirt, $46 on suit pants and $38 on a suit coat.",
    "Rose, Will and Grant share 36 marbles. Rose has twice as many as Will. How many does Grant have?",
    "A train leaves at 3:45 PM and travels 120 miles at 60 mph. At what time does it arrive?",
    "The population grew from 1,250,000 in 1990 to 1,480,000 in 2000. What was the percent increase?",
    # quiz questions about public figures and places
    "What does Milton Friedman believe to be the sole responsibility of business?\nA. shareholders\n"
    "B. employees\nC. society\nD. government\nAnswer:",
    "Which of the following was established before 1859, when Charles Darwin published On the Origin of "
    "Species?\nA. DNA\nB. genes\nC. fossils\nD. cells\nAnswer:",
    # code tasks and chat prompts
    "Write a python function to remove duplicate characters from a string.\nassert remove_dup('hello') == 'helo'",
    "def check_password(password):\n    return len(password) >= 8 and any(c.isdigit() for c in password)",
    "Compose an engaging travel blog post about a recent trip to Hawaii, highlighting cultural experiences.",
    "Pretend yourself to be Elon Musk in all the following conversations. Speak like Elon Musk as much as possible.",
    "Imagine you are participating in a race with a group of people. If you have just overtaken the second "
    "person, what's your current position?",
    "Explain the difference between a key and a value in a Python dictionary, e.g. {'key': 'value'}.",
    "The hash of the commit is 3f786850e387550fdab836ed7e6dc881de23001b; please explain git rebase.",
    "Use the sha256 of the file and compare it with the published checksum.",
]


@pytest.mark.parametrize("text", BENIGN)
def test_benign_prompts_are_not_flagged(text: str) -> None:
    """Math problems with first names, quizzes about public figures, code and chat prompts hold no PII."""
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "What happened to the Mary Celeste?",  # a name right after "the" names a thing
        "Describe the architecture of the Sagrada Familia.",
        "How deep is the Mariana Trench?",
        "What is the best time to visit Mont Saint-Michel?",  # a place word opens it
        "What wine goes well with chicken Marsala?",  # a dish
        "Is lamb Rogan Josh spicy?",
        "What is the plot of Romeo and Juliet?",  # a title of two names
    ],
)
def test_things_named_like_people_are_not_people(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("Tell me a fun fact about Abraham Lincoln.", False),  # asking to be told: about him
        ("Tell us a story about Napoleon Bonaparte.", False),
        ("Tell Barack Obama that the meeting moved.", True),  # telling him: acting with the person
    ],
)
def test_tell_me_asks_about_a_public_figure_tell_him_acts_with_him(text: str, reported: bool) -> None:
    assert any(kind == "PERSON" for kind, _ in found(text)) is reported


@pytest.mark.parametrize(
    "text",
    [
        "Was ist der Unterschied zwischen Wetter und Klima?",
        "¿Cómo se prepara una paella valenciana?",
        "Qual è la differenza tra Lazio e Roma?",
        "Jak działa silnik elektryczny?",
        "Hur lång tid tar det att koka ett ägg?",
        "Das Passwort ist zu kurz.",
    ],
)
def test_capitalised_words_of_other_languages_are_not_lone_names(text: str) -> None:
    """In a text in another language a capitalised word alone (a noun, a question word opening the
    sentence) is not taken for a name: the English cues that tell them apart are absent."""
    assert found(text) == []


def test_english_words_borrowed_from_other_languages_do_not_make_a_text_foreign() -> None:
    """'Los Angeles', 'per hour', 'et al.' are English text: its lone names are still read."""
    text = "I moved to Los Angeles and pay 20 dollars per hour; why does Katrine ignore me?"
    assert ("PERSON", "Katrine") in found(text)


def test_names_after_a_title_are_still_found_in_other_languages() -> None:
    """A title is a cue in any language: "Herr Becker" is a person in a German text."""
    assert ("PERSON", "Becker") in found("Mein Chef Herr Becker hat mir gekündigt, was kann ich tun?")
    assert ("PERSON", "Schmidt") in found("Frau Schmidt ist meine Nachbarin und sie ist sehr laut.")


def test_two_foreign_words_in_a_long_english_text_do_not_make_it_foreign() -> None:
    """'EST' and 'para' among a hundred English words: the text is English, its lone names are read."""
    text = (
        "Katrine keeps missing our standup, which starts at 9am EST every weekday. I have asked her twice "
        "to update the tracker before the meeting, and para 3 of the team agreement says updates are due "
        "by noon. The rest of the team has been patient, but the release slips whenever tickets sit "
        "without owners for several days. How should I raise this with her without sounding harsh?"
    )
    assert ("PERSON", "Katrine") in found(text)


def test_names_with_personal_data_are_still_found_in_other_languages() -> None:
    text = "Bitte schreibe eine E-Mail an Thomas Müller, seine Nummer ist 0176 12345678."
    assert {("PERSON", "Thomas Müller"), ("PHONE_NUMBER", "0176 12345678")} <= set(found(text))
    # a possessive of another language opening a sentence is no name beside the personal data
    text = "Mein Name ist Anna Schmidt, meine Nummer ist 0176 12345678."
    assert [value for kind, value in found(text) if kind == "PERSON"] == ["Anna Schmidt"]


def test_every_occurrence_of_a_found_value_is_reported() -> None:
    """A value written twice is found twice, or redaction would send its other copy in clear."""
    text = "login: q7Vx!29pLm and the password is q7Vx!29pLm, why does it fail?"
    assert found(text) == [("PASSWORD", "q7Vx!29pLm"), ("PASSWORD", "q7Vx!29pLm")]
    # only whole words: a longer token that contains the value is another token
    text = "password: q7Vx!29pLm; hash of q7Vx!29pLmXYZ is unrelated"
    assert found(text) == [("PASSWORD", "q7Vx!29pLm")]


def test_conventional_placeholder_names_are_not_people() -> None:
    assert found("What is a placeholder name like John Smith or Jane Doe used for in legal documents?") == []
    # introduced as someone's, a placeholder name is still reported
    assert ("PERSON", "Jane Doe") in found(
        "My new colleague Jane Doe starts on Monday, her number is 555-0134."
    )


def test_a_person_after_the_is_still_found_with_other_personal_data() -> None:
    text = "I met the Anna Berg you mentioned; her number is 555-0134."
    assert ("PERSON", "Anna Berg") in found(text)
    # a relative clause after the name: a person, not a thing
    assert ("PERSON", "Anna Berg") in found("Is the Anna Berg who called yesterday your sister?")


@pytest.mark.parametrize(
    "text",
    [
        'What does "Feliz Navidad" mean?',
        "How do you say Guten Morgen in Italian?",
        'Translate "Merci Beaucoup, à demain" into English',
        "Can you translate “Bella Ciao” to English?",
        'What is the meaning of "Dolce Far Niente"?',
        'Explain what "Hakuna Matata" means.',
    ],
)
def test_a_phrase_asked_about_is_not_a_person(text: str) -> None:
    """Words a question asks to translate or explain are a phrase, often of another language, even
    when they read like a first name and a surname."""
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('Translate "Dear Ingrid Solberg, your test results are ready" into Norwegian.', "Ingrid Solberg"),
        ('What does "Jonas Weber" mean on the invoice he sent me?', "Jonas Weber"),
        ('Translate for my landlord: "Hello, I am Peter Novak and I will pay on Monday."', "Peter Novak"),
        ("Please translate the note from Carla Mendes into Spanish.", "Carla Mendes"),
        ('Translate "Maria Gonzalez is leaving the company on Friday" into Spanish.', "Maria Gonzalez"),
        ('What did Tom mean by "Maria Gonzalez is leaving"?', "Maria Gonzalez"),  # an English clause
    ],
)
def test_names_in_a_message_to_translate_are_still_people(text: str, name: str) -> None:
    """A quoted message in which someone speaks or is addressed, or a text about someone (he, my), keeps
    its names."""
    assert ("PERSON", name) in found(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my card number is 4111 1111 1111 1112", "4111 1111 1111 1112"),  # one digit mistyped
        ("charge my visa 4539 1488 0343 6468 today", "4539 1488 0343 6468"),
        ("Debit card no. 5500-0000-0000-0006, expiry 04/27", "5500-0000-0000-0006"),
        ("Why were no points credited on my credit card 060426070012?", "060426070012"),
    ],
)
def test_a_labelled_card_number_is_reported_whatever_its_checksum(text: str, value: str) -> None:
    """A number called a card number gives the card away even when its Luhn digit is wrong."""
    assert found(text) == [("CREDIT_CARD", value)]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Aadhaar 2345 6789 0123", "NATIONAL_ID", "2345 6789 0123"),  # its checksum fails: labelled
        ("National Insurance number JG 10 37 56 A", "NATIONAL_ID", "JG 10 37 56 A"),
        ("my NI number is JG103756A", "NATIONAL_ID", "JG103756A"),
        ("NINO: AB123456C", "NATIONAL_ID", "AB123456C"),
        ("patient id 4821 12 34 was admitted", "ID_NUMBER", "4821 12 34"),
        ("Tax ID 94-2841935 under the company", "TAX_ID", "94-2841935"),  # a 7-digit group, whole
        ("DL:AB12-34CD-56EF, and SSN", "US_DRIVER_LICENSE", "AB12-34CD-56EF"),
    ],
)
def test_a_labelled_number_in_groups_is_found_whole(text: str, kind: str, value: str) -> None:
    """All the groups of a labelled number are in the finding (redaction would send the rest in clear)."""
    assert (kind, value) in found(text)


def test_a_labelled_date_is_not_widened_over_the_time() -> None:
    """Groups of one number share their separator: a date and a time after a label are not one number."""
    assert ("US_BANK_NUMBER", "2026-04-26 12") not in found("account opened 2026-04-26 12:36")


@pytest.mark.parametrize(
    "text",
    [
        "Pay with the card ending in 4242.",  # the last four digits, as receipts print them
        "My credit card has a limit of 2500 dollars.",
        "Visa processed 212000000000 transactions last year.",  # a count, not after a card label
    ],
)
def test_card_labels_without_a_card_number_are_not_reported(text: str) -> None:
    assert found(text) == []


def test_a_compound_noun_after_an_addressing_verb_is_not_a_name() -> None:
    """The word "phone" in "my phone number" is a noun: "number" is no one's name (it is a surname, and lower case
    lets any word be a name), so the phone number is the only finding; "call Anna" still is one."""
    assert found("my phone number is 555-0199") == [("PHONE_NUMBER", "555-0199")]
    assert found("please call anna tomorrow") == [("PERSON", "anna")]


def test_a_bare_number_in_arithmetic_is_not_a_phone_number() -> None:
    assert found("What is the number 1234567 squared?") == []
    assert found("my lucky number is 7 and 1234567 is not") == []


def test_names_next_to_other_personal_data_are_reported() -> None:
    """A single name is identifying when it sits beside a phone number, even with lone names off."""
    full_only = SensitivityDetector(names="full")
    text = "Please ask Brenda to call 415-555-2671 about the contract"
    assert ("PERSON", "Brenda") in found(text, full_only)
    assert ("PERSON", "Brenda") not in found("Please ask Brenda about the contract", full_only)


@pytest.mark.parametrize(
    ("terms", "patterns", "text", "value"),
    [
        (["Project Nightingale"], [], "status of project nightingale?", "project nightingale"),
        (["ACME-42"], [], "Ticket for acme-42 is open", "acme-42"),
        ([], [r"CUST-\d{6}"], "customer CUST-123456 called", "CUST-123456"),
    ],
)
def test_custom_terms_and_patterns_are_reported(
    terms: list[str], patterns: list[str], text: str, value: str
) -> None:
    """User-defined strings (case-insensitive) and regular expressions are CUSTOM findings."""
    detector = SensitivityDetector(terms=terms, patterns=patterns)
    assert ("CUSTOM", value) in found(text, detector)


def test_custom_terms_match_whole_words_only() -> None:
    """A custom term inside a longer word is not a match."""
    detector = SensitivityDetector(terms=["ace"])
    assert found("the race was fast", detector) == []


def test_invalid_custom_pattern_is_rejected_at_construction() -> None:
    """A pattern that does not compile raises ValueError when the detector is made."""
    with pytest.raises(ValueError, match="invalid custom pattern"):
        SensitivityDetector(patterns=["(unclosed"])


def test_enabled_types_limit_the_findings() -> None:
    """Only the enabled types are reported."""
    text = "mail jane@example.com or call (415) 555-2671"
    assert found(text, SensitivityDetector(types=["EMAIL_ADDRESS"])) == [
        ("EMAIL_ADDRESS", "jane@example.com")
    ]


def test_unknown_type_is_rejected() -> None:
    """Asking for a type the detector does not know is an error."""
    with pytest.raises(ValueError, match="unknown sensitive types"):
        SensitivityDetector(types=["EMAIL_ADDRESS", "SHOE_SIZE"])


def test_findings_are_sorted_and_do_not_overlap() -> None:
    """Overlapping candidates are resolved: the stronger type wins, the result is ordered by start."""
    text = "IBAN GB82WEST12345698765432, card 4111111111111111, mail a@b.io, SSN 536-90-4399"
    result = DETECTOR.classify(text)
    assert [f.start for f in result] == sorted(f.start for f in result)
    assert all(a.end <= b.start for a, b in itertools.pairwise(result))
    assert {f.type for f in result} >= {"IBAN_CODE", "CREDIT_CARD", "EMAIL_ADDRESS", "US_SSN"}


def test_normalisation_maps_spans_back_to_the_original() -> None:
    """The normalised view drops invisible characters and folds full-width ones, keeping an offset map."""
    view = normalize("a\u200bb ＡＢ")
    assert view.text == "ab AB"
    assert view.span(0, 2) == (0, 3)
    assert view.span(3, 5) == (4, 6)


def test_escapes_read_as_the_characters_they_spell() -> None:
    """\\uXXXX escapes (a surrogate pair as one character) and HTML character references become their
    character, mapped back to the whole escape; what spells nothing stays as written."""
    text = "a\\u0040b &#64;&#x40;&commat; \\ud83d\\ude00 &amp;lt; \\udc00 &nosuch; AT&T; \\u0007"
    view = normalize(text)
    assert view.text == "a@b @@@ \U0001f600 &lt; \\udc00 &nosuch; AT&T; \\u0007"
    assert text[slice(*view.span(1, 2))] == "\\u0040"
    assert text[slice(*view.span(4, 7))] == "&#64;&#x40;&commat;"
    assert text[slice(*view.span(8, 9))] == "\\ud83d\\ude00"
    assert text[slice(*view.span(0, len(view.text)))] == text
    assert normalize("plain ascii & nothing else").text == "plain ascii & nothing else"


def test_public_names_are_exported() -> None:
    """Every name in the package's __all__ exists, and every type is documented in ALL_TYPES."""
    assert all(hasattr(privacy, name) for name in privacy.__all__)
    assert "CUSTOM" in ALL_TYPES and len(set(ALL_TYPES)) == len(ALL_TYPES)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_classify_never_raises_and_spans_are_in_range(text: str) -> None:
    """On any text, findings have known types and valid, ordered, non-overlapping spans."""
    result = DETECTOR.classify(text)
    previous_end = 0
    for f in result:
        assert f.type in ALL_TYPES
        assert previous_end <= f.start < f.end <= len(text)
        previous_end = f.end


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["4111 1111 1111 1111", "jane@example.com", "\u200b", "\uff14", " ", "-", "Anna Berg", "x"]
        ),
        max_size=12,
    ).map("".join)
)
def test_classify_handles_mixed_obfuscation(text: str) -> None:
    """Mixtures of identifiers, invisible and full-width characters never break the offset map."""
    for f in DETECTOR.classify(text):
        assert 0 <= f.start < f.end <= len(text)
        assert re.sub(r"\s", "", text[f.start : f.end])


def test_lone_names_follow_the_names_mode() -> None:
    """A lone first name in a word problem is reported only with names="all"; in a statement, by default."""
    problem = "Natalia sold clips to 48 of her friends in April. How many clips did she sell?"
    statement = "Natalia still hasn't paid back the money she borrowed in April."
    assert found(problem) == []
    assert ("PERSON", "Natalia") in found(problem, SensitivityDetector(names="all"))
    assert ("PERSON", "Natalia") in found(statement)
    assert found(statement, SensitivityDetector(names="full")) == []


def test_exam_questions_do_not_flag_public_figures() -> None:
    """The same full name is reported in a request but not in a multiple-choice question about it."""
    question = "Which view did Milton Friedman hold?\nA. profit\nB. duty\nC. virtue\nD. care\nAnswer:"
    assert found(question) == []
    assert ("PERSON", "Milton Friedman") in found("Please forward the contract to Milton Friedman today.")


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Mi DNI es 12345678Z", "NATIONAL_ID", "12345678Z"),
        ("My NIE is X1234567L", "NATIONAL_ID", "X1234567L"),
        ("BSN 111222333 voor de belastingdienst", "NATIONAL_ID", "111222333"),
        ("My SIN is 130 692 544", "NATIONAL_ID", "130 692 544"),
        ("NHS number 943 476 5919 - can you check my records?", "NATIONAL_ID", "943 476 5919"),
        ("CPF 123.456.789-09", "TAX_ID", "123.456.789-09"),
        ("Meu CPF é 123.456.789-09, pode verificar?", "TAX_ID", "123.456.789-09"),  # in its own language
        ("Mon NIF est 12345678Z", "NATIONAL_ID", "12345678Z"),
        ("Meine Steuer-ID ist 86095742719", "TAX_ID", "86095742719"),
        ("Steuer-ID 86095742719", "TAX_ID", "86095742719"),
        ("tax file number 123 456 782", "TAX_ID", "123 456 782"),
        ("il mio codice fiscale: RSSMRA85T10A562S", "TAX_ID", "RSSMRA85T10A562S"),
    ],
)
def test_national_and_tax_numbers_of_other_countries(text: str, kind: str, value: str) -> None:
    """A labelled number that passes its scheme's checksum (python-stdnum) is that scheme's identifier."""
    assert (kind, value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "DNI 12345678A",  # the check letter is wrong
        "Order number 12345678Z shipped.",  # no label
        "RSSMRA85T10A562X is not a valid code",  # the check letter is wrong
        "sin 0.841470985 is the value",  # "sin" in lower case is the sine
    ],
)
def test_national_numbers_need_their_label_and_checksum(text: str) -> None:
    assert not [f for f in found(text) if f[0] in ("NATIONAL_ID", "TAX_ID")]


_PLATE_PIECES = ["license", "licence", "number", "registration", "car", "my", "plate", "plates", "no", "nor"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from([*_PLATE_PIECES, "#", "no.", "myplate"]),
            st.sampled_from([" ", "  ", "\t", "", "\n"]),
        ),
        max_size=8,
    ).map(lambda pairs: "".join(w + sep for w, sep in pairs))
)
@settings(max_examples=400, deadline=None)
def test_plate_labels_are_those_of_a_whole_text_search(low: str) -> None:
    """Property: the plate labels tried only at each "plate" and the word before it are the ones the label
    pattern finds searching the whole text."""
    positions = [i for i in range(len(low)) if low.startswith("plate", i)]
    found = [m.span() for m in labelled._plate_labels(low, positions)]
    assert found == [m.span() for m in labelled._PLATE_LABEL.finditer(low)]


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("my card number is 4111 1111\n1111 1111", "4111 1111\n1111 1111"),
        ("Card:\n4539 1488\n0343 6467\nexp 04/29", "4539 1488\n0343 6467"),
        ("4539 1488 0343\n6467 is the one", "4539 1488 0343\n6467"),
        ("2019\n2020\n2021\n2022", None),  # years, one a line
        ("IDs:\n41111111\n11111111", None),  # two ungrouped numbers
        ("4111 1111\n1111 1111\n4111 1111", None),  # rows of a table of numbers
    ],
)
def test_a_card_number_wrapped_across_two_lines_is_one_card(text: str, card: str | None) -> None:
    """Four-digit groups on two lines, 16 digits with a known issuer and a valid checksum, and no third
    such line: a card wrapped by a narrow field or a PDF copy, found whole (redaction covers it all)."""
    cards = [value for kind, value in found(text) if kind == "CREDIT_CARD"]
    assert cards == ([] if card is None else [card])
