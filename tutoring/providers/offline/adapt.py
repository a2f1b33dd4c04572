"""Adapt a draft to the pupil (SEND, EAL) and to a teacher's regenerate guidance."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutoring import curriculum
from tutoring.providers.base import PupilNeeds
from tutoring.providers.offline.draft import Draft, Line

MAX_GUIDANCE = 300
# A teacher's note is written for the tutor and may describe the pupil ("she is weak at
# algebra"), so it only steers the reply and is never shown; this neutral line stands in for it.
ANOTHER_WAY = "Let's look at this another way."


@dataclass(frozen=True)
class Steer:
    """What a teacher's regenerate guidance asks for, as far as rules can tell."""

    # Any guidance at all: the reply must then differ from the draft the teacher rejected.
    given: bool = False
    simpler: bool = False
    more_help: bool = False
    example: bool = False
    gentler: bool = False


def read_guidance(guidance: str) -> Steer:
    text = guidance.lower()
    return Steer(
        given=bool(text.strip()),
        simpler=bool(re.search(r"simpl|short|easier|fewer words|less text|plain|too long", text)),
        more_help=bool(
            re.search(r"hint|more help|scaffold|first step|break it down|support", text)
        ),
        example=bool(re.search(r"example|worked|model|show (?:him|her|them) how", text)),
        gentler=bool(re.search(r"encourag|gentl|kind|reassur|confidence|anxious|nervous", text)),
    )


def render(draft: Draft, needs: PupilNeeds, steer: Steer) -> str:
    simple = needs.send or needs.eal or steer.simpler
    lines = list(draft.lines)
    if needs.send or steer.simpler:
        # One question at a time, and no optional extras, for pupils with SEND needs.
        kept: list[Line] = []
        asked = False
        for line in lines:
            is_question = line.kind == "ask" or "?" in (line.short or line.text)
            if line.kind == "extra" or (is_question and asked):
                continue
            asked = asked or is_question
            kept.append(line)
        lines = kept
    texts = [(line.short or line.text) if simple else line.text for line in lines]
    body = " ".join(t for t in texts if t)
    parts = []
    if steer.given:
        parts.append(ANOTHER_WAY)
    parts.append(body)
    if needs.eal:
        glossed = _glossary_lines(body, draft.gloss_topic, needs.home_language)
        if glossed:
            parts.append("Key words: " + " ".join(glossed))
    return "\n\n".join(parts)


def _glossary_lines(body: str, topic_code: str, home_language: str) -> list[str]:
    terms: dict[str, str] = {}
    try:
        found = curriculum.topic(topic_code) if topic_code else None
    except KeyError:
        found = None
    lowered = body.lower()
    core = curriculum.glossary_terms()
    candidates = [(t.term, t.gloss) for t in found.key_terms] if found else []
    candidates += list(core.items())
    for term, gloss in candidates:
        if term.lower() not in terms and re.search(rf"\b{re.escape(term.lower())}", lowered):
            terms[term.lower()] = gloss
    if found is not None:
        # The topic's first key term is its core idea, worth glossing even if not used above.
        first = found.key_terms[0]
        terms.setdefault(first.term.lower(), first.gloss)
    lines = []
    language = curriculum.home_language_name(home_language) if home_language else None
    for term, gloss in list(terms.items())[:3]:
        translated = curriculum.home_language_term(term, home_language) if language else None
        suffix = f" (in {language}: {translated})" if translated else ""
        lines.append(f"{term}: {gloss}{suffix}.")
    return lines
