"""National identity and tax numbers of other countries, each confirmed by its checksum (``python-stdnum``).

A number is reported when its label is written before it (within a few words) and the number passes the
check digit of that scheme, so a date or an order number after ``DNI`` is not one:

=================  ==========================================  ==============  ======================
scheme             labels                                      type            check (python-stdnum)
=================  ==========================================  ==============  ======================
Spain DNI / NIE    ``DNI``, ``NIE``, ``NIF``                   NATIONAL_ID     ``es.dni``/``es.nie``
Netherlands BSN    ``BSN``, ``burgerservicenummer``            NATIONAL_ID     ``nl.bsn``
Canada SIN         ``SIN``, ``social insurance number``        NATIONAL_ID     ``ca.sin``
UK NHS number      ``NHS number``, ``NHS no``                  NATIONAL_ID     ``gb.nhs``
Brazil CPF         ``CPF``                                     TAX_ID          ``br.cpf``
Germany tax ID     ``Steuer-ID``, ``IdNr``, ``Steuer-IdNr``    TAX_ID          ``de.idnr``
Australia TFN      ``TFN``, ``tax file number``                TAX_ID          ``au.tfn``
=================  ==========================================  ==============  ======================

The Italian ``codice fiscale`` has a shape of its own (six letters, two digits, a letter, two digits, a
letter, three digits, a check letter), so it is reported by shape and checksum without a label.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator

from stdnum.au import tfn as std_tfn
from stdnum.br import cpf as std_cpf
from stdnum.ca import sin as std_sin
from stdnum.de import idnr as std_idnr
from stdnum.es import dni as std_dni
from stdnum.es import nie as std_nie
from stdnum.gb import nhs as std_nhs
from stdnum.it import codicefiscale as std_codicefiscale
from stdnum.nl import bsn as std_bsn

from classifiers.privacy.scan import CharRun, TextScan
from classifiers.types import Finding

__all__ = ["find_national_ids"]

_Check = Callable[[str], bool]

# label (lower-cased text) -> type, the checks the value may pass
_SCHEMES: tuple[tuple[str, str, tuple[_Check, ...]], ...] = (
    (r"\b(?:dni|nie|nif)\b", "NATIONAL_ID", (std_dni.is_valid, std_nie.is_valid)),
    (r"\b(?:bsn|burgerservicenummer)\b", "NATIONAL_ID", (std_bsn.is_valid,)),
    (r"\b(?:sin|social\s+insurance\s+(?:number|no\b))", "NATIONAL_ID", (std_sin.is_valid,)),
    (r"\bnhs\s+(?:number|no\b)", "NATIONAL_ID", (std_nhs.is_valid,)),
    (r"\bcpf\b", "TAX_ID", (std_cpf.is_valid,)),
    (r"\b(?:steuer-?id(?:entifikationsnummer)?|steuer-?idnr|idnr)\b", "TAX_ID", (std_idnr.is_valid,)),
    (r"\b(?:tfn|tax\s+file\s+(?:number|no\b))", "TAX_ID", (std_tfn.is_valid,)),
)
_LABEL = re.compile("|".join(f"(?P<s{i}>{rx})" for i, (rx, _, _) in enumerate(_SCHEMES)))
# After the label: a few words and marks ("number", "is", ":", "no."; also in the languages of the
# schemes: "Meu CPF é", "Mi NIE es", "Mijn BSN is", "Meine Steuer-ID ist"), then the value.
_BETWEEN = re.compile(
    r"(?:[\s:#=.,()-]|\b(?:number|no|nr|is|was|es|ist|of|my|her|his|the|a|é|è|est|är|nummer|número|numero|"
    r"numéro|meu|minha|mi|mijn|mein|meine|mon|ma)\b)*",
    re.I,
)
# A number of 7-11 digits, grouped by spaces, dots or dashes, with an optional letter at either end.
_VALUE = re.compile(r"[A-Za-z]?\d(?:[ .-]?\d){6,10}[A-Za-z]?(?![\w])")
_WORDS_TOO = frozenset({"sin", "nie"})  # labels that are also words: read only in capitals
# A capital first (the engine skips to capitals at C speed), then the look-behind for a word start.
_CODICE_FISCALE = re.compile(
    r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z]{5}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z](?![A-Za-z0-9])"
)
_SIX_CAPITALS = CharRun(string.ascii_uppercase, 6)  # a code's first six letters: tried only if present


def find_national_ids(scan: TextScan) -> Iterator[Finding]:
    """Labelled national and tax numbers that pass their checksum, and Italian tax codes by shape."""
    text, low = scan.text, scan.low
    done = -1
    for run in scan.runs:
        if run.digits < 7 or run.end <= done:
            continue
        for m in _LABEL.finditer(low, max(0, run.start - 40, done), run.start):
            _, kind, checks = _SCHEMES[int(str(m.lastgroup)[1:])]  # the one named alternative that matched
            if m.group() in _WORDS_TOO and text[m.start() : m.end()] != m.group().upper():
                continue  # "sin x", German "nie": only the capitals are a label
            between = _BETWEEN.match(text, m.end())
            v = _VALUE.match(text, between.end() if between else m.end())
            if v is None or v.end() <= run.start:
                continue
            if any(check(v.group()) for check in checks):
                done = v.end()
                yield Finding(kind, v.start(), v.end(), "national_id")
                break
    if scan.has_run(_SIX_CAPITALS) and any(c in text for c in "0123456789"):
        for m in _CODICE_FISCALE.finditer(text):
            if std_codicefiscale.is_valid(m.group()):
                yield Finding("TAX_ID", m.start(), m.end(), "codice_fiscale")
