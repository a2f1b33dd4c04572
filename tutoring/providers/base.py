"""The tutor provider interface: one request in, one structured reply out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol


@dataclass(frozen=True)
class Turn:
    """One earlier turn of the conversation, already redacted."""

    role: Literal["pupil", "tutor"]
    text: str


@dataclass(frozen=True)
class PupilNeeds:
    """Adaptations a teacher has set for the pupil."""

    send: bool = False
    eal: bool = False
    home_language: str = ""


@dataclass(frozen=True)
class TutorRequest:
    """Everything a provider may see. Pupil text here is already redacted."""

    subject: Literal["maths", "english"]
    topic_code: str
    topic_title: str
    message: str
    history: tuple[Turn, ...] = ()
    needs: PupilNeeds = field(default_factory=PupilNeeds)
    teacher_guidance: str = ""
    # How many times in this session the pupil has asked for the answer without trying.
    reveal_requests: int = 0


@dataclass(frozen=True)
class TutorReply:
    """A provider's structured reply."""

    text: str
    confidence: float
    topics: tuple[str, ...] = ()
    pupil_stuck: bool = False
    needs_teacher: bool = False
    input_tokens: int = 0
    output_tokens: int = 0
    model: str = ""


class ProviderError(Exception):
    """A failed attempt. `retryable` errors go back through the queue with backoff."""

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after


class TutorProvider(Protocol):
    name: str

    def generate(self, request: TutorRequest) -> TutorReply: ...
