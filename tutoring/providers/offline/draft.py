"""The draft a reply is built in, and the confidence bands the tutor reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Confidence bands. The school's gate holds anything under its threshold for a teacher, so the
# numbers only go high when the maths was parsed and checked by sympy.
CHECKED = 0.92
GUIDED = 0.88
TOPIC_MATCHED = 0.65
SESSION_TOPIC = 0.55
GREETED = 0.7
UNCHECKABLE = 0.4
NOT_UNDERSTOOD = 0.3

# Only the start of a long message is read.
MAX_MESSAGE = 2000


@dataclass
class Line:
    text: str
    # A shorter, simpler wording for pupils with SEND or EAL needs.
    short: str = ""
    kind: Literal["say", "ask", "extra"] = "say"


@dataclass
class Draft:
    lines: list[Line] = field(default_factory=list)
    confidence: float = NOT_UNDERSTOOD
    topics: list[str] = field(default_factory=list)
    stuck: bool = False
    needs_teacher: bool = False
    # The topic whose key terms are glossed for pupils learning English.
    gloss_topic: str = ""

    def say(self, text: str, short: str = "") -> None:
        self.lines.append(Line(text, short))

    def ask(self, text: str, short: str = "") -> None:
        self.lines.append(Line(text, short, "ask"))

    def aside(self, text: str, short: str = "") -> None:
        self.lines.append(Line(text, short, "extra"))

    def add(self, lines: list[Line]) -> None:
        self.lines.extend(lines)
