"""Rows for review tests, made directly: the tutor and the screen are tested elsewhere."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tutoring.models import Message, Reply, TutorSession
from tutoring.states import ReplyState


def held_reply(pupil, *, draft="Try subtracting 5 from both sides.", categories=("strict_mode",),
               severity=0, spans=(), text="How do I solve 3x + 5 = 20?", state=ReplyState.HELD,
               minutes_ago: int = 0, **fields) -> Reply:
    session = TutorSession.objects.filter(pupil=pupil).first() or TutorSession.objects.create(
        pupil=pupil, school=pupil.school, subject="maths",
        topic_code="maths.algebra.linear-equations", topic_title="Linear equations",
    )
    message = Message.objects.create(session=session, school=pupil.school, pupil=pupil, text=text)
    reply = Reply.objects.create(
        message=message, session=session, school=pupil.school, pupil=pupil, state=state,
        draft_text=draft, hold_categories=list(categories), severity=severity,
        hold_spans=list(spans), **fields,
    )
    if minutes_ago:
        Reply.objects.filter(pk=reply.pk).update(
            created_at=timezone.now() - timedelta(minutes=minutes_ago)
        )
        reply.refresh_from_db()
    return reply
