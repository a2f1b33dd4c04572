"""Read what the pupil is asking for, and the replies both subjects share."""

from __future__ import annotations

import re

from tutoring import curriculum
from tutoring.providers.base import TutorRequest
from tutoring.providers.offline.draft import GREETED, NOT_UNDERSTOOD, Draft, Line

_ASKS_FOR_ANSWER = re.compile(
    r"(just|pls|please|can you|could you|can u)?\s*(give|tell|show)\s+(me|us)\s+(the\s+)?"
    r"(answer|answers|solution)|what(?:'s| is) the answer|(?:just|only) the answer|"
    r"\bdo it for me\b|\bwrite it for me\b|\bsolve it for me\b",
)
_STUCK = re.compile(
    r"\bstuck\b|\bconfus|don'?t (?:get|understand|know)|do not (?:get|understand|know)|"
    r"\bno idea\b|\bidk\b|\bi'?m lost\b|\bgive up\b|\bcan'?t do (?:it|this)\b|\bhelp me\b",
)
GREETING = re.compile(r"^\s*(hi|hello|hey|good (?:morning|afternoon)|thanks|thank you|ok|okay)\b")


def asks_for_answer(text: str) -> bool:
    return bool(_ASKS_FOR_ANSWER.search(text.lower()))


def says_stuck(text: str) -> bool:
    return bool(_STUCK.search(text.lower().replace("’", "'")))


def session_topic(request: TutorRequest) -> curriculum.Topic | None:
    try:
        found = curriculum.topic(request.topic_code)
    except KeyError:
        return None
    return found if found.subject == request.subject else None


STUCK_LINE = Line("That's OK. Let's break it into smaller steps.", "That's OK. One small step.")


def greeting(request: TutorRequest, draft: Draft) -> Draft:
    thanks = re.match(r"\s*(thanks|thank you)", request.message.lower())
    draft.confidence = GREETED
    draft.say("You're welcome." if thanks else "Hello.", "")
    draft.ask(
        "What question are you working on?"
        if not thanks
        else "Is there another question you want to try?",
        "What is your question?",
    )
    return draft


def not_understood(request: TutorRequest, draft: Draft) -> Draft:
    draft.confidence = NOT_UNDERSTOOD
    draft.needs_teacher = True
    draft.stuck = says_stuck(request.message)
    subject = "a maths" if request.subject == "maths" else "an English"
    draft.say(
        f"I did not understand that message as {subject} question.",
        "I did not understand that.",
    )
    draft.ask(
        "Could you type the question you are working on, exactly as it is written?",
        "Can you type your question?",
    )
    return draft
