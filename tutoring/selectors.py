"""Reads for the pupil's pages. Only vetted text ever leaves these functions."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from tutorconsole.models import User

from .models import Message, TutorSession
from .states import IN_FLIGHT, PUPIL_VISIBLE, ReplyState

S = ReplyState

STATUS_THINKING = "Your tutor is thinking…"
STATUS_CHECKING = "Your teacher is checking this reply."
STATUS_TEACHER_WILL_REPLY = "Your teacher will reply to this message."


@dataclass(frozen=True)
class PupilTurn:
    """One exchange as the pupil may see it: their words, and the reply or its status."""

    message_id: int
    text: str
    created_at: object
    reply_text: str | None
    reply_status: str
    reply_state: str
    reply_source: str


def _status_for(state: str) -> str:
    if state in IN_FLIGHT:
        return STATUS_THINKING
    if state in (S.HELD, S.REJECTED):
        return STATUS_CHECKING
    if state == S.FAILED:
        return STATUS_TEACHER_WILL_REPLY
    return ""


def _source_for(state: str) -> str:
    if state == S.TEACHER_WRITTEN:
        return "teacher"
    if state == S.SIGNPOSTED:
        return "safeguarding"
    if state in (S.APPROVED, S.EDITED):
        return "tutor_checked"
    return "tutor"


def pupil_sessions(*, pupil: User) -> list[TutorSession]:
    return list(TutorSession.objects.filter(pupil=pupil).order_by("-started_at")[:50])


def pupil_session(*, pupil: User, session_id: int, with_school: bool = False) -> TutorSession:
    """Return the pupil's own session (with its school loaded too if asked), or 404 for anyone
    else's."""
    sessions = TutorSession.objects.filter(pk=session_id, pupil=pupil)
    if with_school:
        sessions = sessions.select_related("school")
    session = sessions.first()
    if session is None:
        raise Http404("No such session.")
    return session


def pupil_transcript(*, session: TutorSession, limit: int = 200) -> list[PupilTurn]:
    """The conversation as the pupil sees it, in one query. Draft text is never read from the
    database."""
    rows = list(
        Message.objects.filter(session=session)
        .order_by("-created_at", "-id")
        .values_list("id", "text", "created_at", "reply__state", "reply__released_text")[:limit]
    )
    rows.reverse()
    turns = []
    for message_id, text, created_at, state, released_text in rows:
        state = state or S.QUEUED  # a message is stored with its reply; never seen without one
        visible = state in PUPIL_VISIBLE
        turns.append(
            PupilTurn(
                message_id=message_id,
                text=text,
                created_at=created_at,
                reply_text=released_text if visible else None,
                reply_status="" if visible else _status_for(state),
                reply_state=state,
                reply_source=_source_for(state),
            )
        )
    return turns


def session_waiting(*, turns: list[PupilTurn]) -> bool:
    """Whether the page should keep listening for a reply."""
    return any(turn.reply_text is None for turn in turns)
