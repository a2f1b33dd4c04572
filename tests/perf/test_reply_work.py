"""The worker's cost per reply: a fixed number of queries and one transaction with the local
screen, and a failure inside that transaction leaves nothing half done."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.models import ScreeningRecord
from tutorconsole.models import AuditEvent, PupilProfile
from tutoring.models import ReplyDraft, SchoolDailyUsage, TutorSession
from tutoring.providers.base import PupilNeeds
from tutoring.services import message_post, reply_process
from tutoring.states import ReplyState

pytestmark = pytest.mark.django_db


def _message(world, text: str):
    session = TutorSession.objects.create(
        pupil=world.pupil, school=world.school, subject="maths",
        topic_code="maths.algebra.linear-equations", topic_title="Linear equations",
    )
    with mock.patch("tutoring.services.enqueue_reply"):
        return message_post(session=session, pupil=world.pupil, text=text)


def test_a_locally_screened_reply_takes_a_fixed_number_of_queries_in_one_transaction(
    world_a, settings
):
    settings.ANTHROPIC_API_KEY = ""
    settings.TUTOR_USAGE_SLOTS = 1
    # The day's usage row exists after the first reply; measure a reply after it.
    reply_process(message_id=_message(world_a, "How do I solve 3x + 5 = 20?").pk)
    message = _message(world_a, "What should I do first with 2x - 4 = 10?")

    with CaptureQueriesContext(connection) as captured:
        outcome = reply_process(message_id=message.pk)

    statements = [q["sql"].split()[0].upper() for q in captured.captured_queries]
    assert outcome.state == ReplyState.RELEASED
    # Claim, load (with the reveal count), earlier turns; then in one transaction: screening,
    # screening record, draft, release, session version, usage, audit lock and head (two
    # statements in one message: the head is read after the lock is granted, so the chain
    # cannot fork) and event. Inside the test's own transaction the one transaction shows as a
    # single savepoint.
    assert statements.count("SAVEPOINT") == 1
    assert len(captured) == 13, "\n".join(q["sql"][:120] for q in captured.captured_queries)


def test_a_screen_that_crashes_leaves_the_reply_generating_with_nothing_recorded(
    world_a, settings
):
    settings.ANTHROPIC_API_KEY = ""
    message = _message(world_a, "How do I solve 3x + 5 = 20?")
    events = AuditEvent.objects.count()

    with mock.patch("safeguarding.services.screen", side_effect=RuntimeError("screen broke")):
        with pytest.raises(RuntimeError):
            reply_process(message_id=message.pk)

    message.reply.refresh_from_db()
    assert message.reply.state == ReplyState.GENERATING
    assert message.reply.released_text is None
    assert not message.reply.draft_text
    assert not ScreeningRecord.objects.filter(reply=message.reply).exists()
    assert not ReplyDraft.objects.filter(reply=message.reply).exists()
    assert not SchoolDailyUsage.objects.filter(school=world_a.school).exists()
    assert AuditEvent.objects.count() == events


class _Recording:
    """The offline tutor, noting the needs it was given."""

    name = "offline"

    def __init__(self) -> None:
        self.needs = []

    def generate(self, request):
        from tutoring.providers.offline import OfflineTutor

        self.needs.append(request.needs)
        return OfflineTutor().generate(request)


def test_the_tutor_is_given_the_pupils_needs_from_their_profile(world_a, settings):
    settings.ANTHROPIC_API_KEY = ""
    PupilProfile.objects.update_or_create(
        user=world_a.pupil, defaults={"send": True, "eal": True, "home_language": "Polish"}
    )
    message = _message(world_a, "How do I solve 3x + 5 = 20?")
    provider = _Recording()

    reply_process(message_id=message.pk, provider=provider)

    assert provider.needs == [PupilNeeds(send=True, eal=True, home_language="Polish")]


def test_a_pupil_without_a_profile_gets_a_reply_with_no_adaptations(world_a, settings):
    settings.ANTHROPIC_API_KEY = ""
    PupilProfile.objects.filter(user=world_a.pupil).delete()
    message = _message(world_a, "How do I solve 3x + 5 = 20?")
    provider = _Recording()

    assert reply_process(message_id=message.pk, provider=provider).state == ReplyState.RELEASED
    assert provider.needs == [PupilNeeds()]
