"""Credentials in key-like positions: a value given to a name that says it is a password, key or token.

A credential name is found by its keyword (``password``, ``pwd``, ``secret``, ``token``, ``api_key``,
``auth``, ``credential``, ``session``, ``salt``, ``nonce``, ``api``…) and read whole (``DB_PASSWORD``,
``oauth_signature``, ``AESKEY``); short keywords must start or end the name (``apikey``, ``key_id``,
not ``monkeys``). Its value is read after:

* a separator: ``=``, ``:``, ``:=``, ``=>``, ``==``, ``is`` (also ``ist``, ``est``, ``es``, ``è``...), a
  comma or blank before a quoted value
  (``define('PASSWORD', 'v')``, ``#define password "v"``), also with escaped quotes (``\\"password\\":
  \\"v\\"`` inside a string literal) and a type annotation (``password: String = "v"``);
* an ``Authorization``-style scheme (``Bearer``, ``Basic``, ``token``…), which is skipped;
* a call default (``getenv("PASSWORD", "v")``, ``x or "v"``), a setter (``setPassword("v")``), an
  ``auth=("user", "v")`` pair, and the configuration forms of ``configs.py`` (XML elements, name/value
  pairs, directives, ``.netrc``, key bytes);
* ``Password=v;`` in a connection string (ADO.NET, ODBC, Azure ``AccountKey=``).

A value after a password name must not be a word or placeholder (``secret_values.password_ok``); after
other names it must look machine-made (``secret_values.secret_ok``). Names of public material
(``public_key``, ``publishable_key``) are not credentials.

The word for password in other languages is a password name too (``Passwort``, ``mot de passe``,
``contraseña``, ``senha``, ``wachtwoord``, ``hasło``, ``пароль``, ``密码``, ``パスワード``...); there, or
after a verb of another language (``Das Passwort ist ...``), the value must have a digit, a symbol or
mixed case: the lexicon knows English words only, and ``ist falsch`` is no password.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from classifiers.privacy.configs import key_bytes, located_value
from classifiers.privacy.gazetteer import PASSWORD_WORDS
from classifiers.privacy.lexicon import Lexicon
from classifiers.privacy.scan import TextScan
from classifiers.privacy.secret_values import looks_random, password_ok, secret_ok, token_ok
from classifiers.types import Finding

__all__ = ["KEYWORD_HINTS", "find_assignments", "keyword_hits"]

# Substrings that start every credential keyword (one search each), and the keyword read at each hit.
KEYWORD_HINTS = (
    "pass",
    "pw",
    "p/w",
    "psw",
    "pssw",
    "pasw",
    "secret",
    "token",
    "key",
    "auth",
    "cred",
    "bearer",
    "cookie",
    "session",
    "nonce",
    "salt",
    "otp",
    "2fa",
    "api",
    "pin",
    "signature",
    "contrase",
    # the word for password in other languages (those in non-Latin scripts: _NON_ASCII_HINTS)
    "mot de passe",
    "wachtw",
    "senha",
    "salasan",
    "senord",
    "adgangsk",
    "haslo",
    "heslo",
    "lozink",
    "geslo",
    "jelsz",
    "ifre",
    "kata sandi",
)
# Words for password in other languages, and the start of each as it is found (KEYWORD_HINTS and
# _NON_ASCII_HINTS): German, French, Spanish, Portuguese, Dutch, Norwegian, Finnish, Swedish, Danish,
# Polish, Czech and Slovak, Croatian and Serbian, Slovene, Hungarian, Turkish, Indonesian, Romanian,
# Bulgarian, Russian and Ukrainian, Greek, Hebrew, Arabic, Thai, Vietnamese, Hindi, Japanese, Chinese
# and Korean (as CredSweeper knows them).
_FOREIGN_WORDS = "|".join(
    sorted(  # the longest first: "contraseña" before "contrase"
        PASSWORD_WORDS
        | {"mot de passe", "kata sandi", "парола", "лозинка", "пароль", "κωδικός", "סיסמה", "كلمة المرور"}
        | {"كلمة السر", "รหัสผ่าน", "mật khẩu", "पासवर्ड", "パスワード", "密码", "密碼", "비밀번호", "비번"}
        | {"패스워드", "암호"}
        # what is left of a word whose first letters are no name characters (lösenord, şifre), and the
        # start of contraseña as the rule before these had it
        | {"senord", "ifre", "contrase"},
        key=lambda w: (-len(w), w),
    )
)
_KEYWORD_AT = re.compile(
    r"password|passwd|passphrase|passcode|" + _FOREIGN_WORDS + r"|pass|pwd|pw|p/w|pswd|psswd|paswd|pswrd|"
    r"psw|pssw|pasw|secret|token|key|authorization|authentication|auth|credential|cred|bearer|cookie|"
    r"session|nonce|salt|otp|2fa|api|pin|signature"
)
_NON_ASCII_HINTS = (
    "hasło",
    "parolă",
    "парола",
    "лозинка",
    "пароль",
    "κωδικός",
    "סיסמה",
    "كلمة المرور",
    "كلمة السر",
    "รหัสผ่าน",
    "mật khẩu",
    "पासवर्ड",
    "パスワード",
    "密码",
    "密碼",
    "비밀번호",
    "비번",
    "패스워드",
    "암호",
)
_ASCII_HINTS = frozenset(KEYWORD_HINTS)
_ALL_HINTS = _ASCII_HINTS | frozenset(_NON_ASCII_HINTS)
_FOREIGN_NAME = re.compile(rf"(?<![a-z])(?:{_FOREIGN_WORDS})(?![a-z])")  # a word of its own in the name
# Short keywords must end the name (apikey, AESKEY) or start it (key_id), not sit inside a word (monkeys).
_SHORT = frozenset(
    {"pw", "p/w", "key", "pin", "otp", "salt", "auth", "cred", "2fa", "api", "session", "ifre"}
)
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.-")
# "is" in other languages, before a value: German, French, Spanish, Portuguese, Italian, Swedish, Danish
# and Norwegian, Polish, Czech.
_FOREIGN_VERBS = "ist|lautet|war|est|es|era|é|è|är|er|jest|je"
_SEP_VALUE = re.compile(
    r"(?:\\?['\"`])?\]?"
    r"(?P<sep>[ \t]*(?::=|=>|->|<-|\?=|\+=|===|==|!==|!=|[:=]|는|은|是|为|は)[ \t]*"
    r"|[ \t]+(?:is|was|are|=|to|" + _FOREIGN_VERBS + r")[ \t]+"
    r"|[ \t]+(?:for|of|on)[ \t]+(?:[\w.-]+[ \t]+){1,3}?(?:is|was|are)[ \t]+"
    # what the credential is for, then a colon: "API key for the weather service: v", "token (staging): v"
    r"|[ \t]+(?:for|of|on)[ \t]+(?:[\w.-]+[ \t]+){0,3}?[\w.-]+[ \t]*:[ \t]*"
    r"|[ \t]*\([^()\n]{1,40}\)[ \t]*[:=][ \t]*"
    r"|\s*,\s*(?=\\?['\"])|(?:[ \t]|\\t)+(?=\\?['\"]))"
    r"(?:(?P<bs>\\)(?=['\"]))?(?P<q>['\"`]?)(?P<v>[^\s'\"`,;<>(){}\[\]]{3,256})",
    re.IGNORECASE,
)
# A machine-made value written after a key or token name with only a space: "auth token 4f2d8c...".
_SPACED_VALUE = re.compile(r"[ \t]+(?P<v>[A-Za-z0-9+/_=.-]{16,256})(?![^\s,;.)])")
_OR_DEFAULT = re.compile(r"['\"]?\s*\)?\s*(?:or|\?\?|\|\|)\s*['\"](?P<v>[^'\"]{3,128})['\"]")
_CALL_DEFAULT = re.compile(r"\(\s*['\"][^'\"]*['\"]\s*,\s*['\"](?P<v>[^'\"]{3,128})['\"]")
# Calls that read a setting with a fallback: getenv("X", "v"), ENV.fetch, config.get, os.environ.get.
_GETTER = re.compile(r"get|fetch|env|default|param|option|setting|config|prompt|read", re.IGNORECASE)
_SETTER = re.compile(r"\(\s*(?P<q>['\"])(?P<v>[^'\"\n]{3,128})(?P=q)\s*\)")
_AUTH_PAIR = re.compile(
    r"['\"]?\s*[:=]\s*[(\[]\s*(['\"])[^'\"\n]{1,64}\1\s*,\s*(['\"])(?P<v>[^'\"\n]{3,128})\2\s*[)\]]"
)
_AUTH_SCHEMES = frozenset({"bearer", "basic", "token", "ntlm", "negotiate", "digest", "apikey", "sso-key"})
_AFTER_SCHEME = re.compile(r"[ \t]+(?P<v>[\w\-.~+/=%]{8,})")
_DSN_NAMES = frozenset({"password", "pwd", "accountkey", "sharedaccesskey", "sharedsecret"})
_DSN_VALUE = re.compile(r"\s*=\s*(?P<v>[^;'\"\s()]{3,})")
_DSN_NEXT = re.compile(r";\s*[A-Za-z][\w ]{0,30}=")  # the next Key=value; of the connection string
# Words after "pass_" that make it something else: pass_zero, pass_rate, pass_through, pass_fail.
_COMPOUND_WORDS = (
    r"(?:zero|rate|count|through|thru|fail|filter|band|number|num|score|mark|threshold|criteria|percent|pct|"
    r"ratio|flag|mode|type|status|state|fn|func|function|callback|handler|hook|context|ctx|args|kwargs|level|"
    r"grade|list|name|id|time|index|idx)(?![a-z])"
)
# A password name holds a word for password anywhere (password, passwd, passphrase, pwd, pw, p/w and
# misspellings such as pswrd, passworsd), or "pass" at its end (MYSQLPASS, db_pass, pass2), or is a PIN;
# "pass_" before a word that is not about a pass (db_pass_prod); not pass_zero, passenger, gpio_pin.
_PASSWORD_NAME = re.compile(
    r"pass(?:w[a-z]*|phrase|code)|pwd|pswd|psswd|paswd|pswrd|pssw|pasw|psw|p/w|(?<![a-z])(?:"
    + _FOREIGN_WORDS
    + r")(?![a-z])|"
    r"(?<![a-z])pw(?![a-z])|pw$|pass(?:[_.\-]?\d+)?$|pass[_.\-](?!" + _COMPOUND_WORDS + r")|"
    r"^pin(?:[_.\-]?(?:code|number|no))?$"
)
# Names about a password rather than holding one: password_hash, password_file, min_password_length.
_PASSWORD_META = re.compile(
    r"[_.\-](?:hash(?:ed)?|salt|file|path|dir|policy|length|len|min|max|field|label|hint|prompt|reset|rule|"
    r"regex|pattern|error|message|msg|expiry|expires|enabled|required|strength|input|type|format|count|"
    r"url|template|help|placeholder|env|var|size|timeout|attempts|retries|changed|updated)s?$|^(?:min|max)[_.\-]"
)
_CREDENTIAL_WORD = re.compile(r"pass|pwd|psw|secret|token|key|auth|cred", re.IGNORECASE)
# Names of public material and digests: public_key, publishable_key, key_sha256, key_hash.
_PUBLIC_NAME = re.compile(r"public|publishable|^pub[_.-]|pubkey|sha\d|md5|hash|digest|checksum|fingerprint")
_TYPE_NAMES = frozenset({"string", "str", "int", "bytes", "char", "text", "secretstr", "optional", "any"})
_TYPED_VALUE = re.compile(
    r"(?:\[[^\]]*\])?(?:\s*\|\s*\w+)?\s*=\s*(?P<q>['\"`]?)(?P<v>[^\s'\"`,;<>(){}\[\]]{3,256})"
)
_DESCRIPTION = re.compile(r"[ \t]+[A-Za-z]+[ \t]+[A-Za-z]+")
_CALL = re.compile(r"[ \t]?\(")
_CALL_BEFORE = re.compile(r"\w\(\s*\\?['\"]$")
_ANNOTATION_END = re.compile(r"\s*(?:[|,)\]\[=]|:`)")


def _annotation(text: str, m: re.Match[str]) -> bool:
    """An unquoted identifier before | , ) ] [ = is a type or a variable (password: HiddenText | None)."""
    value = m.group("v").rstrip(".,:")
    return (
        not m.group("q")
        and value.isidentifier()
        and not any(c.isdigit() for c in value)
        and _ANNOTATION_END.match(text, m.start("v") + len(value)) is not None
    )


def _component(low: str, a: int, b: int, start: int, end: int) -> bool:
    """A short keyword that ends the name (apikey, AESKEY) or is one of its components (key_id, api_keys)."""
    if end == b:
        return True
    before = start == a or low[start - 1] in "_.-/"
    plural = low[end] == "s" and (end + 1 == b or low[end + 1] in "_.-/")
    return before and (low[end] in "_.-/" or plural)


def keyword_hits(scan: TextScan) -> list[int]:
    """Sorted start positions of every credential keyword hint in the lower-cased text."""
    return scan.starts(_ASCII_HINTS if scan.low.isascii() else _ALL_HINTS)


_FOREIGN_VERB_SET = frozenset(_FOREIGN_VERBS.split("|"))
_PIN_TAIL = re.compile(r"[ \t]+(?:code|number|no\.?)(?![\w])")


def _made_up(value: str) -> bool:
    """A digit, a symbol or a capital after the first letter: not a plain word of any language (a
    question or full stop after it is the sentence's)."""
    value = value.rstrip(".,;:!?")
    return any(not c.isalpha() for c in value) or any(c.isupper() for c in value[1:])


def _name_bounds(low: str, at: int, kw_end: int) -> tuple[int, int]:
    a = at
    while a > 0 and low[a - 1] in _NAME_CHARS:
        a -= 1
    b = kw_end
    while b < len(low) and low[b] in _NAME_CHARS:
        b += 1
    while b > kw_end and low[b - 1] in ".-":
        b -= 1
    return a, b


def _trim(value: str) -> str:
    return value.rstrip(".,:")


def find_assignments(scan: TextScan, hits: Sequence[int], lex: Lexicon) -> Iterator[Finding]:
    """Credentials in key-like positions (see the module docstring); ``hits`` from ``keyword_hits``."""
    text, low = scan.text, scan.low
    done = -1
    for kw_start in hits:
        if kw_start < done:
            continue
        kw = _KEYWORD_AT.match(low, kw_start)
        if kw is None:
            continue
        a, b = _name_bounds(low, kw_start, kw.end())
        name = low[a:b]
        word = kw.group()
        if word in _SHORT and not _component(low, a, b, kw_start, kw.end()):
            continue  # "keyboard", "authority"; a later keyword of the same name may still count
        if name == "pin":  # "PIN code: 4821", "my PIN number is 4821": the value follows the pair
            tail = _PIN_TAIL.match(low, b)
            b = b if tail is None else tail.end()
        done = b
        password = _PASSWORD_NAME.search(name) is not None and not _PASSWORD_META.search(name)
        if not password and (word.startswith(("pass", "pw", "ps")) or word == "pin"):
            continue  # passenger, pass_zero, password_file, gpio_pin
        if not password and _PUBLIC_NAME.search(name):
            continue
        if name in _DSN_NAMES and (a == 0 or text[a - 1] in ";'\" \t\n"):
            dsn = _DSN_VALUE.match(text, b)
            if dsn is not None and (text[a - 1 : a] == ";" or _DSN_NEXT.match(text, dsn.end())):
                value, at = _trim(dsn.group("v")), dsn.start("v")
                if password_ok(value, lex):
                    yield Finding("CONNECTION_STRING", at, at + len(value), "dsn_password")
                    continue
        yield from _value_of(text, a, b, name, password, lex)


def _value_of(text: str, a: int, b: int, name: str, password: bool, lex: Lexicon) -> Iterator[Finding]:
    """The finding for the value given to the credential name ``text[a:b]``, if it is a credential."""
    if not password:
        kb = key_bytes(text, b)
        if kb is not None:
            yield Finding("SECRET", kb[0], kb[1], "key_bytes")
            return
    m = _SEP_VALUE.match(text, b)
    if m is None:
        yield from _without_separator(text, a, b, name, password, lex)
        return
    sep = m.group("sep")
    if sep.strip() == "," and not _CALL_BEFORE.search(text, max(0, a - 4), a):
        return  # a list of strings, not define('PASSWORD', 'v') or getenv("TOKEN", "v")
    if name == "pass" and sep.strip() in ("", "to", "is", "was", "are"):
        return  # the verb: "pass 'euclidean' as the metric", "arguments to pass to func"
    if m.group("v").lower() in _TYPE_NAMES or _annotation(text, m):  # password: str | None = "x"
        typed = _TYPED_VALUE.match(text, m.end("v"))
        if typed is None:
            return
        m = typed
    start = m.start("v")
    value = _trim(m.group("v"))
    end = start + len(value)
    quoted = bool(m.group("q"))
    if m.re is not _SEP_VALUE:
        sep = "="
    assign = any(c in sep for c in ":=")
    if quoted:
        closing = text.find(("\\" if m.re is _SEP_VALUE and m.group("bs") else "") + m.group("q"), start)
        if closing != -1 and closing - start <= 256:
            end = closing
            value = text[start:end]
    elif a > 0 and text[a - 1] in "?&":
        value = value.split("&", 1)[0]  # a URL query: ?token=v&next=1
        end = start + len(value)
    if len(value) < 3:
        return
    if value.lower() in _AUTH_SCHEMES:
        after = _AFTER_SCHEME.match(text, end)
        if after is not None and token_ok(after.group("v")):
            yield Finding("SECRET", after.start("v"), after.end("v"), "auth_header")
        return
    if _CALL.match(text, end):
        call = _CALL_DEFAULT.match(text, end) if _GETTER.search(value) else None
        if call is not None and password_ok(call.group("v"), lex, quoted=True):
            yield Finding("PASSWORD", call.start("v"), call.end("v"), "default_value")
        return  # a function call: password = get_password()
    if not quoted and value.isalpha() and _DESCRIPTION.match(text, end):
        return  # a parameter description: "password: HTTP Basic Auth password"
    variable = not quoted and value.isidentifier() and not any(c.isdigit() for c in value)
    if variable and (_CREDENTIAL_WORD.search(value) or ("=" in sep and text[end : end + 1] in ",)")):
        return  # a variable: password=db_password, login(user=u, password=pw)
    if password:
        if (
            _FOREIGN_NAME.search(name) is not None or sep.strip().lower() in _FOREIGN_VERB_SET
        ) and not _made_up(value):
            return  # "Das Passwort ist falsch", "contraseña: incorrecta"
        if password_ok(value, lex, quoted=quoted or (assign and not value[-1].isalnum())):
            yield Finding("PASSWORD", start, end, "password_assignment")
    elif secret_ok(value, lex):
        yield Finding("SECRET", start, end, "secret_assignment")


def _without_separator(
    text: str, a: int, b: int, name: str, password: bool, lex: Lexicon
) -> Iterator[Finding]:
    """Values in calls, defaults and configuration forms (no separator follows the name)."""
    if text[b : b + 1] == "(":
        setter = _SETTER.match(text, b) if name.rsplit(".", 1)[-1].startswith(("set", "with")) else None
        if setter is not None:
            value, quoted = setter.group("v"), True
            start, end = setter.start("v"), setter.end("v")
        else:  # NetworkCredential("user", "v"), HTTPBasicAuth("user", "v")
            call = _CALL_DEFAULT.match(text, b) if "auth" in name or "cred" in name else None
            if call is not None and password_ok(call.group("v"), lex, quoted=True):
                yield Finding("PASSWORD", call.start("v"), call.end("v"), "auth_pair")
            return
    else:
        pair = _AUTH_PAIR.match(text, b) if "auth" in name or "cred" in name else None
        if pair is not None:
            if password_ok(pair.group("v"), lex, quoted=True):
                yield Finding("PASSWORD", pair.start("v"), pair.end("v"), "auth_pair")
            return
        located = located_value(text, a, b, password=password)
        if located is None:
            d = _OR_DEFAULT.match(text, b)
            if d is not None and (
                password_ok(d.group("v"), lex, quoted=True) if password else secret_ok(d.group("v"), lex)
            ):
                yield Finding("PASSWORD", d.start("v"), d.end("v"), "default_value")
                return
            spaced = None if password or d is not None else _SPACED_VALUE.match(text, b)
            if spaced is not None:
                value = _trim(spaced.group("v"))
                if looks_random(value, lex):
                    yield Finding(
                        "SECRET", spaced.start("v"), spaced.start("v") + len(value), "secret_after_name"
                    )
            return
        start, end, quoted = located
        value = text[start:end]
    if password:
        if password_ok(value, lex, quoted=quoted):
            yield Finding("PASSWORD", start, end, "password_assignment")
    elif secret_ok(value, lex):
        yield Finding("SECRET", start, end, "secret_assignment")
