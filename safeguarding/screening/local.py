"""The deterministic local screen: normalise, match the lexicon, weigh context, decide.

It needs no network and no database, so it runs on every pupil message and every tutor
reply, always. Outcomes:

- a disclosure of harm in a pupil message (severity 2-3) escalates to the DSL;
- anything else risky holds for a teacher;
- a tutor reply that breaks a tutor rule holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from safeguarding.screening import concepts, lexicon, pii
from safeguarding.screening.categories import DISCLOSURE_CATEGORIES
from safeguarding.screening.normalise import Normalised, disguised, normalise
from safeguarding.screening.types import Action, Direction, ScreenResult, Span

# Categories where a time, a plan, a means or an injury makes the risk immediate.
_URGENT_CATEGORIES = frozenset(
    {
        "self_harm",
        "physical_abuse",
        "sexual_abuse",
        "domestic_abuse",
        "grooming",
        "weapons_harm_others",
        "fgm_forced_marriage",
        "criminal_exploitation",
    }
)
_NEGATED = re.compile(
    r"(?:^|\s)(?:not|never|dont|didnt|doesnt|wont|wouldnt|isnt|wasnt|arent|havent|hasnt|cannot)"
    r"\s$"
)
# In a tutor reply "can't" is a refusal ("I can't chat on WhatsApp"); a pupil's "I can't" is not
# ("i cant stop cutting"), so it negates only in replies.
_NEGATED_REPLY = re.compile(
    r"(?:^|\s)(?:not|never|dont|didnt|doesnt|wont|wouldnt|isnt|wasnt|arent|havent|hasnt|cannot|"
    r"cant|unable to|not able to|am not able to|not to|never to|even if you promised to|"
    r"even though you promised to|even if you said youd)"
    r"(?: (?:help|assist|support|advise|explain|tell you|show you|give you advice|promise to|"
    r"keep (?:this|it|that)(?: just)?)"
    r"(?: you)?(?: with| on| about| how to| you with)?)?\s$"
    # A refusal that lists what it will not do: "I can't turn off the logs or keep this secret".
    r"|(?:^|\s)(?:cant|cannot|wont|will not|unable to|not able to)(?: [a-z]+){1,6} (?:or|nor) $"
)
# A short quotation within one sentence; a disclosure cannot hide between two quotations.
_QUOTED = re.compile(
    r"[\"“”]([^\"“”.!?\n]{1,150})[\"“”]"
    r"|(?<!\w)['‘]((?:[^'‘’.!?\n]|(?<=\w)['’](?=\w)){1,150})['’](?!\w)"
)
# The pupil's own poem or story, shared for feedback: its quoted lines are the pupil's words.
_OWN_WRITING = re.compile(
    r"(?:^| )(?:my (?:own )?(?:poem|story|piece|writing|monologue|lyrics|song|diary|journal)|"
    r"i (?:wrote|have written|ve written)|ive written|i made up)(?: |$)"
)
# Second person to first: a tutor's "do you want to hurt yourself?" read as the pupil's words.
_SECOND_PERSON = {
    "yourself": "myself",
    "your": "my",
    "youre": "im",
    "youve": "ive",
    "youll": "ill",
    "youd": "id",
    "yours": "mine",
}
_SUBJECT_BEFORE_YOU = frozenset(
    {
        "do",
        "are",
        "have",
        "did",
        "were",
        "will",
        "would",
        "can",
        "could",
        "if",
        "when",
        "that",
        "and",
        "has",
        "does",
        "should",
        "?",
        ".",
        "is",
    }
)
# "What would happen if someone told a teacher that...": the way pupils test what telling would
# bring before they tell. The words after the frame are read as the pupil's own.
_REPORT_FRAME = re.compile(
    r"(?:^| )(?:if|when|that|say|suppose|imagine) (?P<subject>someone|somebody|anyone|"
    r"a (?:kid|child|pupil|student|person|young person|teenager|teen|friend|mate|girl|boy)|"
    r"people|you|u|i|a friend of mine|my friend|my mate|your mate|ur mate|he|she) "
    r"(?:was to |were to |was going to |decided to |wanted to |did |had |has |does )?"
    r"(?:told|tells|tell|said|says|say|mentioned|mentions|admitted|admits|confided in|confides in|"
    r"disclosed|discloses|reported|reports|went to|goes to|go to|spoke to|speaks to|talked to|"
    r"talks to|opened up to) (?:to )?(?:a |an |the |their |your |ur |his |her |my |some |any )?"
    r"(?:member of staff|staff member|staff|teacher|teachers|school|sir|miss|tutor|form tutor|"
    r"head of year|headteacher|head|adult|grown up|counsellor|school counsellor|social worker|"
    r"police|nurse|school nurse|doctor|gp|dsl|safeguarding lead|safeguarding team|pastoral team|"
    r"pastoral|childline|trusted adult|someone|somebody|anyone)"
    r"(?: at school| in school| at their school| about it)?(?: that)? "
)
_REPORTED_END = re.compile(r" [?.!] ")
_THIRD_PERSON = {
    "they": "i", "them": "me", "their": "my", "theirs": "mine", "theyre": "im",
    "themselves": "myself", "themself": "myself", "theyve": "ive", "theyll": "ill",
    "theyd": "id",
}
_HE = {"he": "i", "him": "me", "his": "my", "hes": "im", "himself": "myself", "hed": "id"}
_SHE = {"she": "i", "shes": "im", "herself": "myself", "shed": "id"}
# "her" is "my" before what she has ("her dad", "her arms") and "me" after a verb ("hits her").
_HER_BEFORE = re.compile(
    r"(?:mum|mam|mom|dad|stepdad|stepmum|step|parents?|carers?|family|foster|nan|gran|grandad|"
    r"grandma|grandpa|uncle|aunt|auntie|aunty|cousin|brother|sister|boyfriend|girlfriend|bf|gf|"
    r"partner|ex|coach|house|home|room|body|arms?|legs?|wrists?|thighs?|skin|face|own|older|"
    r"real|mums|dads|fathers?|mothers?|husband|wife|guardian|keyworker|social)$"
)
_REPORTED_FIX = (("i are", "i am"), ("i were", "i was"), ("i arent", "im not"),
                 ("i werent", "i wasnt"), ("i has", "i have"), ("i does", "i do"),
                 ("i doesnt", "i dont"), ("i is", "i am"), ("i isnt", "im not"))
_MAX_CONTEXT_TURNS = 3
_MAX_JOINED_TURN = 600
_AFFIRM_MAX_WORDS = 8


@dataclass(frozen=True)
class Finding:
    """One reason to flag a message, with where it is in the original text."""

    category: str
    severity: int
    start: int
    end: int
    reason: str
    # A disclosure seen weakly: severity 1 on its own terms, not softened by hyperbole or a set
    # text. The learned layer may confirm it (see `learned.screen_learned`).
    lead: bool = False


class _Cues:
    """Whole-message signals that change how a match is read.

    Each is read the first time a match needs it, then kept: most messages match no rule,
    and then most cues are never read.
    """

    def __init__(self, norm: Normalised, literary_context: bool) -> None:
        self._norm = norm
        self._literary_context = literary_context

    @cached_property
    def urgent(self) -> bool:
        return _urgent(self._norm.folded)

    @cached_property
    def lift(self) -> bool:
        return bool(lexicon.LIFT.search(self._norm.folded))

    @cached_property
    def sincere(self) -> bool:
        """Tell whether the pupil takes a joke back ("lol jk... unless", "not even joking")."""
        return bool(lexicon.JOKE_TAKEN_BACK.search(self._norm.folded))

    @cached_property
    def hyperbole(self) -> tuple[tuple[int, int], ...]:
        """Return the folded spans of the sentences that carry a cue."""
        folded = self._norm.folded
        if self.sincere:
            return ()
        # Hyperbole softens only the sentence it is in, so "lol" elsewhere cannot hide a disclosure.
        cues = (*lexicon.HYPERBOLE.finditer(folded), *lexicon.HYPERBOLE_IF.finditer(folded))
        sentences = {_sentence(folded, m.start()) for m in cues}
        hyperbole = tuple(sorted(s for s in sentences if lexicon.hyperbole_in(folded[s[0] : s[1]])))
        if not hyperbole and " . " not in folded and " ? " not in folded:
            # A laughing emoji is not in the folded view; it counts only in a one-sentence message.
            if lexicon.EMOJI_LAUGH.search(self._norm.plain):
                hyperbole = ((0, len(folded)),)
        return hyperbole

    @cached_property
    def literary(self) -> bool:
        return self._literary_context or bool(lexicon.LITERARY.search(self._norm.folded))

    @cached_property
    def idioms(self) -> tuple[tuple[int, int], ...]:
        return tuple(m.span() for m in lexicon.IDIOM.finditer(self._norm.folded))

    @cached_property
    def quoted(self) -> tuple[tuple[int, int], ...]:
        # Words in quotation marks are a set text's, unless the pupil says the writing is theirs.
        if _OWN_WRITING.search(self._norm.folded):
            return ()
        return tuple(m.span() for m in _QUOTED.finditer(self._norm.original))


def _urgent(folded: str) -> bool:
    """Tell whether the text has a sign of immediate risk outside a school deadline."""
    school = None
    for m in lexicon.URGENT.finditer(folded):
        if school is None:
            school = tuple(s.span() for s in lexicon.SCHOOL_TIME.finditer(folded))
        if not _inside(m.span(), school):
            return True
    return False


def _sentence(folded: str, at: int) -> tuple[int, int]:
    """Return the folded span of the sentence around position `at`."""
    start = max(folded.rfind(" . ", 0, at), folded.rfind(" ? ", 0, at))
    ends = [i for i in (folded.find(" . ", at), folded.find(" ? ", at)) if i != -1]
    return (0 if start == -1 else start + 3, min(ends) if ends else len(folded))


def _inside(span: tuple[int, int], ranges: tuple[tuple[int, int], ...]) -> bool:
    """Tell whether a span overlaps any of the ranges."""
    return any(span[0] < end and start < span[1] for start, end in ranges)


def _match_rules(norm: Normalised, direction: Direction, cues: _Cues) -> list[Finding]:
    """Run every rule for the direction and weigh each match against the cues."""
    folded = norm.folded
    findings: list[Finding] = []
    negated, window = (_NEGATED, 12) if direction == "pupil" else (_NEGATED_REPLY, 40)
    for rule in lexicon.INDEX[direction].candidates(folded):
        hit = None
        for m in rule.parts[0].finditer(folded):
            span = m.span()
            if cues.idioms and _inside(span, cues.idioms):
                continue
            if rule.check_negation and negated.search(folded, max(0, span[0] - window), span[0]):
                continue
            hit = span
            break
        if hit is None:
            continue
        if len(rule.parts) > 1 and not all(p.search(folded) for p in rule.parts[1:]):
            continue
        softened = bool(rule.hyperbole and cues.hyperbole and _inside(hit, cues.hyperbole))
        start, end = norm.folded_span(*hit)
        if softened and disguised(norm.original[start:end]):
            # A figure of speech needs no disguise: "w4nt 2 d!e lol" is hidden from a filter.
            softened = False
        if cues.literary and (rule.literary or _inside((start, end), cues.quoted)):
            # Set-text discussion ("why does Romeo kill himself?") or a quotation from one.
            continue
        disclosure = direction == "pupil" and rule.category in DISCLOSURE_CATEGORIES
        if disclosure and rule.severity < 3 and _topic(folded, hit):
            # Lesson work about a harm ("my story is about a girl being bullied"), or a set
            # text's events ("Eric forces his way into Eva's lodgings"), nobody's own. A request
            # for a method (severity 3) stands, whatever story it is said to be for.
            continue
        if disclosure and rule.category in _HURT_CATEGORIES and _play_or_mishap(folded, hit):
            continue
        severity = rule.severity
        reason = f"{rule.category} ({rule.id})"
        lead = False
        if disclosure:
            if softened and not cues.urgent:
                severity = 1
                reason += ", read as hyperbole: held, not escalated"
            elif severity == 1 and cues.lift and not softened:
                severity = 2
            if severity >= 2 and cues.urgent and rule.category in _URGENT_CATEGORIES:
                severity = 3
            lead = severity == 1 and not softened
        findings.append(Finding(rule.category, severity, start, end, reason, lead))
    return findings


# The categories whose matches describe a hurt, which sport, an accident or play can explain.
_HURT_CATEGORIES = frozenset(
    {"physical_abuse", "self_harm", "bullying_hate", "weapons_harm_others"}
)


def _play_or_mishap(folded: str, span: tuple[int, int]) -> bool:
    """Tell whether the sentence around a match puts a hurt down to sport or an accident with
    nobody named ("legs covered in bruises from tackling practice"), or to a young sibling at
    play ("my little brother shot me with a nerf gun")."""
    sentence = folded[slice(*_sentence(folded, span[0]))]
    return lexicon.hurt_by_mishap(sentence) or lexicon.sibling_play_in(sentence)


def _topic(folded: str, span: tuple[int, int]) -> bool:
    """Tell whether the sentence around a match names its harm as lesson work or a named set
    text's, about nobody in the pupil's own life."""
    sentence = folded[slice(*_sentence(folded, span[0]))]
    lesson = (
        lexicon.TOPIC.search(sentence)
        or lexicon.SET_TEXT.search(sentence)
        or lexicon.LESSON_PURPOSE.search(folded)
    )
    return bool(lesson) and not lexicon.PERSONAL.search(lexicon.WRITING_SELF.sub(" ", folded))


def _cover_story(norm: Normalised) -> list[Finding]:
    """Find an injury whose everyday explanation the pupil takes back.

    An explanation that does not fit an injury is a warning sign whatever the wording, so
    laughter does not soften it. It escalates when the explanation was a story told to someone
    ("told everyone it was football. it wasnt football"), cannot be true ("we dont have a
    trampoline") or the pupil did it themselves ("theyre from me not the cat", as self-harm).
    A bare denial ("the plasters in my bag are not from hockey") is a lead: it holds for a
    teacher, and escalates if the learned layer reads a disclosure too.
    """
    folded = norm.folded
    denied = lexicon.DENIED_REASON.search(folded)
    if denied is None or not lexicon.INJURY.search(folded):
        return []
    others = (*lexicon.MISHAP.finditer(folded), *lexicon.OTHER_CAUSE.finditer(folded))
    if any(not _inside(m.span(), (denied.span(),)) for m in others):
        # Another everyday cause given instead: "i hurt it at football, not at rugby".
        return []
    self_done = bool(lexicon.SELF_DONE.search(folded))
    category = "self_harm" if self_done else "physical_abuse"
    strong = (
        self_done
        or lexicon.COVER_STORY.search(folded)
        or lexicon.NO_SUCH_THING.search(folded, *denied.span())
    )
    start, end = norm.folded_span(*denied.span())
    reason = f"{category} (an injury's everyday explanation taken back: cover story)"
    return [Finding(category, 2 if strong else 1, start, end, reason, lead=not strong)]


def _backstop(norm: Normalised, cues: _Cues) -> list[Finding]:
    """Hold a message with strong risk words about the pupil that no specific rule caught.

    It runs only when nothing else was found, so it can never loosen or raise what a rule
    decided; its findings are severity 1 in the non-disclosure category "risk_words", so it
    holds for a teacher and never escalates by itself. Lesson work, set texts, games, sport
    and idioms are left alone.
    """
    folded = norm.folded
    candidates = lexicon.BACKSTOP.candidates(folded)
    if not candidates or cues.literary or lexicon.BACKSTOP_SOFT.search(folded):
        return []
    for rule in candidates:
        for m in rule.parts[0].finditer(folded):
            span = m.span()
            if cues.idioms and _inside(span, cues.idioms):
                continue
            if _NEGATED.search(folded, max(0, span[0] - 12), span[0]):
                continue
            if _topic(folded, span) or _play_or_mishap(folded, span):
                continue
            if not lexicon.FRAME.search(folded, *_sentence(folded, span[0])):
                continue
            start, end = norm.folded_span(*span)
            reason = f"risk_words ({rule.category} words, {rule.id}): no specific pattern matched"
            return [Finding("risk_words", 1, start, end, reason)]
    return []


def _concept_findings(norm: Normalised, cues: _Cues) -> list[Finding]:
    """Score combinations of concepts, for disclosures worded around every rule.

    A sentence with a set text, lesson or game wording is left alone, as is a concept inside an
    idiom. Laughter in the sentence, or a set text earlier in the conversation, makes an
    escalation a hold unless there is a sign of immediate risk, which makes it severity 3.
    """
    folded = norm.folded
    found = []
    for hit in concepts.score(folded, skip=lambda: cues.idioms):
        first = concepts.sentence_of(folded, hit.start)
        last = concepts.sentence_of(folded, max(hit.start, hit.end - 1))
        around = folded[first[0] : last[1]]
        if lexicon.LITERARY.search(around) or _CONCEPT_SOFT.search(around):
            continue
        if hit.category in _HURT_CATEGORIES and _play_or_mishap(folded, (hit.start, hit.end)):
            continue
        start, end = norm.folded_span(hit.start, hit.end)
        if cues.literary and _inside((start, end), cues.quoted):
            continue
        severity = 2 if hit.escalate else 1
        lead = severity == 1
        reason = hit.reason
        laughing = not cues.sincere and (
            _CONCEPT_LAUGH.search(around)
            or (around == folded and lexicon.EMOJI_LAUGH.search(norm.plain))
        )
        if severity == 2 and (cues.literary or laughing):
            if not cues.urgent:
                severity = 1
                reason += ", read as hyperbole or set-text talk: held, not escalated"
        if severity == 2 and cues.urgent and hit.category in _URGENT_CATEGORIES:
            severity = 3
        found.append(Finding(hit.category, severity, start, end, reason, lead))
    return found


_CONCEPT_SOFT = concepts.CONCEPTS["SOFT"].pattern
# Only laughter softens a combination: a school word ("if anyone at school finds out") does not.
_CONCEPT_LAUGH = concepts.CONCEPTS["LAUGH"].pattern


def _personal_data(norm: Normalised, roster_names: Sequence[str]) -> list[Finding]:
    """Turn personal data into findings."""
    return [
        Finding("personal_data", 1, start, end, f"personal_data ({kind})")
        for start, end, kind in pii.find(norm, roster_names)
    ]


def _as_pupil_words(question: str) -> str:
    """Rewrite a question put to the pupil in the pupil's own first person."""
    words = normalise(question).folded.split(" ")
    out = []
    for i, word in enumerate(words):
        if word == "you":
            prev = words[i - 1] if i else "?"
            out.append("i" if prev in _SUBJECT_BEFORE_YOU else "me")
        else:
            out.append(_SECOND_PERSON.get(word, word))
    return " ".join(out)


def _first_person(words: list[str], subject: str) -> str:
    """Read a reported clause about `subject` as the pupil's own words."""
    if subject in ("you", "u"):
        return _as_pupil_words(" ".join(words))
    if subject == "i":
        return " ".join(words)
    table = dict(_THIRD_PERSON)
    if subject in ("he", "a boy"):
        table |= _HE
    elif subject in ("she", "a girl"):
        table |= _SHE
    out = []
    for i, word in enumerate(words):
        if word == "her" and subject in ("she", "a girl"):
            after = words[i + 1] if i + 1 < len(words) else ""
            out.append("my" if _HER_BEFORE.match(after) else "me")
        else:
            out.append(table.get(word, word))
    text = " " + " ".join(out) + " "
    for wrong, right in _REPORTED_FIX:
        text = text.replace(f" {wrong} ", f" {right} ")
    return text.strip()


def _reported_findings(norm: Normalised) -> list[Finding]:
    """Escalate harm told as what someone might tell a teacher, read in the first person."""
    folded = norm.folded
    found: list[Finding] = []
    for m in _REPORT_FRAME.finditer(folded):
        rest = folded[m.end() : m.end() + _MAX_JOINED_TURN]
        end = _REPORTED_END.search(" " + rest + " ")
        clause = rest[: end.start()] if end else rest
        if not clause:
            continue
        told = normalise(_first_person(clause.split(" "), m.group("subject")))
        cues = _Cues(told, literary_context=False)
        whole = (0, len(norm.original))
        for f in _match_rules(told, "pupil", cues) + _concept_findings(told, cues):
            if f.category in DISCLOSURE_CATEGORIES and (f.severity >= 2 or f.lead):
                reason = f"{f.reason} (told as a report)"
                found.append(Finding(f.category, max(2, f.severity), *whole, reason))
    return found


def _answer_findings(norm: Normalised, context: Sequence[str]) -> list[Finding]:
    """Catch a short "yes" (or a "no" to "are you safe?") that answers a risk question."""
    folded = norm.folded
    if not folded or folded.count(" ") >= _AFFIRM_MAX_WORDS or not context:
        return []
    question = context[-1][:_MAX_JOINED_TURN]
    whole = (0, len(norm.original))
    if lexicon.DENY.match(folded):
        if lexicon.SAFETY_QUESTION.search(normalise(question).folded):
            return [Finding("physical_abuse", 2, *whole, "physical_abuse (said no to being safe)")]
        return []
    if not lexicon.AFFIRM.match(folded):
        return []
    asked = normalise(_as_pupil_words(question))
    cues = _Cues(asked, literary_context=False)
    found = []
    for f in _match_rules(asked, "pupil", cues):
        if f.category in DISCLOSURE_CATEGORIES and f.severity >= 2:
            found.append(
                Finding(f.category, f.severity, *whole, f"{f.category} (yes to: {f.reason})")
            )
    return found


def _split_findings(text: str, context: Sequence[str], literary: bool) -> list[Finding]:
    """Catch a disclosure split across the previous turn and this one."""
    found: list[Finding] = []
    for prev in context[-2:]:
        if not prev or len(prev) > _MAX_JOINED_TURN:
            continue
        joined = normalise(prev + " " + text)
        boundary = len(prev) + 1
        cues = _Cues(joined, literary)
        for f in _match_rules(joined, "pupil", cues) + _concept_findings(joined, cues):
            if f.category in DISCLOSURE_CATEGORIES and f.start < boundary < f.end:
                start, end = 0, max(1, f.end - boundary)
                found.append(
                    Finding(f.category, f.severity, start, end, f.reason + " across turns")
                )
    return found


def _reply_to_disclosure(text: str, last_turn: str) -> list[Finding]:
    """Hold a reply to a message that disclosed harm, so that a person answers it."""
    asked = normalise(last_turn[:_MAX_JOINED_TURN])
    cues = _Cues(asked, literary_context=False)
    found = {
        f.category
        for f in _match_rules(asked, "pupil", cues) + _concept_findings(asked, cues)
        if f.category in DISCLOSURE_CATEGORIES and f.severity >= 2
    }
    whole = (0, len(text))
    return [
        Finding(category, 1, *whole, f"{category} (reply to a message that disclosed harm)")
        for category in sorted(found)
    ]


def _decide(
    findings: list[Finding], original: str, direction: Direction, extra_reasons: Sequence[str] = ()
) -> ScreenResult:
    """Turn findings into one result."""
    if not findings:
        return ScreenResult(
            action="allow", severity=0, reasons=tuple(extra_reasons), layers=("local",)
        )
    action: Action = "hold"
    by_category: dict[str, int] = {}
    for f in findings:
        by_category[f.category] = max(by_category.get(f.category, 0), f.severity)
        if direction == "pupil" and (
            (f.category in DISCLOSURE_CATEGORIES and f.severity >= 2) or f.severity >= 3
        ):
            # A disclosure goes to the DSL; so does an emergency of any kind (severity 3).
            action = "escalate"
    categories = sorted(by_category, key=lambda c: (-by_category[c], c))
    severity = max(max(by_category.values()), 1)
    spans = tuple(
        dict.fromkeys(Span(f.start, f.end, original[f.start : f.end], f.category) for f in findings)
    )
    reasons = tuple(dict.fromkeys([f.reason for f in findings] + list(extra_reasons)))
    leads = (
        tuple(sorted({f.category for f in findings if f.lead}))
        if direction == "pupil" and action == "hold"
        else ()
    )
    return ScreenResult(
        action=action,
        categories=tuple(categories),
        severity=min(severity, 3),
        spans=spans,
        reasons=reasons,
        layers=("local",),
        leads=leads,
    )


def screen_local(
    text: str,
    *,
    direction: Direction,
    context: Sequence[str] = (),
    roster_names: Sequence[str] = (),
) -> ScreenResult:
    """Screen one pupil message or tutor reply with the local lexicon."""
    if direction not in ("pupil", "reply"):
        raise ValueError(f"unknown direction {direction!r}")
    if not isinstance(text, str):
        raise TypeError("text must be a string")
    context = [c for c in context if isinstance(c, str)][-_MAX_CONTEXT_TURNS:]
    norm = normalise(text)
    literary_context = any(
        lexicon.LITERARY.search(normalise(c[:_MAX_JOINED_TURN]).folded) for c in context
    )
    cues = _Cues(norm, literary_context)
    findings = _match_rules(norm, direction, cues)
    if direction == "pupil":
        findings += _concept_findings(norm, cues)
        findings += _reported_findings(norm)
        findings += _cover_story(norm)
    if direction == "pupil" and not findings:
        findings = _backstop(norm, cues)
    findings += _personal_data(norm, roster_names)
    if direction == "pupil" and context:
        findings += _answer_findings(norm, context)
        findings += _split_findings(text, context, cues.literary)
    if direction == "reply" and context:
        findings += _reply_to_disclosure(text, context[-1])
    return _decide(findings, text, direction)
