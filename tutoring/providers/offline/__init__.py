"""The built-in offline tutor: a rule-based, Socratic GCSE maths and English tutor.

It runs with no network and no model. For maths it reads the question with a restricted sympy
parser, works out the answer itself and checks the pupil's answer or working line by line, then
hints at the first wrong step instead of handing over the answer. For English it draws
topic-aware questions from the curriculum store. Its confidence is honest: low when it did not
understand the message, so the school's confidence gate holds the reply for a teacher.
"""

from __future__ import annotations

import logging
from functools import cache

from tutoring.providers.base import TutorReply, TutorRequest
from tutoring.providers.offline.adapt import MAX_GUIDANCE, read_guidance, render
from tutoring.providers.offline.conversation import not_understood
from tutoring.providers.offline.draft import Draft
from tutoring.providers.offline.english import english_draft
from tutoring.providers.offline.maths_parse import parse
from tutoring.providers.offline.maths_replies import maths_draft

__all__ = ["MODEL", "OfflineTutor"]

logger = logging.getLogger(__name__)

MODEL = "offline"


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


class OfflineTutor:
    """A rule-based Socratic tutor that needs no network; the fallback for every school."""

    name = "offline"

    def generate(self, request: TutorRequest) -> TutorReply:
        """Draft one tutor reply to the pupil's latest message."""
        guidance = " ".join(request.teacher_guidance.split())[:MAX_GUIDANCE]
        steer = read_guidance(guidance)
        try:
            draft = (
                maths_draft(request, steer)
                if request.subject == "maths"
                else english_draft(request, steer)
            )
        except Exception:
            # A tutor bug must not take down the worker: hold the message for a teacher instead.
            logger.exception("offline tutor failed on a message; holding it for a teacher")
            draft = not_understood(request, Draft())
        text = render(draft, request.needs, steer)
        needs_teacher = draft.needs_teacher or draft.confidence < 0.5
        seen = request.message + "".join(t.text for t in request.history)
        return TutorReply(
            text=text,
            confidence=round(min(max(draft.confidence, 0.0), 1.0), 2),
            topics=tuple(dict.fromkeys(draft.topics)),
            pupil_stuck=draft.stuck,
            needs_teacher=needs_teacher,
            input_tokens=_tokens(seen + request.topic_title + guidance),
            output_tokens=_tokens(text),
            model=MODEL,
        )


@cache
def _warm() -> None:
    # sympy builds caches on first use; doing it once at import keeps the first reply fast.
    parse("2(x+1)=4")


_warm()
