"""The rule for each column's cells: a value in, the value after safe fixes and the findings out.

Each checker first asks the cheap question (is the value exactly right?) so the common, clean
cell costs one set look-up or one regular-expression match.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from . import spec
from .handles import handle_from, letters_not_kept
from .problems import Finding, Severity, error, fix, suggest, warning

# Every character str.isspace() accepts, plus the invisible ones Word and web pages leave behind
# and the NUL that some exports pad cells with.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\x00"
SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000" + INVISIBLE
)

ROLE_SET = frozenset(spec.ROLES)
TIME_ZONE_SET = frozenset(spec.TIME_ZONES)
LOCALE_SET = frozenset(spec.LOCALES)
_email_match = spec.EMAIL_PATTERN.fullmatch
_handle_match = spec.HANDLE_PATTERN.fullmatch

Result = tuple[str, list[Finding]]
NO_FINDINGS: list[Finding] = []


def trim(value: str) -> str:
    return value.strip(SPACE)


def quoted(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


def _what(characters: str) -> str:
    """Characters around a value, in words: 'a space', '2 spaces', 'a tab', 'invisible characters'."""
    if set(characters) <= {" "}:
        return "a space" if len(characters) == 1 else f"{len(characters)} spaces"
    if set(characters) <= set(INVISIBLE):
        return "an invisible character" if len(characters) == 1 else "invisible characters"
    names = {"\t": "a tab", "\n": "a line break", "\r": "a line break", "\u00a0": "a non-breaking space"}
    if len(characters) == 1 and characters in names:
        return names[characters]
    return "spaces or invisible characters"


def padding(raw: str) -> str:
    """How a value differs from itself trimmed, as the end of a sentence: 'has a space at the end'."""
    value = trim(raw)
    if not value:
        return "is only spaces"
    start = raw[:raw.index(value)]
    end = raw[len(start) + len(value):]
    if start and end:
        if start == end:
            return f"has {_what(start)} at both ends"
        return f"has {_what(start)} at the start and {_what(end)} at the end"
    return f"has {_what(start)} at the start" if start else f"has {_what(end)} at the end"


def _padding_fix(code: str, column: str, raw: str, value: str, severity=Severity.ERROR) -> Finding:
    return fix(code, f"The {column} {padding(raw)}.", value, severity)


def requirement(column: str) -> str:
    """What every member's cell in the column must hold, as sentences for messages; the eight time
    zones are named by their number, not listed in every message."""
    if column == "timezone":
        return (f"Every member needs a time zone: one of the import's {len(spec.TIME_ZONES)} time zones, "
                "written exactly as the import lists them.")
    return next(c.requirement for c in spec.COLUMNS if c.name == column)


def required(column: str, suggestion: str | None = None) -> Finding:
    message = f"The {column} cell is empty. {requirement(column)}"
    if suggestion is None:
        return error("required", message)
    return suggest("required", message, suggestion)


# Control characters: no column of the import holds one. Line breaks and tabs become a space (every
# column is a single line); the others are removed.
_BREAKS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BREAK_RUN = re.compile("[" + _BREAKS + "]+")
_OTHER_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


def without_controls(value: str) -> str:
    """The value with line breaks and tabs made a space and other control characters removed."""
    return _OTHER_CONTROL.sub("", _BREAK_RUN.sub(" ", value))


# Characters that show nothing, or turn the text around them (a right-to-left override writes 'Lee'
# after it as 'eeL'): soft hyphen, zero-width characters, direction marks, embeddings, overrides and
# isolates, word joiner and invisible operators, byte order mark. No column of the import holds one:
# removed by a fix. (At a value's ends the zero-width ones are also trimmed as spaces are: SPACE.)
HIDDEN_CHARACTERS = "\u00ad\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" + "".join(
    map(chr, range(0x2060, 0x206A))) + "\ufeff"
HIDDEN = re.compile(f"[{HIDDEN_CHARACTERS}]")
# A control or a hidden character: what a value is cleaned of before its column's rule is asked, and
# what the terminal shows as an escape.
UNSEEN = re.compile(f"[{CONTROL.pattern[1:-1]}{HIDDEN_CHARACTERS}]")


def without_hidden(value: str) -> str:
    """The value with its invisible and direction characters removed."""
    return HIDDEN.sub("", value)


def _hidden_finding(column: str, value: str, fixed: str) -> Finding:
    names = ", ".join(f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unassigned').lower()})"
                      for ch in dict.fromkeys(HIDDEN.findall(value)))
    return fix("invisible_character",
               f"The {column} has invisible characters inside it ({names}; removed): they hide letters or "
               "change the order in which the letters around them are shown.", fixed)


def _control_finding(column: str, value: str, fixed: str) -> Finding:
    inner = trim(value)
    what = []
    if _BREAK_RUN.search(inner):
        what.append("a line break or tab inside it (made a space)")
    others = sorted({f"U+{ord(ch):04X}" for ch in _OTHER_CONTROL.findall(inner)})
    if others:
        what.append(f"invisible control characters ({', '.join(others)}; removed)")
    return fix("control_character", f"The {column} has {' and '.join(what)}.", fixed)


def _without_controls_first(column: str, check: Callable[[str], Result]) -> Callable[[str], Result]:
    """Run `check` on the value with its control and hidden characters dealt with, and say so."""

    def run(raw: str) -> Result:
        if not UNSEEN.search(raw):
            return check(raw)
        inner = trim(raw)
        if not UNSEEN.search(inner):
            return check(raw)
        cleaned = without_controls(without_hidden(inner))
        value, findings = check(cleaned)
        said = [_control_finding(column, raw, value)] if CONTROL.search(inner) else []
        if HIDDEN.search(inner):
            said.append(_hidden_finding(column, inner, value))
        return value, [*said, *(f for f in findings if f.code not in ("control_character", "invisible_character"))]

    return run


# --- email -------------------------------------------------------------------------------------

def _email_reason(value: str) -> str:
    local, at, domain = value.rpartition("@")
    if not at:
        return "it has no @"
    if "@" in local:
        return "it has more than one @"
    if any(ch.isspace() for ch in value):
        return "it contains a space"
    if not local:
        return "there is nothing before the @"
    if not domain:
        return "there is nothing after the @"
    if not spec.EMAIL_DOMAIN_PATTERN.fullmatch(domain):
        if spec.EMAIL_DOMAIN_PATTERN.fullmatch(domain + ".x"):
            return f"'{domain}' after the @ has no dot: an address needs a whole domain, such as 'city.gov'"
        return f"'{domain}' after the @ is not a valid domain"
    bad = sorted({ch for ch in local if ch != "." and not spec.EMAIL_LOCAL_PATTERN.fullmatch(ch)})
    if bad:
        return "it contains " + quoted(bad)
    if local.startswith("."):
        return "it starts with a dot"
    if local.endswith("."):
        return "it has a dot just before the @"
    if ".." in local:
        return "it has two dots in a row"
    if len(local) > spec.EMAIL_LOCAL_MAX_LENGTH:
        return (f"it has {len(local)} characters before the @; the most allowed is "
                f"{spec.EMAIL_LOCAL_MAX_LENGTH}")
    if len(value) > spec.EMAIL_MAX_LENGTH:
        return f"it has {len(value)} characters; the most allowed is {spec.EMAIL_MAX_LENGTH}"
    return "its form is not valid"


def _email_guess(value: str) -> str | None:
    """A likely address hidden in the value: 'Jon <jon@x.gov>', spaces inside, a comma for a dot,
    accents that an address cannot hold ('josé.davis@x.gov' -> 'jose.davis@x.gov')."""
    bracketed = re.search(r"<([^<>]+)>", value)
    for candidate in (
        bracketed.group(1).strip() if bracketed else "",
        re.sub(r"\s+", "", value),
        value.replace(",", "."),
        value.rstrip(".;,"),
        unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode(),
    ):
        if candidate and _email_match(candidate):
            return candidate
    return None


def check_email(raw: str) -> Result:
    if _email_match(raw):
        return raw, NO_FINDINGS
    value = trim(raw)
    if not value:
        return "", [required("email")]
    bare = value[7:] if value.lower().startswith("mailto:") else value
    if _email_match(bare):
        if bare != value:
            return bare, [fix("email_invalid", "The e-mail address starts with 'mailto:'.", bare)]
        return bare, [_padding_fix("email_invalid", "e-mail address", raw, bare)]
    message = (f"'{value}' is not a valid e-mail address: {_email_reason(value)}. Enter the member's address "
               "as their mail program shows it.")
    return value, [suggest("email_invalid", message, _email_guess(value))]


# --- role --------------------------------------------------------------------------------------

def _spelled(value: str) -> str:
    """A role as words: lowercase, with '-', '_' and runs of spaces as one space."""
    return " ".join(re.split(r"[\s_\-]+", value.lower()))


_ROLE_BY_WORD = {_spelled(word): role for role, words in spec.ROLE_WORDS.items() for word in words}


def _role_guess(spelled: str) -> str | None:
    """The role an office's word means ('admin' -> 'owner', 'employees' too), else the closest role."""
    guess = _ROLE_BY_WORD.get(spelled) or _ROLE_BY_WORD.get(spelled.removesuffix("s"))
    if guess is None:
        close = difflib.get_close_matches(spelled, spec.ROLES, n=1, cutoff=0.6)
        guess = close[0] if close else None
    return guess


def check_role(raw: str) -> Result:
    if raw in ROLE_SET:
        return raw, NO_FINDINGS
    value = trim(raw)
    if not value:
        return "", [required("role")]
    allowed = f"Use one of: {quoted(spec.ROLES)} (all lowercase)."
    spelled = _spelled(value)
    if spelled in ROLE_SET:
        if value == spelled:
            message = f"The role '{value}' {padding(raw)}."
        else:
            how = "must be lowercase" if value.lower() == spelled else "must be written"
            message = f"The role '{value}' {how}: '{spelled}'." + _also_padded(raw, value)
        return spelled, [fix("role_invalid", message, spelled)]
    message = f"'{value}' is not a role the import knows. {allowed}"
    return value, [suggest("role_invalid", message, _role_guess(spelled))]


# --- handle ------------------------------------------------------------------------------------

def _named(characters) -> str:
    """Characters with their Unicode names: a Cyrillic а looks like an a, so the name says which it is."""
    return ", ".join(f"'{ch}' ({unicodedata.name(ch, f'U+{ord(ch):04X}').lower()})" for ch in characters)


def _also_padded(raw: str, value: str) -> str:
    return f" It also {padding(raw)}." if raw != value else ""


def check_handle(raw: str) -> Result:
    """Characters and length. Uniqueness and the suggestions that need it are handles.py's."""
    if _handle_match(raw):
        return raw, NO_FINDINGS
    value = trim(raw)
    if not value:
        return "", [required("handle")]
    findings = []
    rule = f"A handle may only use {spec.HANDLE_ALLOWED}"
    lost = letters_not_kept(value)
    if lost:  # the admin's yes: the suggestion is made from the names (sheet.py)
        return value, [error("handle_invalid", (
            f"The handle '{value}' has {'a character' if len(lost) == 1 else 'characters'} outside a-z and 0-9: "
            f"{_named(lost)}. Written in a-z it would be another name, so it is not changed automatically. "
            f"{rule}."))]
    handle = handle_from(value)
    if not handle:
        return "", [error("handle_invalid", f"The handle '{value}' has no usable characters. {rule}.")]
    if handle != raw:
        findings.append(_padding_fix("handle_invalid", "handle", raw, handle) if handle == value else
                        fix("handle_invalid", f"The handle '{value}' has characters not allowed. {rule}.", handle))
    if len(handle) > spec.HANDLE_MAX_LENGTH:
        findings.append(error(
            "handle_too_long",
            f"The handle '{handle}' has {len(handle)} characters; "
            f"the most allowed is {spec.HANDLE_MAX_LENGTH}.",
        ))
    return handle, findings


# --- time zone ---------------------------------------------------------------------------------

_GMT_PREFIX = re.compile(r"^\(?\s*(?:gmt|utc)\s*(?:[+\-\u2212]\s*\d{1,2}(?::?\d{2})?)?\s*\)?\s*", re.IGNORECASE)


def _zone_key(value: str) -> str:
    value = _GMT_PREFIX.sub("", value.lower().replace(" and ", " & "))
    return re.sub(r"[^a-z0-9]", "", value)


_ZONE_BY_KEY: dict[str, str] = {}
for _name, _iana in spec.TIME_ZONES.items():
    _ZONE_BY_KEY[_zone_key(_name)] = _name
    _ZONE_BY_KEY[_zone_key(_iana)] = _name
for _alias, _name in spec.TIME_ZONE_ALIASES.items():
    _ZONE_BY_KEY[_zone_key(_alias)] = _name


def _words(text: str) -> str:
    """Lowercase words, dots dropped and anything else between them one space: 'St. Louis, MO' -> 'st louis mo'."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower().replace(".", "")).split())


# A city's words -> (the city, its time zone).
_CITIES = {_words(city): (city, zone) for zone, cities in spec.TIME_ZONE_CITIES.items() for city in cities}
_CITY_IN = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _CITIES), key=len, reverse=True)) + r")\b")


def _city_suggestion(value: str, allowed: str) -> Finding | None:
    """A value naming a city ('Chicago', '(GMT-06:00) Central Time - Chicago', 'Eastern Time
    (Indianapolis)'): the city's time zone, as a suggestion, since the city decides."""
    words = _words(value)
    found = _CITY_IN.search(words)
    if found is None:
        return None
    city, zone = _CITIES[found.group()]
    if found.group() == words:
        message = f"'{value}' is a city, not a time zone the import knows; the suggestion is its time zone."
    else:
        message = (f"'{value}' is not a time zone the import knows; it names {city}, so the suggestion is "
                   "that city's time zone.")
    return suggest("timezone_invalid", f"{message} {allowed}", zone)


# "UTC-6", "GMT -06:00", "(UTC−05:00)": an offset alone, west of Greenwich.
_BARE_OFFSET = re.compile(r"\(?\s*(?:gmt|utc)\s*[\-\u2212]\s*0?(\d{1,2})(?::?00)?\s*\)?", re.IGNORECASE)


def check_timezone(raw: str) -> Result:
    if raw in TIME_ZONE_SET:
        return raw, NO_FINDINGS
    value = trim(raw)
    if not value:
        return "", [required("timezone")]
    name = _ZONE_BY_KEY.get(_zone_key(value))
    if name is not None:
        if value == name:
            message = f"The time zone '{value}' {padding(raw)}."
        elif value.lower() == name.lower():
            message = f"The time zone '{value}' must be written with the import's capitals: '{name}'."
        elif _zone_key(value) == _zone_key(name):
            message = f"The time zone '{value}' is written differently from the import's '{name}'."
        else:
            message = f"'{value}' is another name for '{name}', the name the import needs."
        if value != name:
            message += _also_padded(raw, value)
        return name, [fix("timezone_invalid", message, name)]
    allowed = (f"It must be one of the import's {len(spec.TIME_ZONES)} time zones, written exactly "
               "as the import lists them.")
    by_city = _city_suggestion(value, allowed)
    if by_city is not None:
        return value, [by_city]
    guess = spec.TIME_ZONE_ABBREVIATIONS.get(value.upper().replace(".", ""))
    offset = _BARE_OFFSET.fullmatch(value)
    if guess is None and offset is not None:
        guess = spec.TIME_ZONE_OFFSETS.get(-int(offset.group(1)))
    if guess is None:
        close = difflib.get_close_matches(_zone_key(value), _ZONE_BY_KEY, n=1, cutoff=0.75)
        guess = _ZONE_BY_KEY[close[0]] if close else None
    return value, [suggest("timezone_invalid", f"'{value}' is not a time zone the import knows. {allowed}", guess)]


# --- locale ------------------------------------------------------------------------------------

def check_locale(raw: str) -> Result:
    if raw in LOCALE_SET:
        return raw, NO_FINDINGS
    value = trim(raw)
    default = spec.LOCALES[0]
    if not value:
        return "", [required("locale", suggestion=default)]
    allowed = f"The import accepts {quoted(spec.LOCALES)}."
    key = value.lower().replace("_", "-")
    same = key if key in LOCALE_SET else spec.LOCALE_ALIASES.get(key)
    if same is None and key.split("-")[0] in LOCALE_SET:
        same = key.split("-")[0]  # a region of English ("en-GB") is still English
    if same is not None:
        if value == same:
            message = f"The locale '{value}' {padding(raw)}."
        elif value.lower() == same:
            message = f"The locale '{value}' must be lowercase: '{same}'." + _also_padded(raw, value)
        else:
            message = f"The locale '{value}' means '{same}', as the import writes it." + _also_padded(raw, value)
        return same, [fix("locale_invalid", message, same)]
    return value, [suggest("locale_invalid", f"'{value}' is not a locale the import knows. {allowed}", default)]


# --- name, first_name, last_name ---------------------------------------------------------------

def letters_lost(column: str) -> Finding:
    """A name with the mark an export writes for a letter it could not write: kept, and said so."""
    return warning(
        "letters_lost",
        f"The {column} has '{spec.LOST_LETTER}' in it: the export seems to have lost letters (each "
        f"'{spec.LOST_LETTER}' stands where a letter such as é or ñ was). It is kept as it is. To keep the "
        "letters, export the list again: from PowerShell with Export-Csv -Encoding UTF8, from another "
        'system as "CSV UTF-8".',
        action="Export again as UTF-8 to keep the letters",
    )


def text_checker(column: str) -> Callable[[str], Result]:
    """Free text: required, stray spaces trimmed (a warning: it imports, but looks wrong), and in a
    name, letters an export lost (a warning: the name is kept)."""
    names = column in spec.NAME_COLUMNS

    def check_text(raw: str) -> Result:
        value = trim(raw)
        if not value:
            return "", [required(column)]
        findings = [_padding_fix("whitespace", column, raw, value, Severity.WARNING)] if value != raw else []
        if names and spec.LOST_LETTER in value:
            findings.append(letters_lost(column))
        return value, findings or NO_FINDINGS

    return check_text


# --- any column --------------------------------------------------------------------------------

def formula_risk(column: str, value: str, changed: bool = False) -> Finding:
    """A value that starts like a formula; `changed` when a fix or a change made it so."""
    how = ("It is written so after the changes above: check that is meant." if changed
           else "Check it is meant; it is left as it is.")
    start = {"\t": "a tab", "\r": "a line break"}.get(value[0], f"'{value[0]}'")
    return warning("formula_risk", f"The {column} starts with {start}, so a spreadsheet may run it as a formula. {how}")


_FORMULA_START = "".join(spec.FORMULA_PREFIXES)
_BAD_START = SPACE + _FORMULA_START


def _one_of(values) -> str:
    return "(?:" + "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True)) + ")"


def _clean_row(separator: str) -> re.Pattern:
    """A member row that every checker below would pass as it is, as its values joined by
    `separator` in the import's column order: one match instead of eight checks, for speed. Made
    from the same rules: the e-mail and handle patterns, the roles, time zones and locales, and names
    that neither start like a formula nor have spaces at their ends, control or hidden characters or a
    lost letter inside.
    Named groups: email, handle."""
    # The free-text columns are the names: no control character, separator or lost letter inside.
    never = CONTROL.pattern[1:-1] + HIDDEN_CHARACTERS + re.escape(separator + spec.LOST_LETTER)
    name = f"[^{re.escape(_BAD_START)}{never}](?:[^{never}]*[^{never}{re.escape(SPACE)}])?"
    rules = {
        "email": f"(?![{re.escape(_FORMULA_START)}])(?P<email>{spec.EMAIL_PATTERN.pattern})",
        "role": _one_of(spec.ROLES),
        "handle": f"(?P<handle>{spec.HANDLE_PATTERN.pattern})",
        "timezone": _one_of(spec.TIME_ZONES),
        "locale": _one_of(spec.LOCALES),
    }
    return re.compile(separator.join(rules.get(column, name) for column in spec.COLUMN_NAMES))


# A clean row's line as read: values with no comma inside, separated by commas.
clean_line = _clean_row(",").fullmatch
# Any row's values, joined by a control character no clean value can hold.
_clean_values = _clean_row("\x1f").fullmatch


def row_is_clean(*values: str) -> bool:
    """True when every checker below would find nothing in the row's values (in the import's column
    order). Only a shortcut: a False sends the row through the checkers, which decide."""
    return _clean_values("\x1f".join(values)) is not None


def _remembered(column: str, check: Callable[[str], Result]) -> Callable[[str], tuple[str, tuple[Finding, ...]]]:
    """The column's whole answer for a value (a value left starting like a formula included), each
    worked out once per value: files repeat the same few wrong values, and a close-match search per
    cell is the costliest step of a check. Findings come back as a tuple, since the same one is
    handed to every caller."""

    def answer(raw: str) -> tuple[str, tuple[Finding, ...]]:
        value, found = check(raw)
        if value and value[0] in _FORMULA_START:
            return value, (*found, formula_risk(column, value, changed=value != raw))
        return value, tuple(found)

    return lru_cache(maxsize=4096)(answer)


_RULES: dict[str, Callable[[str], Result]] = {
    "email": check_email,
    "name": text_checker("name"),
    "role": check_role,
    "handle": check_handle,
    "timezone": check_timezone,
    "locale": check_locale,
    "first_name": text_checker("first_name"),
    "last_name": text_checker("last_name"),
}
CHECKERS: dict[str, Callable[[str], tuple[str, tuple[Finding, ...]]]] = {
    column: _remembered(column, _without_controls_first(column, rule)) for column, rule in _RULES.items()}
assert tuple(CHECKERS) == spec.COLUMN_NAMES, "one checker per column, in the spec's order"
