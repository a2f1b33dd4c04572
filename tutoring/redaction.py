"""Strip personal details from pupil text before it leaves Tutor Console.

Each kind of detail becomes a typed placeholder ("[name]", "[email]", "[phone]", "[postcode]",
"[address]", "[handle]", "[link]") so the tutor, the classifier and a reviewing teacher can still
tell that something was shared. The patterns are tuned not to touch maths ("x = 0.07", "07/11",
"ratio 2:3", "b2 - 4ac") or set texts (Macbeth, Eva Smith): only names we are given are removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from tutoring.providers.base import Turn, TutorRequest

NAME = "[name]"
EMAIL = "[email]"
PHONE = "[phone]"
POSTCODE = "[postcode]"
ADDRESS = "[address]"
HANDLE = "[handle]"
LINK = "[link]"

PLACEHOLDERS = (NAME, EMAIL, PHONE, POSTCODE, ADDRESS, HANDLE, LINK)

_DOT = r"(?:\.|\s*[\[(]\s*dot\s*[\])]\s*|\s+dot\s+)"
_SPELLED_DOT = r"(?:\s*[\[(]\s*dot\s*[\])]\s*|\s+dot\s+)"
_EMAIL = re.compile(
    rf"""
    (?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]{{1,64}}@[A-Za-z0-9-]{{1,63}}(?:\.[A-Za-z0-9-]{{1,63}}){{1,6}}
    # Pupils dodge filters with "sam at gmail dot com" or "sam[at]gmail.com". A plain " at "
    # counts only with a spelled-out dot, so "I found it at bbc.co.uk" keeps its words.
    | (?<![\w.+-])[\w.+-]{{1,64}}\s*[\[(]\s*at\s*[\])]\s*
      [\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{0,4}}?{_DOT}(?:com|net|org|uk)\b
    | (?<![\w.+-])[\w.+-]{{1,64}}\s+at\s+
      [\w-]{{1,63}}(?:{_DOT}[\w-]{{1,63}}){{0,4}}?{_SPELLED_DOT}(?:com|net|org|uk)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

_TLDS = (
    r"(?:com|net|org|co\.uk|org\.uk|sch\.uk|ac\.uk|gov\.uk|nhs\.uk|uk|io|gg|tv|app|dev|xyz|info)"
)
_URL = re.compile(
    rf"""
    \b(?:https?://|www\.)[^\s<>"']+
    # Bare domains only for TLDs that do not turn up in ordinary sentences ("it.me", "so.co").
    | (?<![\w.-])(?:[a-z0-9](?:[a-z0-9-]{{0,61}}[a-z0-9])?\.){{1,6}}{_TLDS}\b(?:/[^\s<>"']*)?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_URL_TRAILING = ".,;:!?)]}'\""

# A handle needs a letter so "@ 3" and "x@2" stay; the lookbehind skips anything email-like.
_HANDLE = re.compile(r"(?<![\w@.])@(?=[\w.]*[A-Za-z])[A-Za-z0-9_](?:[\w.]{0,29}\w)?")

_SEP = r"[\s.\-)]{0,2}"
# UK numbers: 0 or +44/0044 then 9-10 digits. A separator never follows the bare 0, which keeps
# decimals ("0.07123") out; the lookbehind keeps fractions, decimals and longer numbers out.
_UK_PHONE = re.compile(
    rf"""
    (?<![\w.,/+])
    (?:(?:\+|\b00)44{_SEP}(?:\(0\){_SEP})?|\(?0)
    [1-9](?:{_SEP}\d){{8,9}}
    (?!\d)
    """,
    re.VERBOSE,
)
# International: + or 00, a country code, at least 8 digits in all (so "+1000000" stays maths).
_INTL_PHONE = re.compile(
    r"""
    (?<![\w.,/+])
    (?:\+|\b00)[1-9]\d{0,2}(?:[\s.\-()]{0,2}\d){7,12}
    (?!\d)
    """,
    re.VERBOSE,
)

# Real postcode alphabets: no Q, V, X to start an area, and the inward letters never use CIKMOV.
# Those rules keep "x3 2xy", "cm2 3cm" and "b2 4ac" from reading as postcodes.
_POSTCODE = re.compile(
    r"\b(?:GIR|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]?) ?[0-9][ABD-HJLNP-UW-Z]{2}\b",
    re.IGNORECASE,
)

# Words that, between a number and a street word, mean a maths sentence and not an address:
# "60 miles along the road", "10 houses in each street".
_ADDRESS_STOP = (
    r"the|a|an|of|on|in|at|to|by|and|or|is|are|was|were|per|each|every|more|less|than|into|"
    r"from|with|along|down|up|km|cm|mm|m|miles?|metres?|meters?|minutes?|hours?|seconds?|"
    r"cars?|houses?|people|times|x|y"
)
_FREE_SUFFIXES = (
    r"street|st|road|rd|avenue|ave|lane|crescent|cres|terrace|gardens|grove|mews|boulevard"
)
# These are ordinary English words too ("5 red cars drive", "12 metres square"), so they count
# only written as proper nouns.
_PROPER_SUFFIXES = (
    r"Close|Drive|Way|Green|Park|Hill|View|Walk|Row|Rise|Square|Court|Place|Parade|Wharf|Gate|"
    r"Vale|Heights|Mount|Yard"
)
_FLAT = r"(?i:\b(?:flat|apartment|apt)\.?\s*(?:no\.?\s*)?\d{1,4}[a-c]?\b)"
_NUMBER = r"\b\d{1,4}(?i:[a-h])?,?"
_STREET = rf"""
    (?:
        (?i:(?:(?!(?:{_ADDRESS_STOP})\b)[a-z][a-z'-]*\s+){{1,3}}(?:{_FREE_SUFFIXES})\b\.?)
      | (?:[A-Z][A-Za-z'-]*\s+){{1,3}}(?:{_PROPER_SUFFIXES})\b
    )
"""
_ADDRESS = re.compile(
    rf"{_FLAT}(?:\s*,?\s*(?:{_NUMBER}\s+)?{_STREET})?|{_NUMBER}\s+{_STREET}", re.VERBOSE
)

# Names that are also everyday or maths words: matched only when capitalised, so a pupil called
# Power does not turn "to the power of 2" into "to the [name] of 2".
_WORD_NAMES = frozenset(
    """
    mark will max miles ray may rose grace hope joy faith amber april june august summer dawn
    eve art bill pat sue jack frank rich sky brook ivy hazel holly angel sunny pearl ruby
    power price long little young cross field king hall wood green white black brown grey gray
    hill mills bell best gold rice fox moon stone park lane page cook baker mason bishop hunter
    carter fisher walker wells banks sharp short strong swift rowe law chase reed hart west
    north south east day knight lord nash noble ford chance summers winter tan lee so
    """.split()
)
_MIN_NAME_LENGTH = 2


def redact(text: str, *, names: Iterable[str] = ()) -> str:
    """Return `text` with names and contact details replaced by typed placeholders."""
    if not text:
        return text
    text = _EMAIL.sub(EMAIL, text)
    text = _URL.sub(_link, text)
    text = _HANDLE.sub(HANDLE, text)
    text = _UK_PHONE.sub(PHONE, text)
    text = _INTL_PHONE.sub(PHONE, text)
    text = _ADDRESS.sub(ADDRESS, text)
    text = _POSTCODE.sub(POSTCODE, text)
    pattern = _names_pattern(_normalise_names(names))
    if pattern is not None:
        text = pattern.sub(NAME, text)
    return text


def redact_request(request: TutorRequest, *, names: Iterable[str] = ()) -> TutorRequest:
    """Return a copy of `request` with every free-text field redacted."""
    names = _normalise_names(names)
    return replace(
        request,
        message=redact(request.message, names=names),
        history=tuple(Turn(t.role, redact(t.text, names=names)) for t in request.history),
        teacher_guidance=redact(request.teacher_guidance, names=names),
    )


def _link(match: re.Match[str]) -> str:
    """Replace a link but give back trailing punctuation that ended the sentence."""
    found = match.group(0)
    kept = found.rstrip(_URL_TRAILING)
    return LINK + found[len(kept) :]


def _normalise_names(names: Iterable[str]) -> tuple[str, ...]:
    """Collapse whitespace, drop blanks and one-letter names, and sort for a stable cache key.

    A request redacts every turn against the same roster of hundreds of names, so a roster
    already seen is looked up rather than cleaned and sorted again.
    """
    if not isinstance(names, tuple):
        names = tuple(names)
    try:
        return _normalised_roster(names)
    except TypeError:  # an unhashable entry: it is no name, and is dropped below
        return _clean_names(names)


@lru_cache(maxsize=64)
def _normalised_roster(names: tuple[str, ...]) -> tuple[str, ...]:
    return _clean_names(names)


def _clean_names(names: tuple) -> tuple[str, ...]:
    cleaned = {" ".join(name.split()) for name in names if isinstance(name, str)}
    return tuple(sorted(name for name in cleaned if len(name) >= _MIN_NAME_LENGTH))


@lru_cache(maxsize=512)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """Compile one whole-word pattern for a set of names, longest first."""
    if not names:
        return None
    anywhere: list[str] = []
    capitalised: list[str] = []
    for name in sorted(names, key=len, reverse=True):
        body = r"\s+".join(re.escape(part) for part in name.split(" "))
        if " " not in name and name.casefold() in _WORD_NAMES:
            # Exact, Title or UPPER case only; the scoped flag keeps the rest case-insensitive.
            variants = {name, name[:1].upper() + name[1:].lower(), name.upper()}
            capitalised.extend(re.escape(v) for v in sorted(variants, key=len, reverse=True))
        else:
            # "Sams house": pupils drop the apostrophe of a possessive.
            anywhere.append(body + "s?")
    alternatives = []
    if anywhere:
        alternatives.append("(?i:" + "|".join(anywhere) + ")")
    alternatives.extend(capitalised)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
