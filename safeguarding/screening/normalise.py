"""Fold evasive spellings into plain lowercase words, keeping a map back to the original text.

Two views come out of `normalise`:

- `plain`: casefolded, NFKC, homoglyphs mapped, invisible characters removed. Digits and
  punctuation stay, so phone numbers, emails and postcodes can be read from it.
- `folded`: the words of `plain`, one space apart, after undoing leetspeak, spaced-out and
  dotted letters, stretched letters, masked letters and teen abbreviations. Sentence breaks
  become " . " or " ? " so that patterns do not run across sentences.

Every character of both views maps back to a range of the original text, so a match can
point at the pupil's own words.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")

# Look-alike letters from other scripts that survive NFKC. Keys are already casefolded.
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "г": "r",
    "е": "e",
    "ё": "e",
    "з": "3",
    "и": "u",
    "й": "u",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "п": "n",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ь": "b",
    "ѕ": "s",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ԁ": "d",
    "һ": "h",
    "ӏ": "l",
    "ԛ": "q",
    "ԝ": "w",
    "ү": "y",
    "ɡ": "g",
    # Greek
    "α": "a",
    "β": "b",
    "γ": "y",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "u",
    "ν": "v",
    "ο": "o",
    "π": "n",
    "ρ": "p",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "u",
    "φ": "o",
    "χ": "x",
    "ω": "w",
    # Latin extensions and symbols used as letters
    "ı": "i",
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ħ": "h",
    "ŧ": "t",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
    "ð": "d",
    "ƒ": "f",
    "∂": "d",
    "€": "e",
    "£": "£",
    "¡": "i",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "´": "'",
    "“": '"',
    "”": '"',
    "‐": "-",
    "‑": "-",
    "–": "-",
    "—": "-",
}

# Characters that render as nothing; dropped so "k\u200bill" reads as "kill".
_INVISIBLE = frozenset(
    [chr(c) for c in range(0x200B, 0x2010)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2060, 0x2070)]
    + [chr(c) for c in range(0xFE00, 0xFE10)]
    + [
        "\u00ad",
        "\u034f",
        "\u061c",
        "\u115f",
        "\u1160",
        "\u17b4",
        "\u17b5",
        "\u180e",
        "\u3164",
        "\ufeff",
        "\uffa0",
    ]
)

_LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "7": "t",
        "@": "a",
        "$": "s",
        "!": "i",
        "|": "l",
    }
)
_LEET_CHARS = frozenset("0134579@$!|")
_QUANTITY = re.compile(
    r"^[0-9]+(?:[.,][0-9]+)?(?:kg|kgs|g|mg|ml|l|cm|mm|m|km|lb|lbs|st|kcal|cal|cals|am|pm|nd|rd|"
    r"th|mph|gb|mb|hr|hrs|min|mins|sec|secs|yr|yrs|x|p)$"
    # a question or part number: "q3", "p12"
    r"|^[qp][0-9]+$"
)
_VOWELS = "aeiou"

_TOKEN = re.compile(r"[\w@$!|*']+")
_STRIP_LEAD = "!|*'_"
_STRIP_TRAIL = "!|*'_@$"
_TRIPLE = re.compile(r"([a-z])\1{2,}")
_DOUBLE = re.compile(r"([a-z])\1+")
_SENTENCE_END = re.compile(r"[.!;\n]")
# A message typed one or two words to a line ("ate / nothing / today") is one run of text.
_SENTENCE_END_IN_LINE = re.compile(r"[.!;]")
_WORD_PER_LINE_MIN_LINES = 4
_JOINERS = frozenset(".-_*/'~+")


def _load_lines(name: str) -> list[str]:
    """Return the non-blank, non-comment lines of a data file."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [
        ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]


def _load_abbreviations() -> dict[str, str]:
    """Load `short = long` pairs (teen abbreviations and slang)."""
    table = {}
    for line in _load_lines("abbreviations.txt"):
        short, _, long = line.partition("=")
        table[short.strip()] = long.strip()
    return table


ABBREVIATIONS = _load_abbreviations()
# Filled by the lexicon at import with every word its patterns use, so repairs land on words
# the screen actually looks for.
VOCABULARY: set[str] = {w for ln in _load_lines("vocabulary.txt") for w in ln.split()}
VOCABULARY.update(w for long in ABBREVIATIONS.values() for w in long.split())
_MAX_WORD = 16
_MAX_RUN = 60  # letters in a spaced-out run; longer runs are not one hidden phrase


@dataclass(frozen=True)
class Normalised:
    """The views of one text and the maps back to the original."""

    original: str
    plain: str
    folded: str
    _plain_start: tuple[int, ...] | None  # None: plain[i] is original[i]
    _plain_end: tuple[int, ...] | None
    _out_starts: tuple[int, ...]  # start offset in `folded` of each piece
    _orig_ranges: tuple[tuple[int, int], ...]  # original range of each piece

    def plain_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a `plain` range to the original text."""
        if self._plain_start is None or self._plain_end is None:
            return start, end
        if end <= start:
            return self._plain_start[start], self._plain_start[start]
        return self._plain_start[start], self._plain_end[end - 1]

    def folded_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a `folded` range to the original text."""
        if not self._out_starts:
            return 0, 0
        i = max(bisect_right(self._out_starts, start) - 1, 0)
        j = max(bisect_right(self._out_starts, max(end - 1, start)) - 1, i)
        return self._orig_ranges[i][0], self._orig_ranges[j][1]


def _char_fold(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Casefold, NFKC, strip marks and invisibles, map homoglyphs; keep per-char origins."""
    if text.isascii():
        # Fast path: lowercasing ASCII keeps every offset.
        return text.lower().replace("`", "'"), None, None
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            out.append(ch.lower() if ch != "`" else "'")
            starts.append(i)
            ends.append(i + 1)
            continue
        for part in _fold_char(ch):
            out.append(part)
            starts.append(i)
            ends.append(i + 1)
    return "".join(out), starts, ends


# Emoji that stand for a means of self-harm or death are read as the word ("🪦 thats my plan for
# friday"). Knife and gun emoji are left out: pupils use them in jest far more often. Laughing
# emoji are read as cues elsewhere (lexicon.EMOJI_LAUGH).
_EMOJI_WORDS = {
    "\U0001faa6": "grave",  # headstone
    "\u26b0": "coffin",
    "\U0001f48a": "pills",
    "\U0001fa78": "blood",
    "\U0001faa2": "rope",
    "\U0001f4a3": "bomb",
    "\U0001f52a": "knife",
    "\U0001f5e1": "knife",  # dagger
    "\U0001fa92": "razor",
    "\U0001f52b": "gun",
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Fold one non-ASCII character to what it looks like."""
    if ch in _INVISIBLE:
        return ""
    if ch in _EMOJI_WORDS:
        return f" {_EMOJI_WORDS[ch]} "
    cat = unicodedata.category(ch)
    if cat in ("Cs", "Co", "Cn"):
        # Lone surrogates and unassigned code points carry no readable text.
        return " "
    if cat == "Cf":
        return ""
    if cat in ("Zs", "Zl", "Zp", "Cc"):
        return " " if ch not in "\n\r\u2028\u2029" else "\n"
    result = []
    for c in unicodedata.normalize("NFD", unicodedata.normalize("NFKC", ch)):
        if unicodedata.category(c) in ("Mn", "Me", "Cf") or c in _INVISIBLE:
            continue
        c = c.casefold()
        result.append(_HOMOGLYPHS.get(c, c) if len(c) == 1 else c)
    return "".join(result)


# Words recur from message to message, so their repairs are kept; a repair depends on the word
# lists, which the lexicon extends at import, so the kept repairs go whenever the lists grow.
@lru_cache(maxsize=32768)
def _repair(word: str) -> str:
    """Undo leetspeak, stretched letters, masked letters and abbreviations in one word."""
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    if not word.isalpha() or not word.isascii():
        if _QUANTITY.match(word):
            # "10kg", "500ml", "3pm", "21st", "q3": a number with its unit or a question
            # number, not leetspeak ("iokg", "qe").
            return word
        if _LEET_CHARS.intersection(word):
            letters = sum(c.isalpha() for c in word)
            # "q3" or "3x" in maths stay as they are; "k1ll" and "su1c1d3" are words in disguise.
            converted = word.translate(_LEET)
            if letters >= 2 or (
                letters == 1 and (not word[0].isdigit() or converted in VOCABULARY)
            ):
                word = converted
        if "*" in word:
            word = _unmask(word)
        if "'" in word:
            word = word.replace("'", "")
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    if word in VOCABULARY:
        return word
    if _DOUBLE.search(word):
        # Stretched letters ("kiiiill", "diiiie", "killllll"): try the stretch as a double letter,
        # as a single letter, then every double as single; keep the first known word.
        for candidate in _destretched(word):
            if candidate in VOCABULARY or candidate in ABBREVIATIONS:
                return ABBREVIATIONS.get(candidate, candidate)
        return _TRIPLE.sub(r"\1\1", word)
    return word


def _destretched(word: str) -> list[str]:
    """List spellings with each repeated letter written once or twice (at most 16)."""
    parts = [m.group() for m in re.finditer(r"([a-z])\1*|[^a-z]+", word)]
    runs = [i for i, p in enumerate(parts) if len(p) > 1 and p[0].isalpha()]
    if not runs or len(runs) > 4:
        return [_TRIPLE.sub(r"\1\1", word)]
    out = []
    for mask in range(1 << len(runs)):
        pieces = list(parts)
        for bit, i in enumerate(runs):
            pieces[i] = pieces[i][0] * (2 if mask >> bit & 1 else 1)
        out.append("".join(pieces))
    return out


def _unmask(word: str) -> str:
    """Fill masked letters ("k*ll", "su*cide") when a vowel makes a known word."""
    if word.count("*") <= 2:
        for vowel in _VOWELS:
            candidate = word.replace("*", vowel)
            if candidate in VOCABULARY:
                return candidate
        if word.count("*") == 2:
            first, rest = word.split("*", 1)
            for a in _VOWELS:
                for b in _VOWELS:
                    candidate = first + a + rest.replace("*", b)
                    if candidate in VOCABULARY:
                        return candidate
    return word.replace("*", "")


@lru_cache(maxsize=2048)
def segment(joined: str) -> str | None:
    """Split a run of letters into known words ("killmyself" -> "kill myself"), or None."""
    n = len(joined)
    if n == 0 or n > 60:
        return None
    best: list[tuple[int, int] | None] = [None] * (n + 1)  # (word count, previous cut)
    best[0] = (0, 0)
    for end in range(1, n + 1):
        for start in range(max(0, end - _MAX_WORD), end):
            prev = best[start]
            if prev is None:
                continue
            piece = joined[start:end]
            if piece in VOCABULARY or piece in ABBREVIATIONS or piece in ("i", "a"):
                cand = (prev[0] + 1, start)
                if best[end] is None or cand[0] < best[end][0]:  # type: ignore[index]
                    best[end] = cand
    if best[n] is None:
        return None
    words = []
    end = n
    while end > 0:
        start = best[end][1]  # type: ignore[index]
        piece = joined[start:end]
        words.append(ABBREVIATIONS.get(piece, piece))
        end = start
    words.reverse()
    if max(len(w) for w in words) < 3:
        return None
    return " ".join(words)


def _tokens(plain: str) -> list[tuple[int, int]]:
    """Find word tokens in the plain view, trimming punctuation that only edges a word."""
    found = []
    for m in _TOKEN.finditer(plain):
        start, end = m.span()
        while start < end and plain[start] in _STRIP_LEAD:
            start += 1
        while end > start and plain[end - 1] in _STRIP_TRAIL:
            end -= 1
        if start < end:
            found.append((start, end))
    return found


def _gap_is_short(gap: str) -> bool:
    """Tell whether a separator is the kind used to space out letters ("k i l l", "k.i.l.l")."""
    if not 0 < len(gap) <= 3 or "\n" in gap or any(c.isalnum() for c in gap):
        return False
    # ". " ends a sentence; letters on either side of it are not one spaced-out word.
    return not any(gap[i] in ".!?" and gap[i + 1].isspace() for i in range(len(gap) - 1))


def _read_leet_digits(pieces: list[tuple[str, int, int]], plain: str) -> None:
    """Read short all-digit words as leetspeak ("15" as "is") between two leetspeak words.

    Digits alone stay digits ("solve 3x + 4 = 19"); only a digit word with leetspeak on both
    sides, as in "7h3r3 15 n0 f00d", is read as letters.
    """

    def leet(k: int) -> bool:
        word, start, end = pieces[k]
        raw = plain[start:end]
        return raw != word and any(c in _LEET_CHARS for c in raw) and word.isalpha()

    for k in range(1, len(pieces) - 1):
        word = pieces[k][0]
        if len(word) <= 3 and word.isdigit() and set(word) <= _LEET_CHARS:
            converted = word.translate(_LEET)
            if converted in VOCABULARY and leet(k - 1) and leet(k + 1):
                pieces[k] = (converted, pieces[k][1], pieces[k][2])


# Letters written with digits or symbols inside a word ("k1ll", "d!e"), letters spaced or dotted
# out ("c.u.t.s", "k n 1 f e"), and invisible characters.
_DISGUISE = re.compile(
    r"[a-z][0134579@$!|]+[a-z]|(?<![a-z0-9])[a-z][0134579@$!|]+(?![0-9])|[0134579@$!|][a-z]"
    r"|(?:(?<![a-z0-9])[a-z][ .*_-]){3}|[\u200b-\u200f\u2060\ufeff]",
    re.IGNORECASE,
)
# Stricter, for a whole message: a word with letters on both sides of a digit or symbol, four
# letters spaced or dotted out, an invisible character, or a Cyrillic or Greek letter among
# Latin ones. "Q1", "b4" and "x = 1 2 3" are not disguises.
_DISGUISED_MESSAGE = re.compile(
    r"[a-z][0134579@$!|]+[a-z]|(?:(?<![a-z0-9])[a-z0-9][ .*_-]){3}[a-z0-9](?![a-z0-9])"
    r"|[\u200b-\u200f\u2060\ufeff]|[\u0370-\u03ff\u0400-\u04ff]",
    re.IGNORECASE,
)


def disguised(text: str, *, whole_message: bool = False) -> bool:
    """Tell whether words were disguised to get past a filter (a teen abbreviation is not).

    For a matched phrase any digit-for-letter or non-Latin letter counts; for a whole message
    only the stricter signs do, so exam questions and names with accents are not disguises.
    """
    if whole_message:
        found = _DISGUISED_MESSAGE.search(text)
        return bool(found) and any(c.isalpha() for c in found.group())
    return bool(_DISGUISE.search(text)) or any(not c.isascii() and c.isalpha() for c in text)


# Words after which a lone "2" is the word "to" ("i want 2 die", "going 2 run away").
_TWO_AS_TO_AFTER = frozenset(
    "want wants wanted going got have has had need needs needed try trying tried used ready "
    "deserve deserves supposed allowed scared afraid about able meant".split()
)


# Words that follow a counted "2" rather than an infinitive "to" ("got 2 wrong", "have 2 left").
_NOT_AFTER_TO = frozenset(
    "wrong right left more less out marks mark points questions question pages minutes hours "
    "days weeks sisters brothers".split()
)


def _read_two_as_to(pieces: list[tuple[str, int, int]]) -> None:
    """Read a lone "2" as "to" between a verb of wanting or going and a word ("want 2 die").

    Only after words that take an infinitive, and not before a counted noun: "got 2 wrong" and
    "have 2 left" stay numbers, and "want 2 apples" reads "want to apples", which matches
    nothing.
    """
    for k in range(1, len(pieces) - 1):
        if pieces[k][0] == "2" and pieces[k - 1][0] in _TWO_AS_TO_AFTER:
            following = pieces[k + 1][0]
            if following.isalpha() and following not in _NOT_AFTER_TO:
                pieces[k] = ("to", pieces[k][1], pieces[k][2])


# The word-list sizes the kept repairs were made with.
_repaired_for = (0, 0)


def _word_per_line(plain: str) -> bool:
    """Tell whether a message is typed one or two words to a line, most of its lines."""
    if plain.count("\n") < _WORD_PER_LINE_MIN_LINES - 1:
        return False  # most messages: one line, nothing to split
    lines = [ln for ln in plain.splitlines() if ln.strip()]
    short = sum(len(ln.split()) <= 2 for ln in lines)
    return len(lines) >= _WORD_PER_LINE_MIN_LINES and 4 * short >= 3 * len(lines)


# Every layer reads the same views of a message, so they are built once per text.
@lru_cache(maxsize=4096)
def normalise(text: str) -> Normalised:
    """Build the plain and folded views of `text` with maps back to it."""
    global _repaired_for
    if _repaired_for != (len(VOCABULARY), len(ABBREVIATIONS)):
        _repair.cache_clear()
        _repaired_for = (len(VOCABULARY), len(ABBREVIATIONS))
    plain, pstarts, pends = _char_fold(text)
    toks = _tokens(plain)
    raw = [plain[s:e] for s, e in toks]
    sentence_end = _SENTENCE_END_IN_LINE if _word_per_line(plain) else _SENTENCE_END
    pieces: list[tuple[str, int, int]] = []  # (folded text, plain start, plain end)
    prev_end = 0
    i = 0
    n = len(toks)
    skip_runs_until = 0
    while i < n:
        start, end = toks[i]
        gap = plain[prev_end:start]
        # Most words are one space apart, with no sentence break to look for.
        if gap != " " and pieces:
            if gap == "." and raw[i - 1][-1:].isdigit() and raw[i][:1].isdigit():
                pass  # a decimal point ("4.9", "£2.50"), not the end of a sentence
            elif sentence_end.search(gap):
                pieces.append(("?" if "?" in gap else ".", prev_end, start))
            elif "?" in gap:
                pieces.append(("?", prev_end, start))
        # Letters spaced or dotted out: "k i l l m y s e l f", "s.u.i.c.i.d.e".
        if len(raw[i]) == 1:
            j = i
            while (
                i >= skip_runs_until
                and j < n
                and j - i <= _MAX_RUN
                and len(raw[j]) == 1
                and (j == i or _gap_is_short(plain[toks[j - 1][1] : toks[j][0]]))
            ):
                j += 1
            if j - i > _MAX_RUN:
                # Too long to be a word; find its end once so the scan stays linear.
                while (
                    j < n
                    and len(raw[j]) == 1
                    and _gap_is_short(plain[toks[j - 1][1] : toks[j][0]])
                ):
                    j += 1
                skip_runs_until = j
            elif j - i >= 3:
                joined = "".join(raw[k] for k in range(i, j)).translate(_LEET)
                words = segment(joined) if joined.isalpha() else None
                if words is not None:
                    pieces.append((words, start, toks[j - 1][1]))
                    prev_end = toks[j - 1][1]
                    i = j
                    continue
        # A word broken by one inner mark: "sui.cide", "k-ill", "s/h".
        if i + 1 < n and toks[i + 1][0] - end == 1 and plain[end] in _JOINERS:
            first, second = _repair(raw[i]), _repair(raw[i + 1])
            joined = _repair(raw[i] + raw[i + 1])
            if joined in VOCABULARY and not (first in VOCABULARY and second in VOCABULARY):
                pieces.append((joined, start, toks[i + 1][1]))
                prev_end = toks[i + 1][1]
                i += 2
                continue
        pieces.append((_repair(raw[i]), start, end))
        prev_end = end
        i += 1
    if pieces and "?" in plain[prev_end:]:
        pieces.append(("?", prev_end, len(plain)))
    _read_leet_digits(pieces, plain)
    _read_two_as_to(pieces)

    out_starts: list[int] = []
    ranges: list[tuple[int, int]] = []
    parts: list[str] = []
    pos = 0
    for word, s, e in pieces:
        if not word:
            continue
        out_starts.append(pos)
        ranges.append((s, e) if pstarts is None or pends is None else (pstarts[s], pends[e - 1]))
        parts.append(word)
        pos += len(word) + 1
    return Normalised(
        original=text,
        plain=plain,
        folded=" ".join(parts),
        _plain_start=tuple(pstarts) if pstarts is not None else None,
        _plain_end=tuple(pends) if pends is not None else None,
        _out_starts=tuple(out_starts),
        _orig_ranges=tuple(ranges),
    )
