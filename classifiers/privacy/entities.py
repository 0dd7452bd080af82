"""The canonical sensitive types (Presidio-style names) and which of them count as sensitive by default.

=====================  ==========================================================================
type                   what it is
=====================  ==========================================================================
PERSON                 a person's name: full names, titled names (``Dr. Shaw``), names introduced by
                       identifying context (``my name is``, ``Dear``, ``signed``), names next to other PII,
                       and lone first names or surnames in texts that are not exercises or instructions
                       (``Why is Katrine so impulsive?``; see ``classifiers.privacy.names``)
STREET_ADDRESS         a postal address: house number + street (+ unit, city, postcode), PO/military boxes
EMAIL_ADDRESS          an e-mail address
PHONE_NUMBER           a telephone number (validated with ``phonenumbers``)
US_SSN                 a US social security number (checked with ``python-stdnum``)
TAX_ID                 a tax identifier next to its label (US EIN/ITIN, Indian PAN, Brazilian CPF, German
                       IdNr, Australian TFN; the Italian codice fiscale by its shape), checksums by
                       ``python-stdnum`` where the scheme has one
NATIONAL_ID            another national identity number (Indian Aadhaar; Spanish DNI/NIE, Dutch BSN,
                       Canadian SIN, UK NHS number after their label), checked with ``python-stdnum``
US_DRIVER_LICENSE      a driver's licence number next to its label
US_PASSPORT            a passport number next to its label
ID_NUMBER              another personal record identifier next to its label (patient ID, MRN, member
                       ID, employee ID, policy number, a vehicle's VIN or licence plate)
CREDIT_CARD            a payment card number (Luhn checksum, known issuer prefix; or any after a card label)
IBAN_CODE              an IBAN (ISO 13616 checksum, checked with ``python-stdnum``)
US_BANK_NUMBER         a bank account or ABA routing number next to its label
IP_ADDRESS             an IPv4 or IPv6 address (public or private; loopback and unspecified excluded)
API_KEY                a cloud/API key or token in a provider's published format (``AKIA…``, ``ghp_…``)
PRIVATE_KEY            a PEM/OpenSSH/PGP private key block, or a line of its base64 body
PASSWORD               a password in an assignment, SQL statement, command line or ``user:pass`` pair
CONNECTION_STRING      a URL or DSN carrying a password (``postgres://u:p@h``, ``Password=…;``)
SECRET                 any other credential: a high-entropy value in a key-like position (``token=…``,
                       ``Authorization: Bearer …``), a JSON Web Token, a long random token
CUSTOM                 a user-defined term or pattern
=====================  ==========================================================================

Non-identifying types that labelled data may list (a city, a country, an organisation, a date, an age, a
title, a nationality) are not detected and do not make a text sensitive on their own.
"""

from __future__ import annotations

__all__ = [
    "ALL_TYPES",
    "DEFAULT_SENSITIVE_TYPES",
    "NON_IDENTIFYING_TYPES",
    "SECRET_TYPES",
    "STRUCTURED_TYPES",
]

PERSONAL = ("PERSON", "STREET_ADDRESS", "EMAIL_ADDRESS", "PHONE_NUMBER")
NATIONAL = ("US_SSN", "TAX_ID", "NATIONAL_ID", "US_DRIVER_LICENSE", "US_PASSPORT", "ID_NUMBER")
FINANCIAL = ("CREDIT_CARD", "IBAN_CODE", "US_BANK_NUMBER")
NETWORK = ("IP_ADDRESS",)
SECRET_TYPES = ("API_KEY", "PRIVATE_KEY", "PASSWORD", "CONNECTION_STRING", "SECRET")

ALL_TYPES: tuple[str, ...] = (*PERSONAL, *NATIONAL, *FINANCIAL, *NETWORK, *SECRET_TYPES, "CUSTOM")

# Every type this package emits identifies a person or grants access, so all count by default.
DEFAULT_SENSITIVE_TYPES: frozenset[str] = frozenset(ALL_TYPES)

# Identifiers recognisable by their shape or checksum, as opposed to names and addresses.
STRUCTURED_TYPES: frozenset[str] = frozenset(
    ("EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", *SECRET_TYPES)
)

# Labels found in public PII data sets that do not identify anyone on their own.
NON_IDENTIFYING_TYPES: frozenset[str] = frozenset(
    (
        "GPE",
        "LOCATION",
        "ORGANIZATION",
        "DATE_TIME",
        "NRP",
        "AGE",
        "TITLE",
        "PREFIX",
        "DOMAIN_NAME",
        "ZIP_CODE",
        "URL",
    )
)
