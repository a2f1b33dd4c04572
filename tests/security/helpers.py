"""Objects the security and data protection tests share."""

from __future__ import annotations

from safeguarding.services import concern_open
from tutoring.models import Message, Reply, TutorSession
from tutoring.states import ReplyState

from ..factories import UserFactory


def held_reply(world, text: str = "what is x if 2x = 10") -> Reply:
    session = TutorSession.objects.create(
        pupil=world.pupil, school=world.school, subject="maths",
        topic_code="maths.algebra.linear-equations", topic_title="Solving linear equations",
    )
    message = Message.objects.create(session=session, school=world.school, pupil=world.pupil,
                                     text=text, screen_action="allow")
    return Reply.objects.create(
        message=message, session=session, school=world.school, pupil=world.pupil,
        state=ReplyState.HELD, draft_text="Try dividing both sides by 2.",
        hold_categories=["low_confidence"],
    )


def teacher_concern(world, reply: Reply):
    return concern_open(
        school=world.school, pupil_id=world.pupil.pk, message=reply.message,
        categories=["raised_by_teacher"], urgency=2, words=reply.message.text, conversation=[],
        source="teacher", by=world.teacher,
    )


def school_admin(world):
    return UserFactory(role="school_admin", school=world.school,
                       username=f"{world.teacher.username}_admin")


def trust_admin(world):
    return UserFactory(role="trust_admin", school=None, trust=world.school.trust,
                       username=f"{world.teacher.username}_trust")
