"""Cognitive offloading: pupils who paste exam questions or keep asking for the answer.

The DfE product safety expectations ask that a tutor does not let pupils hand their thinking
over to it. The tutor itself refuses to hand over answers; this module shows the teacher which
pupils keep trying, so the teacher can talk to them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from .access import pupils_for_teacher
from .models import User

# Marks and question numbers as printed on GCSE papers: "[3 marks]", "(2 marks)", "Q1 a)",
# "Question 4", "Total for Question 3 is 5 marks".
_MARKS = re.compile(r"[\[(]\s*\d{1,2}\s*marks?\s*[\])]|\btotal for question\b", re.IGNORECASE)
_QUESTION_NUMBER = re.compile(r"\bq(?:uestion)?\s*\.?\s*\d{1,2}\b", re.IGNORECASE)
_NUMBER_WITH_PART = re.compile(r"\bq(?:uestion)?\s*\.?\s*\d{1,2}\s*\(?[a-h]\)", re.IGNORECASE)
_PART_LABEL = re.compile(r"(?:^|\s)\(?(?:[a-h]|i{1,3}|iv)\)\s", re.IGNORECASE)
_PAPER_PHRASES = re.compile(
    r"\b(?:show (?:all )?your working|answer all questions|you must show|"
    r"give your answer (?:to|in|as)|write down|use evidence from the text|"
    r"in this question you will be assessed)\b",
    re.IGNORECASE,
)
PASTED_MIN_CHARS = 220


def looks_like_pasted_question(text: str) -> bool:
    """Whether a message looks like an exam or homework question pasted in whole."""
    if _MARKS.search(text) or _NUMBER_WITH_PART.search(text):
        return True
    numbered = bool(_QUESTION_NUMBER.search(text))
    parts = len(_PART_LABEL.findall(text))
    phrases = bool(_PAPER_PHRASES.search(text))
    if phrases and (numbered or parts >= 2):
        return True
    return len(text) >= PASTED_MIN_CHARS and parts >= 2


@dataclass(frozen=True)
class OffloadingRow:
    pupil: User
    messages: int
    reveal_requests: int
    pasted_questions: int
    longest_reveal_run: int

    @property
    def flagged(self) -> bool:
        """Worth a word from the teacher: repeated asking, or repeated pasting."""
        return (
            self.reveal_requests >= REPEATED_REVEAL_REQUESTS
            or self.longest_reveal_run >= 2
            or self.pasted_questions >= 2
        )


REPEATED_REVEAL_REQUESTS = 3


def offloading_report(*, teacher: User, days: int = 14) -> list[OffloadingRow]:
    """Per pupil the teacher teaches: reveal requests, pasted questions, runs of asking."""
    from tutoring.models import Message

    since = timezone.now() - timedelta(days=days)
    pupils = {p.pk: p for p in pupils_for_teacher(teacher).order_by("last_name", "first_name")}
    stats: dict[int, dict[str, int]] = {
        pk: {"messages": 0, "reveal": 0, "pasted": 0, "run": 0, "best": 0, "session": 0}
        for pk in pupils
    }
    rows = (
        Message.objects.filter(pupil_id__in=list(pupils), created_at__gte=since)
        .order_by("pupil_id", "session_id", "created_at", "id")
        .values_list("pupil_id", "session_id", "text", "reveal_request")
    )
    for pupil_id, session_id, text, reveal in rows.iterator(chunk_size=2000):
        s = stats[pupil_id]
        s["messages"] += 1
        if s["session"] != session_id:
            s["session"], s["run"] = session_id, 0
        if reveal:
            s["reveal"] += 1
            s["run"] += 1
            s["best"] = max(s["best"], s["run"])
        else:
            s["run"] = 0
        if looks_like_pasted_question(text):
            s["pasted"] += 1
    report = [
        OffloadingRow(
            pupil=pupils[pk], messages=s["messages"], reveal_requests=s["reveal"],
            pasted_questions=s["pasted"], longest_reveal_run=s["best"],
        )
        for pk, s in stats.items()
    ]
    report.sort(key=lambda r: (not r.flagged, -(r.reveal_requests + r.pasted_questions)))
    return report
