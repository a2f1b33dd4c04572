"""Find personal data: UK phone numbers, emails, postcodes, addresses, handles and roster names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from safeguarding.screening import literals
from safeguarding.screening.normalise import VOCABULARY, Normalised

_PATTERNS = {
    # Mobiles (07xxx xxxxxx, +44 7xxx) and landlines (01xx / 02x), with the usual separators.
    "phone number": re.compile(
        r"(?<![\d])(?:(?:\+|00)\s?44\s?\(?0?\)?\s?|\(?0)(?:7\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{3}"
        r"|1\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}|2\d\)?[\s.-]?\d{4}[\s.-]?\d{4})(?![\d])"
    ),
    "email address": re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}"),
    "postcode": re.compile(
        r"(?<![a-z0-9])[a-z]{1,2}\d[a-z\d]?\s?\d[abd-hjlnp-uw-z]{2}(?![a-z0-9])"
    ),
    "social media handle": re.compile(
        r"(?<![\w.@])@[a-z0-9_](?:[a-z0-9_.]{1,28}[a-z0-9_])(?![\w@])"
    ),
    "street address": re.compile(
        r"(?<![\w])\d{1,4}[a-z]?,?\s+"
        r"(?:(?!(?:the|a|an|on|in|along|down|up|to|of|at|per|every|each|is|are|for|by|and|or|from"
        r"|with|into|more|cars?|people|miles?|metres?|km|times)\s)[a-z]+\s+){1,3}"
        r"(?:street|road|avenue|lane|crescent|gardens|terrace|grove|mews|close|drive|court|way"
        r"|place|square|parade)(?![\w])"
    ),
}
# Strings proven from each pattern (an "@", a "0", a street word): a text without a string
# from every set cannot match, so the pattern is not run on it.
_GATES = {
    kind: literals.Analysis(64).gates([pattern.pattern], 3, min_length=1)
    for kind, pattern in _PATTERNS.items()
}
literals.STORE.save()
# In ASCII text these are exactly the characters str.isdigit accepts.
_ASCII_DIGIT = re.compile(r"[0-9]")
# Street types that are also ordinary words count only when written with a capital letter.
_AMBIGUOUS_STREET = ("close", "drive", "court", "way", "place", "square", "parade")
# Names that are also everyday words ("Will", "Mark", "Grace") count only when capitalised,
# so "what mark did I get" is not personal data.
_WORD_NAMES = frozenset(
    "will mark grace hope may rose faith joy amber summer autumn dawn bill pat sue ray jack frank "
    "art guy rich bob robin holly ivy iris daisy ruby jade crystal pearl sky river storm victor "
    "max sunny bella angel king prince rowan ash reed penny carol chase lane hunter mason miles "
    "young brown white green black long short small wood hill bell".split()
)


@lru_cache(maxsize=256)
def _roster_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """Compile one pattern for a school's roster names (cached per roster)."""
    cleaned = sorted(
        {n.strip().casefold() for n in names if len(n.strip()) >= 2}, key=len, reverse=True
    )
    if not cleaned:
        return None
    body = "|".join(r"\s+".join(re.escape(part) for part in n.split()) for n in cleaned)
    return re.compile(r"(?<![\w])(?:" + body + r")(?![\w])")


def find(norm: Normalised, roster_names: Sequence[str] = ()) -> list[tuple[int, int, str]]:
    """Return (start, end, kind) in the original text for each piece of personal data."""
    plain = norm.plain
    found: list[tuple[int, int, str]] = []
    if "@" in plain or (
        _ASCII_DIGIT.search(plain) if plain.isascii() else any(ch.isdigit() for ch in plain)
    ):
        for kind, pattern in _PATTERNS.items():
            if not all(any(s in plain for s in gate) for gate in _GATES[kind]):
                continue
            for m in pattern.finditer(plain):
                start, end = norm.plain_span(*m.span())
                if kind == "street address" and m.group().split()[-1] in _AMBIGUOUS_STREET:
                    last = norm.original[start:end].split()[-1]
                    if not last[:1].isupper():
                        continue
                if kind == "social media handle" and _inside_email(plain, m.start()):
                    continue
                if kind == "postcode" and " " not in m.group():
                    # "BS15TT" is a postcode; "g01ng" is leetspeak.
                    if not norm.original[start:end].isupper():
                        continue
                found.append((start, end, kind))
    if roster_names:
        pattern = _roster_pattern(tuple(roster_names))
        if pattern is not None:
            for m in pattern.finditer(plain):
                start, end = norm.plain_span(*m.span())
                word = m.group()
                if (word in _WORD_NAMES or word in VOCABULARY) and not norm.original[start:end][
                    :1
                ].isupper():
                    continue
                found.append((start, end, "name from the school roster"))
    return found


def _inside_email(plain: str, at: int) -> bool:
    """Tell whether the "@" at `at` belongs to an email address."""
    return at > 0 and (plain[at - 1].isalnum() or plain[at - 1] in "._%+-")
