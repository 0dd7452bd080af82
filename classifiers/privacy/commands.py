"""Passwords on command lines, in SQL statements and in client-library calls.

* **command lines**: ``--password v``, ``--password=v``, ``-pass``, ``--token``, ``--secret``,
  ``--api-key``; ``mysql -pv`` (and the other MySQL clients, ``7z``/``rar -pv``); ``curl -u user:v``;
  ``sshpass -p v``, ``docker|podman|helm registry login -p v``, ``zip -P v``; ``net user name v``;
  ``redis-cli -a v``; ``net use … /user:u v``; PowerShell ``ConvertTo-SecureString "v" -AsPlainText``;
  flags that end in a password word (``-storepass``, ``--db-password``).
* **client calls**: the string-literal password argument of ``ftp.login("u", "v")``, ``smtp.login``,
  ``ldap.simple_bind_s(dn, "v")``, ``new PDO(dsn, "u", "v")``, ``mysqli("h", "u", "v")``,
  ``DriverManager.getConnection(url, "u", "v")``.
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

__all__ = ["find_calls", "find_commands", "lines_at"]

_CLI = re.compile(
    r"(?:(?<!\S)--?[a-z0-9-]*(?:password|passwd|pass|pwd|token|secret|api-key|apikey|access-token|auth-token)"
    r"(?:=|\s+)(?P<q>['\"]?)(?P<v>[^\s'\"-][^\s'\"]{2,}))"
    r"|(?:\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlsh|sshpass|7z[ar]?|rar|unrar)\b[^\n]*?\s-p"
    r"(?P<v2>[^\s'\"-][^\s'\"]{2,}))"
    r"|(?:\bcurl\b[^\n]*?\s(?:-u|--user)\s+['\"]?[^\s:'\"]+:(?P<v3>[^\s'\"]{3,}))"
    r"|(?:\b(?:sshpass|(?:docker|podman|nerdctl|buildah|skopeo|oras|helm\s+registry)\s+login|zip|unzip)\b"
    r"[^\n]*?\s-[pP]\s+(?P<q4>['\"]?)(?P<v4>[^\s'\"]{3,}))"
    r"|(?:\bnet\s+(?:user\s+[^\s/]+|use\b[^\n]*?/user:\S+)\s+(?P<q6>['\"]?)(?P<v6>[^\s'\"/*][^\s'\"]{2,}))"
    r"|(?:\bredis-cli\b[^\n]*?\s(?:-a|--pass)\s+(?P<q7>['\"]?)(?P<v7>[^\s'\"]{3,}))"
    r"|(?:\bconvertto-securestring\s+(?:-string\s+)?(?P<q5>['\"])(?P<v5>[^'\"\n]{3,128})(?P=q5))",
    re.IGNORECASE,
)
_FLAG_BEFORE = re.compile(r"(?:^|(?<=[\s'\"]))-[a-z0-9-]{0,15}$")
_CLI_TOOLS = frozenset((" -p", "curl", "securestring", "net u", "redis-cli"))
# Client calls whose arguments are (user, password) or (host or DSN, user, password): FTP/SMTP/IMAP
# login, LDAP bind, PHP mysqli/PDO, JDBC getConnection, DB-API connect.
_ARG = r"(?:'[^'\n]*'|\"[^\"\n]*\"|[^,()'\"\n]+)"
_LOGIN_CALL = re.compile(r"(?:\b|\.)(?:login|authenticate|simple_bind_s|bind_s)\s*$", re.IGNORECASE)
_CONNECT_CALL = re.compile(
    r"(?:\b|\.)(?:mysqli(?:_connect|_real_connect)?|mysql_connect|pdo|getconnection|connect)\s*$",
    re.IGNORECASE,
)
_SECOND_ARG = re.compile(rf"\(\s*{_ARG},\s*(?P<q>['\"])(?P<v>[^'\"\n]{{3,128}})(?P=q)\s*[,)]")
_THIRD_ARG = re.compile(rf"\(\s*{_ARG},\s*{_ARG},\s*(?P<q>['\"])(?P<v>[^'\"\n]{{3,128}})(?P=q)\s*[,)]")
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


def _flag(low: str, p: int) -> bool:
    """The keyword at ``p`` ends a command-line flag (--password, -storepass, --db-token)."""
    return _FLAG_BEFORE.search(low, max(0, p - 17), p) is not None


def find_commands(scan: TextScan, hits: Sequence[int], lex: Lexicon) -> Iterator[Finding]:
    """Command-line and SQL passwords; ``hits`` are the credential keyword positions of the text."""
    text, low = scan.text, scan.low
    flags = [p for p in hits if _flag(low, p)]
    tools = scan.starts(_CLI_TOOLS)
    if flags or tools:
        for a, b in lines_at(low, [*flags, *tools]):
            for m in _CLI.finditer(text, a, b):
                group = next(g for g in ("v", "v2", "v3", "v4", "v5", "v6", "v7") if m.group(g) is not None)
                start, end, value = _value(m, group)
                if password_ok(value, lex, quoted=group == "v5"):
                    yield Finding("PASSWORD", start, end, "cli_password")
    sql = [p for p in hits if low.startswith("password", p)]
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


def find_calls(scan: TextScan, lex: Lexicon) -> Iterator[Finding]:
    """The password argument of a login or connect call given as a string literal."""
    text, low = scan.text, scan.low
    seen: set[int] = set()
    for sep in ('",', "',"):  # the end of a string argument before the next one
        for p in scan.positions(sep):
            if low[p + 2 : p + 3] not in ("'", '"', " "):
                continue
            opening = text.rfind("(", max(0, p - 200), p)
            if opening == -1 or opening in seen:
                continue
            seen.add(opening)
            before = max(0, opening - 40)
            if _LOGIN_CALL.search(text, before, opening):
                m = _SECOND_ARG.match(text, opening)
            elif _CONNECT_CALL.search(text, before, opening):
                m = _THIRD_ARG.match(text, opening)
            else:
                continue
            if m is not None and password_ok(m.group("v"), lex, quoted=True):
                yield Finding("PASSWORD", m.start("v"), m.end("v"), "call_password")
