"""Passwords on command lines and in SQL statements.

* **command lines**: ``--password v``, ``--password=v``, ``-pass``, ``--token``, ``--secret``,
  ``--api-key``; ``mysql -pv`` (and the other MySQL clients, ``7z``/``rar -pv``); ``curl -u user:v``;
  ``sshpass -p v``, ``docker|podman|helm registry login -p v``, ``zip -P v``; ``net user name v``;
  PowerShell ``ConvertTo-SecureString "v" -AsPlainText``.
* **SQL**: ``IDENTIFIED BY v`` (MySQL, Oracle), ``IDENTIFIED WITH plugin AS 'hash'`` (a MySQL password
  hash), ``CREATE|ALTER ROLE|USER|LOGIN … PASSWORD v`` (PostgreSQL, SQL Server).

Only the lines holding a hint are searched: the lines of a credential keyword written as a flag
(``--password``, ``--token``), of a short ``-p`` flag, or of a tool (``curl``, ``securestring``,
``net user``, and ``identified`` for SQL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from classifiers.privacy.lexicon import Lexicon
from classifiers.privacy.scan import TextScan
from classifiers.privacy.secret_values import password_ok
from classifiers.types import Finding

__all__ = ["find_commands", "lines_at"]

_CLI = re.compile(
    r"(?:(?<!\S)--?(?:password|passwd|pass|pwd|token|secret|api-key|apikey|access-token|auth-token)"
    r"(?:=|\s+)(?P<q>['\"]?)(?P<v>[^\s'\"]{3,}))"
    r"|(?:\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|sshpass|7z[ar]?|rar|unrar)\b[^\n]*?\s-p"
    r"(?P<v2>[^\s'\"-][^\s'\"]{2,}))"
    r"|(?:\bcurl\b[^\n]*?\s(?:-u|--user)\s+['\"]?[^\s:'\"]+:(?P<v3>[^\s'\"]{3,}))"
    r"|(?:\b(?:sshpass|(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\s+registry)\s+login|zip|unzip)\b"
    r"[^\n]*?\s-[pP]\s+(?P<q4>['\"]?)(?P<v4>[^\s'\"]{3,}))"
    r"|(?:\bnet\s+user\s+[^\s/]+\s+(?P<q6>['\"]?)(?P<v6>[^\s'\"/*][^\s'\"]{2,}))"
    r"|(?:\bconvertto-securestring\s+(?:-string\s+)?(?P<q5>['\"])(?P<v5>[^'\"\n]{3,128})(?P=q5))",
    re.IGNORECASE,
)
_CLI_TOOLS = (" -p", "curl", "securestring", "net user")
# Searched separately: a CREATE/ALTER USER statement may hold both (IDENTIFIED … PASSWORD EXPIRE).
_SQL = (
    re.compile(
        r"\bidentified\s+(?:(?:with\s+['\"`]?\w+['\"`]?\s+)?by|with\s+['\"`]?\w+['\"`]?\s+as)\s+"
        r"(?:password\s+)?(?P<q>['\"`]?)(?P<v>[^\s'\"`;\\]{3,128})",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:create|alter)\s+(?:role|user|login)\b[^;\n]*?\bpassword\s+(?P<q>['\"`]?)(?P<v>[^\s'\"`;\\]{3,128})",
        re.IGNORECASE,
    ),
)
# IDENTIFIED BY is a password only in an account statement (or beside a MySQL 'user'@'host').
_SQL_CONTEXT = re.compile(
    r"\b(?:(?:create|alter)\s+(?:user|role|login)|grant)\b|['\"`]@['\"`]", re.IGNORECASE
)


def lines_at(low: str, positions: Iterable[int]) -> list[tuple[int, int]]:
    """The merged lines of ``low`` that hold one of ``positions``."""
    spans = []
    for p in positions:
        b = low.find("\n", p)
        spans.append((low.rfind("\n", 0, p) + 1, len(low) if b == -1 else b))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _value(m: re.Match[str], group: str) -> tuple[int, int, str]:
    value = m.group(group).rstrip(".,:")
    return m.start(group), m.start(group) + len(value), value


def find_commands(scan: TextScan, hits: Sequence[int], lex: Lexicon) -> Iterator[Finding]:
    """Command-line and SQL passwords; ``hits`` are the credential keyword positions of the text."""
    text, low = scan.text, scan.low
    flags = [p for p in hits if p > 0 and low[p - 1] == "-"]
    tools = [p for hint in _CLI_TOOLS if hint in low for p in scan.positions(hint)]
    if flags or tools:
        for a, b in lines_at(low, [*flags, *tools]):
            for m in _CLI.finditer(text, a, b):
                group = next(g for g in ("v", "v2", "v3", "v4", "v5", "v6") if m.group(g) is not None)
                start, end, value = _value(m, group)
                if password_ok(value, lex, quoted=group == "v5"):
                    yield Finding("PASSWORD", start, end, "cli_password")
    sql = [p for p in hits if low.startswith("password", p)]
    if "identified" in low:
        sql.extend(scan.positions("identified"))
    if not sql:
        return
    for a, b in lines_at(low, sql):
        for rule, statement in zip(_SQL, (False, True), strict=True):
            for m in rule.finditer(text, a, b):
                start, end, value = _value(m, "v")
                quote = m.group("q")
                in_sql = statement or _SQL_CONTEXT.search(text, max(0, m.start() - 120), m.start())
                if in_sql and password_ok(value, lex, quoted=bool(quote)):
                    yield Finding("PASSWORD", start, end, "sql_password")
