"""Load the screening patterns from `data/` once, expand their macros and compile them.

Rule files (`data/rules_*.txt`) hold one rule a line:

    category severity [flags]: pattern [&& pattern ...]

- `@pupil`, `@reply` or `@both` lines say which direction the rules below apply to.
- A line that starts with whitespace continues the line before it.
- `{NAME}` inserts a macro from `data/macros.txt` (`NAME = pattern`).
- Patterns match the folded view (lowercase words, one space apart, no apostrophes); each is
  wrapped in word boundaries. `&&` joins parts that must all match somewhere in the text.
- `data/backstop.txt` has the same format; its matches only ever hold (see `local.py`).
- Flags: `h` a hyperbole cue ("lol", "if I get another detention") softens an escalation to a
  hold; `l` a literary or set-text context drops the match (third-person wording only);
  `n` skips the check for a negation just before the match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from safeguarding.screening import literals, normalise
from safeguarding.screening.categories import CATEGORIES

_MACRO_REF = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
_RULE_HEAD = re.compile(r"^([a-z_]+)\s+([0-3])\s*([hln]*)$")
_WORD = re.compile(r"[a-z]{2,}")


@dataclass(frozen=True)
class Rule:
    """One compiled pattern and what a match means."""

    id: str
    category: str
    severity: int
    hyperbole: bool
    literary: bool
    check_negation: bool
    parts: tuple[re.Pattern[str], ...]
    # A text the rule matches holds a string from each of these sets; () when none is known.
    needs: tuple[frozenset[str], ...] = ()


def _joined(lines: list[str]) -> list[str]:
    """Join continuation lines (those starting with whitespace) onto the line before."""
    out: list[str] = []
    for raw in lines:
        if raw[:1].isspace() and out:
            out[-1] += raw.strip()
        else:
            out.append(raw.strip())
    return out


def _raw_lines(name: str) -> list[str]:
    """Return the lines of a data file with comments dropped, keeping leading whitespace."""
    text = (normalise.DATA_DIR / name).read_text(encoding="utf-8")
    return [
        ln.rstrip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")
    ]


def _load_macros() -> dict[str, str]:
    """Load `NAME = pattern` macros and expand references between them."""
    macros: dict[str, str] = {}
    for line in _joined(_raw_lines("macros.txt")):
        name, _, pattern = line.partition("=")
        macros[name.strip()] = pattern.strip()
    for _ in range(10):
        changed = False
        for name, pattern in macros.items():
            expanded = _MACRO_REF.sub(lambda m: macros[m.group(1)], pattern)
            if expanded != pattern:
                macros[name] = expanded
                changed = True
        if not changed:
            break
    return macros


MACROS = _load_macros()


def expand(pattern: str) -> str:
    """Replace `{NAME}` macro references in a pattern."""
    return _MACRO_REF.sub(lambda m: MACROS[m.group(1)], pattern)


# A rule runs only when one of up to this many strings that its matches contain is in the text.
_MAX_NEEDS = 64
# How many such sets a rule keeps: the first picks the candidates, the others rule them out.
_GATES = 3


def _bounded(pattern: str) -> re.Pattern[str]:
    """Compile a pattern so that it starts and ends on word edges."""
    return re.compile(r"(?<![a-z0-9])(?:" + expand(pattern) + r")(?![a-z0-9])")


def _load_rules(name: str, analysis: literals.Analysis) -> dict[str, list[Rule]]:
    """Load one rule file into rules per direction."""
    rules: dict[str, list[Rule]] = {"pupil": [], "reply": []}
    directions = ("pupil", "reply")
    for n, line in enumerate(_joined(_raw_lines(name)), start=1):
        if line.startswith("@"):
            directions = ("pupil", "reply") if line == "@both" else (line[1:],)
            continue
        head, _, body = line.partition(":")
        m = _RULE_HEAD.match(head.strip())
        if not m or not body.strip():
            raise ValueError(f"{name}: bad rule line {n}: {line[:60]!r}")
        category, severity, flags = m.group(1), int(m.group(2)), m.group(3)
        if category not in CATEGORIES:
            raise ValueError(f"{name}: unknown category {category!r} on line {n}")
        sources = [p.strip() for p in body.split("&&")]
        parts = tuple(_bounded(p) for p in sources)
        rule = Rule(
            id=f"{name}:{n}",
            category=category,
            severity=severity,
            hyperbole="h" in flags,
            literary="l" in flags,
            check_negation="n" not in flags,
            parts=parts,
            # The rule finds nothing unless every part matches, so any part's strings will do.
            needs=analysis.gates((expand(p) for p in sources), _GATES),
        )
        for direction in directions:
            rules[direction].append(rule)
        normalise.VOCABULARY.update(_WORD.findall(expand(body)))
    return rules


class RuleIndex:
    """Pick the rules that could match a text, so most rules never run their regex."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        # Bit i stands for rule i's first set; the bits above for the other sets.
        self._first = (1 << len(rules)) - 1
        self._always = sum(1 << i for i, r in enumerate(rules) if not r.needs)
        self._rest: list[int] = []
        by_literal: dict[str, int] = {}
        bit = len(rules)
        for i, rule in enumerate(rules):
            rest = 0
            for n, gate in enumerate(rule.needs):
                if n:
                    rest |= 1 << bit
                for literal in gate:
                    by_literal[literal] = by_literal.get(literal, 0) | 1 << (bit if n else i)
                bit += 1 if n else 0
            self._rest.append(rest)
        self._finder = literals.LiteralFinder(by_literal)

    def candidates(self, folded: str) -> list[Rule]:
        """Return the rules with a string from each of their sets in `folded`, in file order."""
        found = self._always | self._finder.marks(folded)
        rules, rest = self.rules, self._rest
        return [rules[i] for i in literals.bits(found & self._first) if found & rest[i] == rest[i]]


def _load_all() -> dict[str, tuple[Rule, ...]]:
    """Load every rule file."""
    merged: dict[str, list[Rule]] = {"pupil": [], "reply": []}
    analysis = literals.Analysis(_MAX_NEEDS)
    for name in sorted(p.name for p in normalise.DATA_DIR.glob("rules_*.txt")):
        for direction, rules in _load_rules(name, analysis).items():
            merged[direction].extend(rules)
    return {d: tuple(r) for d, r in merged.items()}


RULES = _load_all()
INDEX = {direction: RuleIndex(rules) for direction, rules in RULES.items()}
# The backstop: risk words that hold a pupil message no rule caught (see data/backstop.txt).
BACKSTOP = RuleIndex(tuple(_load_rules("backstop.txt", literals.Analysis(_MAX_NEEDS))["pupil"]))
literals.STORE.save()


def cue(name: str) -> re.Pattern[str]:
    """Compile a cue macro (e.g. URGENT) as a bounded pattern."""
    return _bounded("{" + name + "}")


URGENT = cue("URGENT")
SCHOOL_TIME = cue("SCHOOL_TIME")
MISHAP = cue("MISHAP")
NAMED_PERSON = cue("NAMED_PERSON")
MISHAP_HURT = cue("MISHAP_HURT")
COVER_STORY = cue("COVER_STORY")
ORDINARY_REASON = cue("ORDINARY_REASON")
LIFT = cue("LIFT")
MASKING = cue("MASKING")
HYPERBOLE = cue("HYPERBOLE")
HYPERBOLE_IF = cue("HYPERBOLE_IF")
JOKE_TAKEN_BACK = cue("JOKE_TAKEN_BACK")
THREAT_AHEAD = cue("THREAT_AHEAD")
LITERARY = _bounded("{LITERARY}s?")  # "macbeths" is "Macbeth's" folded
IDIOM = cue("IDIOM")
YOUNG_SIBLING = cue("YOUNG_SIBLING")
PLAY = cue("PLAY")
SET_TEXT = _bounded("{SET_TEXT}s?")  # "macbeths" is "Macbeth's" folded
NEGATION_BEFORE = re.compile(expand(r"(?:^|\s)(?:{NEG})\s(?:[a-z0-9]+\s)?$"))
AFFIRM = re.compile(r"^(?:" + expand("{AFFIRM}") + r")(?![a-z0-9])")
DENY = re.compile(r"^(?:" + expand("{DENY}") + r")(?![a-z0-9])")
SAFETY_QUESTION = cue("SAFETY_QUESTION")
FRAME = cue("FRAME")
TOPIC = cue("TOPIC")
LESSON_PURPOSE = cue("LESSON_PURPOSE")
WRITING_SELF = cue("WRITING_SELF")
DENIED_REASON = cue("DENIED_REASON")
INJURY = cue("INJURY")
SELF_DONE = cue("SELF_DONE")
OTHER_CAUSE = cue("OTHER_CAUSE")
NO_SUCH_THING = cue("NO_SUCH_THING")
PERSONAL = cue("PERSONAL")
BACKSTOP_SOFT = cue("BACKSTOP_SOFT")
EMOJI_LAUGH = re.compile("[\U0001f602\U0001f923\U0001f480\U0001f606\U0001f639]")


def mishap_in(sentence: str) -> bool:
    """Tell whether a folded sentence explains a hurt by sport, an accident or an illness,
    with no person named in it and no story told ("i hurt my wrist in pe", "the bug made me
    sick"; not "mum will say i've got a bug", nor "she fainted in pe")."""
    if ORDINARY_REASON.search(sentence):
        # "dad hasnt been home since tuesday because hes working away", "mum cut my hair"
        return True
    return hurt_by_mishap(sentence)


def sibling_play_in(sentence: str) -> bool:
    """Tell whether a folded sentence is about a young sibling or cousin at play."""
    return bool(YOUNG_SIBLING.search(sentence) and PLAY.search(sentence))


def hurt_by_mishap(sentence: str) -> bool:
    """Tell whether a folded sentence puts a hurt down to sport, an accident or an illness,
    with no person named in it and no story told."""
    return bool(
        MISHAP.search(sentence)
        and MISHAP_HURT.search(sentence)
        and not NAMED_PERSON.search(sentence)
        and not COVER_STORY.search(sentence)
    )


def hyperbole_in(sentence: str) -> bool:
    """Tell whether one folded sentence carries a hyperbole cue.

    Laughter counts anywhere in it. A trivial school trigger ("if I fail this test") counts only
    beside a threat about the future ("I'll kms", "mum's gonna kill me"): a sentence that
    reports what happens ("dad hits me if my grades are bad") is not a figure of speech.
    """
    if HYPERBOLE.search(sentence):
        return True
    return bool(HYPERBOLE_IF.search(sentence) and THREAT_AHEAD.search(sentence))
