"""Draft an English reply from the curriculum store: questions, PETAL and feedback."""

from __future__ import annotations

import re

from tutoring import curriculum
from tutoring.providers.base import TutorRequest
from tutoring.providers.offline.adapt import Steer
from tutoring.providers.offline.conversation import (
    GREETING,
    STUCK_LINE,
    asks_for_answer,
    greeting,
    not_understood,
    says_stuck,
    session_topic,
)
from tutoring.providers.offline.draft import MAX_MESSAGE, SESSION_TOPIC, TOPIC_MATCHED, Draft, Line

_TECHNIQUES = (
    "metaphor", "simile", "imagery", "personification", "alliteration", "sibilance", "verb",
    "adjective", "adverb", "noun", "repetition", "juxtaposition", "symbol", "dramatic irony",
    "irony", "pathetic fallacy", "soliloquy", "rhetorical question", "semantic field",
    "foreshadowing", "oxymoron", "enjambment", "caesura", "tone", "contrast", "hyperbole",
    "motif", "structure", "rhyme", "rhythm", "listing", "imperative", "pronoun", "stage direction",
)  # fmt: skip
_ANALYSIS = re.compile(
    r"\b(suggest|suggests|implies|imply|connot\w*|conveys?|emphasi[sz]\w*|highlights?|"
    r"evokes?|symboli[sz]\w*|reveals?|represents?|shows? that|creates?)\b"
)
_CONTEXT = re.compile(
    r"\b(context|audience|victorian|jacobean|elizabethan|1912|1945|society|at the time|"
    r"priestley|dickens|shakespeare|stevenson|steinbeck|the writer|the poet|the author|"
    r"reader|readers|intention|message)\b"
)
_WRITING_TASK = re.compile(
    r"\b(write|writing|describe|description|story|narrative|letter|article|speech|leaflet|"
    r"plan|planning)\b"
)
_ANALYSIS_TASK = re.compile(
    r"\b(how does|how is|how are|present|presents|presented|explore|analy[sz]e|language|"
    r"structure|theme|themes|character|characters|quote|quotation|compare|evaluate|essay|"
    r"paragraph)\b"
)
# Single quotes only count at word edges, so "Macbeth's ambition" is not read as a quotation.
_QUOTE = re.compile(
    r"[\"“”]([^\"“”]{3,200})[\"“”]|(?:^|(?<=[\s(]))['‘]([^'‘’]{3,200}?)['’](?![a-z])"
)


def _quotations(text: str) -> list[str]:
    found = [(double or single).strip() for double, single in _QUOTE.findall(text)]
    return [q for q in found if len(q.split()) >= 2]


def _english_topic(request: TutorRequest, matched: list[str]) -> curriculum.Topic | None:
    # A named set text or poem beats a skills topic, as it gives more specific prompts.
    skills = ("english.language.", "english.literature.analytical-writing")
    texts = [c for c in matched if not c.startswith(skills)]
    if texts:
        return curriculum.topic(texts[0])
    session = session_topic(request)
    if session is not None:
        return session
    return curriculum.topic(matched[0]) if matched else None


def english_draft(request: TutorRequest, steer: Steer) -> Draft:
    draft = Draft()
    message = request.message[:MAX_MESSAGE]
    lowered = message.lower()
    wants_answer = request.reveal_requests > 0 or asks_for_answer(message)
    stuck = says_stuck(message)
    matched = curriculum.match_topics(message, "english")
    quotes = _quotations(message)
    words = re.findall(r"[A-Za-z']+", message)
    is_paragraph = len(words) >= 40 and bool(quotes or _ANALYSIS.search(lowered))
    is_writing = bool(_WRITING_TASK.search(lowered))
    is_analysis = bool(_ANALYSIS_TASK.search(lowered))
    understood = bool(matched or quotes or is_paragraph or is_writing or is_analysis)
    topic = _english_topic(request, matched)
    if topic is None or not (understood or stuck or wants_answer):
        if GREETING.match(lowered) and len(words) <= 6:
            return greeting(request, draft)
        return not_understood(request, draft)

    draft.topics = list(dict.fromkeys([topic.code, *matched[:2]]))
    draft.gloss_topic = topic.code
    draft.stuck = stuck or request.reveal_requests >= 2
    draft.confidence = TOPIC_MATCHED if understood else SESSION_TOPIC
    turn = sum(1 for t in request.history if t.role == "tutor")
    opener = topic.openers[turn % len(topic.openers)]
    hint = topic.hints[turn % len(topic.hints)]
    if steer.gentler:
        draft.say("Every draft is a step forward, and this one can be built on.", "")

    if wants_answer:
        draft.add(
            [
                Line(
                    "I won't write the answer for you: the marks are for your own ideas, and "
                    "your teacher wants to see your thinking.",
                    "I won't write it for you. Let's start it together.",
                )
            ]
        )
        draft.say(hint, hint)
        draft.ask(opener)
        return draft
    if stuck:
        draft.add([STUCK_LINE])
        draft.say(hint, hint)
        draft.ask(opener)
        return draft
    if is_paragraph:
        # Feedback on a pupil's own writing rests on surface cues; let a teacher see it.
        draft.confidence = SESSION_TOPIC
        draft.add(_paragraph_feedback(lowered, quotes, topic))
        return draft
    if quotes:
        quote = max(quotes, key=len)
        draft.say(f"Let's look closely at “{quote}”.", f"Look at “{quote}”.")
        draft.ask(
            "Which single word in it does the most work, and what does that word suggest?",
            "Which word stands out most?",
        )
        draft.aside(f"Then name the technique and link it back to {topic.title}.")
        return draft
    if (
        is_writing
        and topic.strand == "language-writing"
        or (is_writing and not is_analysis and topic.strand.startswith("language"))
    ):
        draft.say("Before you start writing, a short plan will help.", "Make a short plan first.")
        draft.ask(opener)
        draft.aside(f"Tip: {hint}")
        return draft
    if topic.strand.startswith("literature") or is_analysis:
        draft.say(
            f"Let's build an answer about {topic.title} one step at a time, using PETAL: "
            "Point, Evidence, Technique, Analysis, Link.",
            "Let's use PETAL: Point, Evidence, Technique, Analysis, Link.",
        )
        draft.ask(opener)
        draft.aside(f"Hint: {hint}")
        return draft
    draft.ask(opener)
    draft.aside(f"Hint: {hint}")
    return draft


def _paragraph_feedback(text: str, quotes: list[str], topic: curriculum.Topic) -> list[Line]:
    has_evidence = bool(quotes)
    technique = next((t for t in _TECHNIQUES if re.search(rf"\b{t}", text)), "")
    has_analysis = bool(_ANALYSIS.search(text))
    has_link = bool(_CONTEXT.search(text))
    strengths = []
    if has_evidence:
        strengths.append("you support your point with a quotation")
    if technique:
        strengths.append(f"you name a technique ({technique})")
    if has_analysis:
        strengths.append("you explain what the words suggest")
    lines = []
    if strengths:
        lines.append(
            Line(
                f"Good start: {strengths[0]}.",
                f"Good start: {strengths[0]}.",
            )
        )
    missing = [
        (
            has_evidence,
            "Add a short quotation as evidence.",
            "Which short quotation would prove your point?",
        ),
        (
            bool(technique),
            "Name the technique the writer uses in your quotation.",
            "What technique is used in your quotation?",
        ),
        (
            has_analysis,
            "Explain the effect: what does the key word suggest?",
            "What does the key word in your quotation suggest?",
        ),
        (
            has_link,
            "Link your idea to the writer's purpose or the context.",
            f"Why might the writer of {topic.title} want the audience to see this?",
        ),
    ]
    for present, step, question in missing:
        if not present:
            lines.append(Line(f"Next step: {step}", step))
            lines.append(Line(question, question, "ask"))
            return lines
    lines.append(
        Line(
            "Your paragraph has every part of PETAL. To push it further, explore two "
            "different meanings of one word.",
            "It has every part of PETAL.",
        )
    )
    lines.append(
        Line("Which word could mean two things?", "Which word could mean two things?", "ask")
    )
    return lines
