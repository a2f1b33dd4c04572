"""Plain strings that every match of a pattern must contain, and a fast test for them.

Most screening patterns cannot match most messages. Testing a message for a handful of plain
strings is far cheaper than running a large pattern, so each pattern carries `required(...)`:
a set of strings one of which is inside every match. A pattern whose strings are all absent
is skipped, which cannot change any result because it could not have matched.

`required` reads the pattern's parse tree, not its text, and only ever claims what the tree
proves. For each piece of a pattern it keeps:

- `exact`: every string the piece can match, when there are few enough to list;
- `prefix` / `suffix`: strings one of which starts (ends) every non-empty match;
- `need`: strings one of which is inside every match;
- `nullable`: whether the piece can match nothing.

A sequence joins them: the suffixes of one piece glued to the prefixes of the next are inside
every match too, which is how "(?:i|im) (?:[a-z]+ ){0,2}od" yields " od". Anything the reader
does not understand (a back-reference, a case-insensitive group, a large character class) is
treated as unknown, which can only make the set larger or absent, never wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

try:  # The pattern parser is private; without it every pattern simply runs on every message.
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # pragma: no cover
    _sre = _sre_parse = None  # type: ignore[assignment]

# Bounds that keep the analysis small; hitting one loses knowledge, never soundness.
_MAX_SET = 256
_MAX_AFFIX = 16
_MAX_CLASS = 8
# Literals shorter than this say too little about a message to be worth testing for.
MIN_LITERAL = 3


@dataclass(frozen=True)
class _Info:
    """What is known about the strings one piece of a pattern matches."""

    nullable: bool
    exact: frozenset[str] | None
    prefix: frozenset[str]
    suffix: frozenset[str]
    need: frozenset[str] | None


# A prefix or suffix set that says nothing: every string starts and ends with "".
_NOTHING = frozenset({""})
_UNKNOWN = _Info(False, None, _NOTHING, _NOTHING, None)
_UNKNOWN_NULLABLE = _Info(True, None, _NOTHING, _NOTHING, None)
_EMPTY = _Info(True, frozenset({""}), frozenset(), frozenset(), None)


def _prefixes(strings: Iterable[str]) -> frozenset[str]:
    """Bound a prefix set: cut long strings, then shorter, until it is small."""
    width = _MAX_AFFIX
    found = frozenset(s[:width] for s in strings)
    while len(found) > _MAX_SET and width > 1:
        width //= 2
        found = frozenset(s[:width] for s in found)
    return found if len(found) <= _MAX_SET and "" not in found else _NOTHING


def _suffixes(strings: Iterable[str]) -> frozenset[str]:
    """Bound a suffix set: keep the ends of long strings, then shorter ends, until it is small."""
    width = _MAX_AFFIX
    found = frozenset(s[-width:] for s in strings)
    while len(found) > _MAX_SET and width > 1:
        width //= 2
        found = frozenset(s[-width:] for s in found)
    return found if len(found) <= _MAX_SET and "" not in found else _NOTHING


def _substring_minimal(strings: Iterable[str]) -> frozenset[str]:
    """Drop every string that contains another member (finding it adds nothing)."""
    kept: list[str] = []
    for s in sorted(set(strings), key=len):
        if not any(k in s for k in kept):
            kept.append(s)
    return frozenset(kept)


def _rank(strings: frozenset[str] | None, limit: int) -> tuple[int, int]:
    """Order candidate sets: longer shortest string first, then fewer strings."""
    if not strings or len(strings) > limit:
        return (-1, 0)
    return (min(5, min(map(len, strings))), -len(strings))


def _best(limit: int, *options: frozenset[str] | None) -> frozenset[str] | None:
    """Pick the most useful of several sets, each of which every match contains one of."""
    best, best_rank = None, (0, 0)
    for option in options:
        if option:
            if limit < len(option) <= 2 * limit:
                option = _substring_minimal(option)  # "i sh" adds nothing to " sh"
            rank = _rank(option, limit)
            if rank > best_rank:
                best, best_rank = option, rank
    return best


def _own(info: _Info, limit: int) -> frozenset[str] | None:
    """Return the best set that every match of a never-empty piece contains one of."""
    if info.nullable:
        return None
    return _best(limit, info.need, info.exact, info.prefix, info.suffix)


def _join(a: _Info, b: _Info, limit: int) -> _Info:
    """Combine two pieces matched one after the other."""
    exact = None
    if a.exact is not None and b.exact is not None and len(a.exact) * len(b.exact) <= _MAX_SET:
        exact = frozenset(x + y for x in a.exact for y in b.exact)
    if a.exact is not None and len(a.exact) * max(len(b.prefix), 1) <= _MAX_SET * 4:
        prefix = {x + p for x in a.exact for p in b.prefix}
        if b.nullable:
            prefix.update(x for x in a.exact if x)
    else:
        prefix = set(a.prefix) | (b.prefix if a.nullable else set())
    if b.exact is not None and len(b.exact) * max(len(a.suffix), 1) <= _MAX_SET * 4:
        suffix = {s + y for s in a.suffix for y in b.exact}
        if a.nullable:
            suffix.update(y for y in b.exact if y)
    else:
        suffix = set(b.suffix) | (a.suffix if b.nullable else set())
    nullable = a.nullable and b.nullable
    cross = _cross(a, b)
    joined = _Info(nullable, exact, _prefixes(prefix), _suffixes(suffix), None)
    if nullable:
        return joined
    need = _best(limit, a.need, b.need, cross, exact, joined.prefix, joined.suffix)
    return _Info(nullable, exact, joined.prefix, joined.suffix, need)


def _cross(a: _Info, b: _Info) -> frozenset[str] | None:
    """Return the strings where two never-empty pieces meet: an end of one, a start of the next."""
    if a.nullable or b.nullable or len(a.suffix) * len(b.prefix) > _MAX_SET * 4:
        return None
    return frozenset(s + p for s in a.suffix for p in b.prefix)


def _exact(strings: frozenset[str]) -> _Info:
    """Describe a piece that matches exactly one of `strings`."""
    nonempty = [s for s in strings if s]
    nullable = "" in strings
    need = None if nullable else strings
    return _Info(nullable, strings, _prefixes(nonempty), _suffixes(nonempty), need)


def _class(items: list) -> _Info:  # noqa: ANN001
    """Describe a character class: its characters when there are few, else unknown."""
    chars: set[str] = set()
    for op, arg in items:
        if op is _sre.LITERAL:
            chars.add(chr(arg))
        elif op is _sre.RANGE and arg[1] - arg[0] < _MAX_CLASS:
            chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
        else:
            return _UNKNOWN  # NEGATE, a category or a wide range
        if len(chars) > _MAX_CLASS:
            return _UNKNOWN
    return _exact(frozenset(chars))


def _repeat(lo: int, hi: int, body: _Info, limit: int) -> _Info:
    """Describe `body` matched between `lo` and `hi` times."""
    if lo == 0:
        exact = None
        if hi == 1 and body.exact is not None:
            exact = body.exact | {""}
        return _Info(True, exact, body.prefix, body.suffix, None)
    if lo == hi and body.exact is not None and len(body.exact) ** lo <= _MAX_SET:
        info = _exact(body.exact)
        for _ in range(lo - 1):
            info = _join(info, _exact(body.exact), limit)
        return info
    need = _own(body, limit)
    return _Info(body.nullable, None, body.prefix, body.suffix, need)


_MISSING = object()


class _Store:
    """Keep worked-out strings on disk, so a new process does not parse every pattern again.

    Working them out costs seconds of CPU at each start of a web or worker process. An answer
    depends only on the pattern, the bounds and this module's code, so the file is keyed by a
    hash of this module and the Python version (whose parser it reads), and an entry by the
    pattern and bounds. A missing, unreadable or stale file is simply worked out again; a
    folder that cannot be written to costs only the time.
    """

    def __init__(self, path: Path, version: str) -> None:
        self.path = path
        self.version = version
        self.entries: dict[str, object] | None = None
        self.added = 0
        # How many answers this process worked out rather than read.
        self.worked_out = 0

    def _load(self) -> dict[str, object]:
        if self.entries is None:
            self.entries = {}
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == self.version and isinstance(data.get("entries"), dict):
                    self.entries = data["entries"]
            except (OSError, ValueError, AttributeError):
                pass
        return self.entries

    def get(self, key: str) -> object:
        return self._load().get(key, _MISSING)

    def put(self, key: str, value: object) -> None:
        self._load()[key] = value
        self.added += 1
        self.worked_out += 1

    def save(self) -> None:
        """Write the entries out if any were added; never raise."""
        if not self.added:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Another process may be writing the same file: write aside, then swap in whole.
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump({"version": self.version, "entries": self._load()}, f)
            os.replace(tmp, self.path)
            self.added = 0
        except OSError:
            pass


def _store() -> _Store:
    var_dir = os.environ.get("TUTORCONSOLE_VAR_DIR") or Path(__file__).resolve().parents[2] / "var"
    code = Path(__file__).read_bytes() + sys.version.encode()
    return _Store(Path(var_dir) / "screen" / "literals.json", hashlib.sha256(code).hexdigest())


STORE = _store()


class Analysis:
    """Describe parsed patterns, remembering every piece it has seen.

    The screening patterns share their macros, so the same pieces come up again and again;
    each distinct piece is worked out once and then only looked up.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._keys: dict[tuple, int] = {}
        self._infos: dict[int, _Info] = {}

    def _remember(self, key: tuple, build) -> tuple[int, _Info]:  # noqa: ANN001
        number = self._keys.setdefault(key, len(self._keys))
        info = self._infos.get(number)
        if info is None:
            info = self._infos[number] = build()
        return number, info

    def sequence(self, items: Iterable) -> tuple[int, _Info]:  # noqa: ANN001
        """Describe a sequence of parsed pattern items."""
        pieces = self._pieces(items)

        def build() -> _Info:
            info = _EMPTY
            for _, piece in pieces:
                info = _join(info, piece, self.limit)
            return info

        return self._remember(("seq", *(n for n, _ in pieces)), build)

    def _pieces(self, items: Iterable) -> list[tuple[int, _Info]]:  # noqa: ANN001
        """Describe each item of a sequence, a run of plain characters as one."""
        pieces: list[tuple[int, _Info]] = []
        run = ""
        for op, arg in items:
            if op is _sre.LITERAL:
                run += chr(arg)
                continue
            if run:
                pieces.append(self._remember(("text", run), lambda r=run: _exact(frozenset({r}))))
                run = ""
            pieces.append(self.item(op, arg))
        if run:
            pieces.append(self._remember(("text", run), lambda r=run: _exact(frozenset({r}))))
        return pieces

    def item(self, op, arg) -> tuple[int, _Info]:  # noqa: ANN001, C901
        """Describe one parsed pattern item."""
        limit = self.limit
        if op is _sre.LITERAL:
            return self._remember(("text", chr(arg)), lambda: _exact(frozenset({chr(arg)})))
        if op is _sre.IN:
            return self._remember(("in", *arg), lambda: _class(arg))
        if op in (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT):
            return self._remember(("empty",), lambda: _EMPTY)  # matches no characters
        if op is _sre.SUBPATTERN:
            _group, add_flags, _del_flags, body = arg
            if add_flags & (_sre.SRE_FLAG_IGNORECASE | _sre.SRE_FLAG_LOCALE):
                return self._remember(("unknown", True), lambda: _UNKNOWN_NULLABLE)
            return self.sequence(body)
        if op is getattr(_sre, "ATOMIC_GROUP", None):
            return self.sequence(arg)  # matches a subset of what its body can match
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
            lo, hi, body = arg
            number, info = self.sequence(body)
            return self._remember(("repeat", lo, hi, number), lambda: _repeat(lo, hi, info, limit))
        if op is _sre.BRANCH:
            alternatives = [self.sequence(a) for a in arg[1]]
            return self._remember(
                ("branch", *(n for n, _ in alternatives)),
                lambda: _branch([info for _, info in alternatives], limit),
            )
        if op in (_sre.ANY, _sre.NOT_LITERAL, _sre.CATEGORY):
            return self._remember(("unknown", False), lambda: _UNKNOWN)
        # Back-references and anything newer: assume nothing.
        return self._remember(("unknown", True), lambda: _UNKNOWN_NULLABLE)

    def required(self, pattern: str) -> frozenset[str] | None:
        """Return strings one of which every match of `pattern` contains, or None.

        None when no such set of at most `limit` strings, each MIN_LITERAL characters or
        more, is proven by the pattern's structure.
        """
        key = f"required|{self.limit}|{pattern}"
        kept = STORE.get(key)
        if kept is not _MISSING:
            return None if kept is None else frozenset(kept)
        found = self._required(pattern)
        STORE.put(key, None if found is None else sorted(found))
        return found

    def _required(self, pattern: str) -> frozenset[str] | None:
        if _sre_parse is None:
            return None
        try:
            parsed = _sre_parse.parse(pattern)
            if parsed.state.flags & (_sre.SRE_FLAG_IGNORECASE | _sre.SRE_FLAG_LOCALE):
                return None
            found = _own(self.sequence(parsed)[1], self.limit)
            found = None if found is None else _substring_minimal(found)
        except Exception:  # noqa: BLE001 - a gate we cannot build is no gate, never an error
            return None
        if found is None or len(found) > self.limit or min(map(len, found)) < MIN_LITERAL:
            return None
        return found

    def gates(
        self, patterns: Iterable[str], count: int, min_length: int = MIN_LITERAL
    ) -> tuple[frozenset[str], ...]:
        """Return up to `count` sets, each with a string in every text all `patterns` match.

        A text can match only if it holds a string from every set. The sets come from the
        pieces of each pattern's top-level sequence, from where two pieces meet and from the
        whole; the most telling come first. Empty when nothing is proven.
        """
        patterns = tuple(patterns)
        key = "gates|{}|{}|{}|{}".format(self.limit, count, min_length, "\0".join(patterns))
        kept = STORE.get(key)
        if kept is not _MISSING:
            return tuple(frozenset(gate) for gate in kept)
        found = self._gates(patterns, count, min_length)
        STORE.put(key, [sorted(gate) for gate in found])
        return found

    def _gates(
        self, patterns: tuple[str, ...], count: int, min_length: int
    ) -> tuple[frozenset[str], ...]:
        if _sre_parse is None:
            return ()
        options: list[frozenset[str] | None] = []
        try:
            for pattern in patterns:
                parsed = _sre_parse.parse(pattern)
                if parsed.state.flags & (_sre.SRE_FLAG_IGNORECASE | _sre.SRE_FLAG_LOCALE):
                    continue
                info = _EMPTY
                for _, piece in self._pieces(parsed):
                    options += [_own(piece, self.limit), _cross(info, piece)]
                    info = _join(info, piece, self.limit)
                options.append(_own(info, self.limit))
        except Exception:  # noqa: BLE001 - a gate we cannot build is no gate, never an error
            return ()
        found: dict[frozenset[str], tuple[int, int]] = {}
        for option in options:
            best = _best(self.limit, option)
            if best is not None:
                best = _substring_minimal(best)
                if len(best) <= self.limit and min(map(len, best)) >= min_length:
                    found[best] = _rank(best, self.limit)
        return tuple(sorted(found, key=lambda g: (found[g], sorted(g)), reverse=True)[:count])


def _branch(alternatives: list[_Info], limit: int) -> _Info:
    """Describe a choice between alternatives."""
    exact = None
    if all(a.exact is not None for a in alternatives):
        exact = frozenset().union(*(a.exact for a in alternatives))  # type: ignore[misc]
        if len(exact) > _MAX_SET:
            exact = None
    nullable = any(a.nullable for a in alternatives)
    need = None
    if not nullable:
        owns = [_own(a, limit) for a in alternatives]
        if all(o is not None for o in owns):
            need = _best(limit, frozenset().union(*owns))  # type: ignore[misc]
    return _Info(
        nullable,
        exact,
        _prefixes(p for a in alternatives for p in a.prefix),
        _suffixes(s for a in alternatives for s in a.suffix),
        need,
    )


def required(pattern: str, limit: int) -> frozenset[str] | None:
    """Return strings one of which every match of `pattern` contains, or None."""
    return Analysis(limit).required(pattern)


class LiteralFinder:
    """Tell which of a fixed set of strings occur in a text, in one pass of one pattern.

    Each string carries a bit mask (say, of the rules that need it); `marks` returns the union
    of the masks of the strings in a text. The strings are compiled into a trie-shaped pattern
    inside a lookahead, so the scan tries every position and reports the longest string that
    starts there. The shorter strings that start at the same position are its prefixes, so
    each string's mask already includes theirs.
    """

    def __init__(self, masks: dict[str, int]) -> None:
        trie: dict = {}
        for s in masks:
            node = trie
            for ch in s:
                node = node.setdefault(ch, {})
            node[""] = True
        self._pattern = re.compile(f"(?=({_trie_pattern(trie)}))") if masks else None
        self._masks = {s: _union(masks.get(s[:i], 0) for i in range(1, len(s) + 1)) for s in masks}

    def marks(self, text: str) -> int:
        """Return the union of the masks of the strings that occur in `text`."""
        if self._pattern is None:
            return 0
        found = 0
        masks = self._masks
        for longest in set(self._pattern.findall(text)):
            found |= masks[longest]
        return found


def _union(masks: Iterable[int]) -> int:
    found = 0
    for mask in masks:
        found |= mask
    return found


def bits(mask: int) -> list[int]:
    """Return the positions of the set bits of `mask`, lowest first."""
    out = []
    while mask:
        low = mask & -mask
        out.append(low.bit_length() - 1)
        mask ^= low
    return out


def _trie_pattern(node: dict) -> str:
    """Write a trie as a pattern that prefers the longest string at each position."""
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:
        return "(?:" + inner + ")?"  # greedy: the longer string is tried first
    return inner
