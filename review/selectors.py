"""Reads for the teacher's review console."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils import timezone

from tutorconsole.access import taught_pupil_ids
from tutorconsole.models import User
from tutoring.models import Message, Reply
from tutoring.states import ReplyState

S = ReplyState
QUEUE_STATES = (S.HELD, S.FAILED, S.REJECTED)


def review_queue(
    *, teacher: User, class_id: int | None = None, reason: str | None = None, limit: int = 50
) -> list[Reply]:
    """Held, failed and rejected replies for the teacher's pupils: most urgent, then oldest."""
    qs = Reply.objects.filter(
        state__in=QUEUE_STATES, school_id=teacher.school_id,
        pupil_id__in=taught_pupil_ids(teacher),
    )
    if class_id:
        qs = qs.filter(pupil__classes_attended__id=class_id,
                       pupil__classes_attended__teachers=teacher)
    if reason == "failed":
        qs = qs.filter(state=S.FAILED)
    elif reason:
        qs = qs.filter(hold_categories__contains=[reason])
    return list(
        qs.select_related("pupil", "message", "session", "claimed_by")
        .order_by("-severity", "created_at")[:limit]
    )


def review_queue_count(*, teacher: User) -> int:
    return Reply.objects.filter(
        state__in=QUEUE_STATES, school_id=teacher.school_id,
        pupil_id__in=taught_pupil_ids(teacher),
    ).count()


def review_item(*, teacher: User, reply_id: int) -> Reply:
    """Return a reply this teacher may review, or 404."""
    reply = (
        Reply.objects.filter(
            pk=reply_id, school_id=teacher.school_id, pupil_id__in=taught_pupil_ids(teacher)
        )
        .select_related("pupil", "message", "session", "claimed_by", "decided_by", "school")
        .first()
    )
    if reply is None:
        raise Http404("No such reply.")
    return reply


@dataclass(frozen=True)
class ContextTurn:
    pupil_text: str
    reply_text: str | None
    reply_state: str


def review_context(*, reply: Reply, turns: int = 4) -> list[ContextTurn]:
    """The last few turns before the held reply, for the reviewer."""
    earlier = list(
        Message.objects.filter(session_id=reply.session_id, created_at__lt=reply.message.created_at)
        .select_related("reply")
        .order_by("-created_at", "-id")[:turns]
    )
    return [
        ContextTurn(
            pupil_text=m.text,
            reply_text=getattr(m, "reply", None) and m.reply.released_text,
            reply_state=getattr(m, "reply", None) and m.reply.state,
        )
        for m in reversed(earlier)
    ]


def waited_minutes(reply: Reply) -> int:
    return int((timezone.now() - reply.created_at).total_seconds() // 60)
