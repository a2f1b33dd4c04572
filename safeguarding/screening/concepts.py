"""The concept co-occurrence scorer: a second, general way for the local screen to see harm.

The rules in `data/rules_*.txt` look for phrases. A pupil who discloses harm often uses none
of them: "my brother keeps coming into my room at night and doing stuff I don't like" has no
abuse word, but it has a family member, someone coming into their room, the night, and
something unwanted, all in one sentence about the pupil. This module maps words and phrases
of the folded view to concepts (`data/concepts.txt`) and scores each sentence, and each pair
of sentences next to each other, against category profiles. A profile needs a concept from
each of its `need` groups and adds up the weights of the concepts present; it escalates at
its escalate score and holds at its hold score. It always takes two concepts or more.

It is deterministic, needs no network and no model, and runs in well under a millisecond.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from safeguarding.screening import lexicon, literals, normalise
from safeguarding.screening.categories import DISCLOSURE_CATEGORIES

_FILE = "concepts.txt"
_NAME = re.compile(r"^([A-Z][A-Z0-9_]*)(\s+n)?\s*=\s*(.+)$")
_PROFILE = re.compile(r"^score\s+([a-z_]+)\s+([0-9]+)/([0-9]+)\s+need\s+([A-Z0-9_|&\s]+):\s*(.+)$")
_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_WORD = re.compile(r"[a-z]{2,}")
_NEGATED = re.compile(
    r"(?:^|\s)(?:not|never|dont|didnt|doesnt|wont|wouldnt|isnt|wasnt|arent|havent|hasnt|cannot)"
    r"\s$"
)
_SENTENCE_BREAK = re.compile(r" [.?] ")
# Two sentences read together count one point less than one sentence with the same concepts.
_WINDOW_PENALTY = 1
# A concept is skipped unless one of up to this many plain strings is in the message; a test
# for a string is far cheaper than running the pattern.
_MAX_LITERALS = 80
# A combination, never one concept however strong, is what the scorer is for.
_MIN_CONCEPTS = 2


@dataclass(frozen=True)
class Concept:
    """One concept: a compiled pattern and whether a negation just before it cancels it."""

    name: str
    pattern: re.Pattern[str]
    check_negation: bool
    # Any match contains one of these strings; None when no such set was found.
    needs: frozenset[str] | None = None


@dataclass(frozen=True)
class Profile:
    """A category's combination: the concept groups it needs and the weight of each concept."""

    id: str
    category: str
    hold: int
    escalate: int
    need: tuple[frozenset[str], ...]
    weights: dict[str, int]


@dataclass(frozen=True)
class Hit:
    """What the scorer found in a message: a category, an outcome and the words behind it."""

    category: str
    escalate: bool
    start: int  # folded span of the concepts that made the score
    end: int
    reason: str


def _load() -> tuple[dict[str, Concept], tuple[Profile, ...]]:
    """Load the concepts and profiles from `data/concepts.txt`."""
    sources: dict[str, str] = {}
    negation: dict[str, bool] = {}
    profiles: list[Profile] = []
    for n, line in enumerate(lexicon._joined(lexicon._raw_lines(_FILE)), start=1):
        if line.startswith("score "):
            m = _PROFILE.match(line)
            if not m:
                raise ValueError(f"{_FILE}: bad profile on line {n}: {line[:60]!r}")
            category, hold, escalate, need, body = m.groups()
            if category not in DISCLOSURE_CATEGORIES:
                raise ValueError(f"{_FILE}: {category!r} is not a disclosure category")
            groups = tuple(
                frozenset(name.strip() for name in group.split("|")) for group in need.split("&")
            )
            weights = {}
            for item in body.split(","):
                name, _, weight = item.strip().rpartition(" ")
                weights[name] = int(weight)
            profiles.append(
                Profile(f"{_FILE}:{n}", category, int(hold), int(escalate), groups, weights)
            )
            continue
        m = _NAME.match(line)
        if not m:
            raise ValueError(f"{_FILE}: bad concept line {n}: {line[:60]!r}")
        name, flag, pattern = m.groups()
        # An earlier concept can be used like a macro.
        sources[name] = _REF.sub(
            lambda r: (
                "(?:" + sources[r.group(1)] + ")"
                if r.group(1) in sources
                else "{" + r.group(1) + "}"
            ),
            pattern,
        )
        negation[name] = not flag
    concepts = {}
    analysis = literals.Analysis(_MAX_LITERALS)
    for name, source in sources.items():
        expanded = lexicon.expand(source)
        normalise.VOCABULARY.update(_WORD.findall(expanded))
        concepts[name] = Concept(
            name,
            re.compile(r"(?<![a-z0-9])(?:" + expanded + r")(?![a-z0-9])"),
            negation[name],
            analysis.required(expanded),
        )
    for profile in profiles:
        unknown = (set(profile.weights) | set().union(*profile.need)) - set(concepts)
        if unknown:
            raise ValueError(f"{_FILE}: {profile.id} names unknown concepts {sorted(unknown)}")
    return concepts, tuple(profiles)


CONCEPTS, PROFILES = _load()
literals.STORE.save()
# Sets of concepts are bit masks, one bit per concept.
_BIT = {name: 1 << i for i, name in enumerate(CONCEPTS)}
_ALWAYS = sum(_BIT[name] for name, c in CONCEPTS.items() if c.needs is None)
# The plain strings behind the concepts, each with a bit for every concept that needs it.
_BY_LITERAL: dict[str, int] = {}
for _name, _concept in CONCEPTS.items():
    for _literal in _concept.needs or ():
        _BY_LITERAL[_literal] = _BY_LITERAL.get(_literal, 0) | _BIT[_name]
_FINDER = literals.LiteralFinder(_BY_LITERAL)
# Each profile with its need groups as masks.
_PROFILE_NEEDS = tuple(
    (profile, tuple(sum(_BIT[name] for name in group) for group in profile.need))
    for profile in PROFILES
)


def _possible(folded: str) -> int:
    """Return the concepts that could match `folded`: those with a required string in it."""
    return _ALWAYS | _FINDER.marks(folded)


def _sentences(folded: str) -> list[tuple[int, int]]:
    """Return the folded spans of the sentences."""
    spans, start = [], 0
    for m in _SENTENCE_BREAK.finditer(folded):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(folded)))
    return spans


def _inside(start: int, end: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(start < e and s < end for s, e in ranges)


def score(
    folded: str,
    *,
    skip: Callable[[], tuple[tuple[int, int], ...]] = tuple,
) -> list[Hit]:
    """Score a folded message; concept matches inside a span `skip` returns do not count.

    `skip` gives the spans of idioms or quotes; it is called only once a concept matches.
    Returns at most one hit per category: the strongest, escalation before hold.
    """
    cache: dict[str, list[tuple[int, int]]] = {}
    possible = _possible(folded)

    def spans(name: str) -> list[tuple[int, int]]:
        if name not in cache:
            concept = CONCEPTS[name]
            if not possible & _BIT[name]:
                cache[name] = []  # none of the strings every match contains is in the text
                return cache[name]
            found = [
                m.span()
                for m in concept.pattern.finditer(folded)
                if not (
                    concept.check_negation
                    and _NEGATED.search(folded, max(0, m.start() - 12), m.start())
                )
            ]
            skipped = skip() if found else ()
            cache[name] = [span for span in found if not (skipped and _inside(*span, skipped))]
        return cache[name]

    # A profile whose need cannot be met anywhere in the message is not scored; the rarer
    # groups come last in each profile, so they are tried first.
    profiles = []
    for profile, needs in _PROFILE_NEEDS:
        for group in needs:
            if not group & possible:
                break  # no concept in the group has its strings in the message
        else:
            if all(any(spans(n) for n in group) for group in reversed(profile.need)):
                profiles.append(profile)
    if not profiles:
        return []
    sentences = _sentences(folded)
    # found[i] maps a concept to its first folded span in sentence i.
    found: list[dict[str, tuple[int, int]]] = [{} for _ in sentences]
    names = {n for p in profiles for n in p.weights} | {
        n for p in profiles for g in p.need for n in g
    }
    starts = [s for s, _ in sentences]
    for name in sorted(names):
        for start, end in spans(name):
            found[bisect_right(starts, start) - 1].setdefault(name, (start, end))
    windows: list[tuple[dict[str, tuple[int, int]], int]] = [(f, 0) for f in found if f]
    for i in range(len(found) - 1):
        if found[i] and found[i + 1]:
            windows.append(({**found[i + 1], **found[i]}, _WINDOW_PENALTY))
    best: dict[str, tuple[int, Hit]] = {}
    for present, penalty in windows:
        for profile in profiles:
            if not all(group & present.keys() for group in profile.need):
                continue
            used = [name for name in profile.weights if name in present]
            if len(used) < _MIN_CONCEPTS:
                continue
            points = sum(profile.weights[name] for name in used) - penalty
            if profile.hold and points >= profile.hold or points >= profile.escalate:
                escalate = points >= profile.escalate
                spans_used = [present[name] for name in used] + [
                    present[name] for group in profile.need for name in group if name in present
                ]
                reason = f"{profile.category} (concepts {'+'.join(used)} = {points}, {profile.id})"
                hit = Hit(
                    profile.category,
                    escalate,
                    min(s for s, _ in spans_used),
                    max(e for _, e in spans_used),
                    reason,
                )
                rank = points + (100 if escalate else 0)
                if profile.category not in best or rank > best[profile.category][0]:
                    best[profile.category] = (rank, hit)
    return [hit for _, hit in best.values()]


def sentence_of(folded: str, at: int) -> tuple[int, int]:
    """Return the folded span of the sentence around position `at`."""
    for s, e in _sentences(folded):
        if s <= at <= e:
            return s, e
    return 0, len(folded)
