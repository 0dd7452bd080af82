"""Where a credential's value sits in configuration formats that have no ``name = value`` separator.

``secrets.py`` finds a credential name (``db_password``, ``ApiKey``) and reads the value after a
separator (``=``, ``:``, ``=>``, ``is``). These forms put the value elsewhere:

* **XML elements**: ``<password>v</password>`` (Maven ``settings.xml``, Tomcat, many app configs);
* **name/value pairs**: the name is itself a value and the secret sits in a sibling field:
  ``<add key="ApiKey" value="v"/>`` (.NET ``appSettings``), ``<property name="password" value="v"/>``
  (Spring XML), ``<entry key="db.password">v</entry>`` (Java properties XML), ``- name: DB_PASSWORD``
  / ``value: v`` (Kubernetes and compose ``env`` lists), ``{"name": "API_KEY", "value": "v"}`` (ECS task
  definitions), ``ParameterKey=DbPassword,ParameterValue=v`` (CloudFormation);
* **directives** separated by blanks: ``ENV DB_PASSWORD v`` (Dockerfile), ``SetEnv``/``setenv``
  (Apache, csh), ``#define PASSWORD v`` and ``%define`` (C preprocessor, RPM spec), and the
  ``machine h login u password v`` lines of ``.netrc``;
* **tables and bare lines**: ``| password | v |`` (Markdown), ``<td>password</td><td>v</td>`` (HTML),
  and a line holding only a password name and its value (``requirepass v`` in ``redis.conf``);
* **key bytes**: an array of at least eight byte literals (``{0x2b, 0x7e, …}``) or a hex-escaped
  string (``"\\x2b\\x7e…"``) assigned to a key name: key material hard-coded in C, Java, Go, Python.
"""

from __future__ import annotations

import itertools
import re

__all__ = ["Located", "key_bytes", "located_value"]

# (start, end, quoted) of a value in the text.
Located = tuple[int, int, bool]

_PAIR_LABEL = re.compile(
    r"(?:\b(?:key|name|id|variable|var|property|param(?:eter)?)|parameterkey)['\"]?\s*[=:]\s*['\"]?$",
    re.IGNORECASE,
)
_PAIR_VALUE = re.compile(
    r"['\"]?(?:\s*>(?P<text>[^<\n]{3,256})<"
    r"|[^<>{}]{0,120}?\b(?:parameter)?value['\"]?\s*[=:]\s*(?P<q>['\"]?)(?P<v>[^\s'\"<>,;{}]{3,256}))",
    re.IGNORECASE,
)
_DIRECTIVE = re.compile(r"[ \t]*(?:ENV|SetEnv|setenv|set|#[ \t]*define|%define|%global)[ \t]+", re.IGNORECASE)
_NETRC = re.compile(r"\b(?:machine|login)[ \t]+\S+[ \t]+$", re.IGNORECASE)
_SPACE_VALUE = re.compile(r"[ \t]+(?P<q>['\"]?)(?P<v>[^\s'\"]{3,256})")
# A line of two words, "requirepass v" (redis.conf, sshd/postfix-style configs), for password names.
_LINE_VALUE = re.compile(r"[ \t]+(?P<q>['\"]?)(?P<v>[^\s'\"]{3,256})['\"]?[ \t]*(?:\r?\n|$)")
# A table row: | password | v | (Markdown) or <td>password</td><td>v</td> (HTML).
_CELL_BEFORE = re.compile(r"(?:\|[ \t]+|<t[dh][^>]*>[ \t]*)$")
_CELL_VALUE = re.compile(
    r"(?:[ \t]+\|[ \t]+|[ \t]*</t[dh]>\s*<td[^>]*>[ \t]*)(?P<q>[`'\"]?)(?P<v>[^\s|<`'\"]{3,256})"
)

_BYTE = r"(?:0[xX][0-9a-fA-F]{1,2}|\d{1,3})"
_BYTE_LIST = re.compile(rf"[{{\[(]\s*(?P<list>(?:{_BYTE}\s*,\s*){{7,}}{_BYTE}?)")
_BYTE_GAP = re.compile(r"[\s\[\]\w:=&*();]{0,40}")
_HEX_ESCAPES = re.compile(r"\s*(?:\[\s*\w*\s*\])?\s*[:=]\s*b?['\"](?P<v>(?:\\x[0-9a-fA-F]{2}){8,})")
_LITERAL = re.compile(_BYTE)


def _byte_value(literal: str) -> int:
    """The value of a C/Java/Python integer literal (hex ``0x2b``, octal ``023``, decimal)."""
    if literal[:2].lower() == "0x":
        return int(literal, 16)
    if len(literal) > 1 and literal[0] == "0" and set(literal) <= set("01234567"):
        return int(literal, 8)
    return int(literal)


def located_value(text: str, a: int, b: int, *, password: bool) -> Located | None:
    """The value of the credential name ``text[a:b]`` in one of the forms of the module docstring."""
    if a > 0 and text[a - 1] == "<" and text[b : b + 1] == ">":
        close = text.find("<", b + 1)
        if close != -1 and close - b - 1 <= 256 and "\n" not in text[b + 1 : close]:
            return b + 1, close, True
    if _PAIR_LABEL.search(text, max(0, a - 16), a):
        m = _PAIR_VALUE.match(text, b)
        if m is not None:
            group = "text" if m.group("text") is not None else "v"
            return m.start(group), m.end(group), group == "text" or bool(m.group("q"))
    line_start = max(text.rfind("\n", 0, a) + 1, a - 120)  # directives and .netrc entries are short
    if _DIRECTIVE.fullmatch(text, line_start, a) or (password and _NETRC.search(text, line_start, a)):
        m = _SPACE_VALUE.match(text, b)
        if m is not None:
            return m.start("v"), m.end("v"), bool(m.group("q"))
    if _CELL_BEFORE.search(text, max(0, a - 12), a):
        m = _CELL_VALUE.match(text, b)
        if m is not None:
            return m.start("v"), m.end("v"), bool(m.group("q"))
    if password and not text[line_start:a].strip():
        m = _LINE_VALUE.match(text, b)
        if m is not None:
            return m.start("v"), m.end("v"), bool(m.group("q"))
    return None


def key_bytes(text: str, b: int) -> tuple[int, int] | None:
    """The span of key bytes (a byte-literal array or hex-escaped string) assigned to the name ending at b."""
    m = _HEX_ESCAPES.match(text, b)
    if m is not None:
        value = m.group("v")
        return (m.start("v"), m.end("v")) if len(set(value.split("\\x"))) >= 7 else None
    line_end = text.find("\n", b)
    gap = _BYTE_GAP.match(text, b, len(text) if line_end == -1 else line_end)
    if gap is None:
        return None
    m = _BYTE_LIST.match(text, gap.end())
    if m is None:
        return None
    literals = _LITERAL.findall(m.group("list"))
    values = [_byte_value(x) for x in literals]
    hex_count = sum(x[:2].lower() == "0x" for x in literals)
    steps = {b2 - a2 for a2, b2 in itertools.pairwise(values)}
    if hex_count < 4 or len(set(values)) < 6 or len(steps) <= 1 or max(values) > 255:
        return None  # decimals, repeated bytes or a counting sequence are not a key
    return m.start("list"), m.end("list")
