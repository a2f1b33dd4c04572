"""The pupil's message on its way to the queue: screened first, stored with its outcome in one
transaction, in a fixed number of queries, and queued before anything else after commit."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safeguarding.models import ScreeningRecord
from tests.conftest import login, purge_queues
from tutoring import services, transitions
from tutoring.models import Message, Reply, TutorSession
from tutoring.services import message_post
from tutoring.states import ReplyState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # These tests store earlier turns from the same pupil within the same minute.
    settings.TUTOR_MESSAGES_PER_MINUTE = 1000


def _session(world) -> TutorSession:
    return TutorSession.objects.create(
        pupil=world.pupil, school=world.school, subject="maths",
        topic_code="maths.algebra.linear-equations", topic_title="Linear equations",
    )


def _add_turns(session: TutorSession, count: int) -> None:
    for n in range(count):
        message = Message.objects.create(session=session, school=session.school,
                                         pupil=session.pupil, text=f"Question {n}")
        Reply.objects.create(message=message, session=session, school=session.school,
                             pupil=session.pupil, state=ReplyState.RELEASED,
                             released_text=f"Answer {n}", released_at=timezone.now())


def test_a_pupil_message_is_screened_stored_and_queued_in_the_same_queries_at_any_size(
    world_a, django_capture_on_commit_callbacks
):
    from safeguarding.services import roster_names

    roster_names(world_a.school.pk)  # a cold roster cache costs two queries, once a while
    counts = []
    for size in (1, 12):
        session = _session(world_a)
        _add_turns(session, size)
        with django_capture_on_commit_callbacks() as callbacks, \
                CaptureQueriesContext(connection) as captured:
            message = message_post(session=session, pupil=world_a.pupil,
                                   text="How do I solve 3x + 5 = 20?")
        statements = [q["sql"] for q in captured.captured_queries]
        counts.append(len(statements))
        # The message is stored with its screening outcome, never updated afterwards.
        assert not [s for s in statements if s.startswith('UPDATE "tutoring_message"')]
        assert len(callbacks) == 2  # queue the reply; tell the page its new version

    stored = Message.objects.get(pk=message.pk)
    assert stored.screen_action == "allow"
    assert "local" in stored.screen_layers
    assert ScreeningRecord.objects.filter(message=message, direction="pupil").count() == 1
    assert counts[0] == counts[1], counts
    # The limits, the earlier turns; then in one transaction (a savepoint inside the test's):
    # the message, its reply placeholder, the session's version and the screening record.
    assert counts[0] == 8, counts


def test_a_screen_that_fails_stores_nothing_and_queues_nothing(
    world_a, django_capture_on_commit_callbacks
):
    session = _session(world_a)

    with mock.patch("safeguarding.services.screen", side_effect=RuntimeError("screen down")), \
            django_capture_on_commit_callbacks() as callbacks, \
            pytest.raises(RuntimeError):
        message_post(session=session, pupil=world_a.pupil, text="How do I solve 3x + 5 = 20?")

    assert not Message.objects.filter(session=session).exists()
    assert not Reply.objects.filter(session=session).exists()
    assert not ScreeningRecord.objects.exists()
    assert callbacks == []
    session.refresh_from_db()
    assert session.version == 0


def test_the_screen_reads_the_earlier_turns_of_the_conversation(world_a):
    from safeguarding.screening.pipeline import screen

    session = _session(world_a)
    _add_turns(session, 8)

    with mock.patch("safeguarding.services.screen", wraps=screen) as spy, \
            mock.patch("tutoring.services.enqueue_reply"):
        message_post(session=session, pupil=world_a.pupil, text="and what about 2x = 8?")

    context = spy.call_args.kwargs["context"]
    # The last six messages, oldest first, each followed by the reply the pupil was shown.
    assert context == [text for n in range(2, 8) for text in (f"Question {n}", f"Answer {n}")]


def test_the_reply_is_queued_before_the_page_is_told_of_the_new_version(
    world_a, django_capture_on_commit_callbacks
):
    from tutorconsole.celery import app

    session = _session(world_a)
    order: list[str] = []
    real_enqueue, real_bump = services.enqueue_reply, transitions.session_status_bump
    purge_queues()
    try:
        with mock.patch.object(services, "enqueue_reply", wraps=lambda **kw: (
                order.append("queued"), real_enqueue(**kw))), \
                mock.patch.object(transitions, "session_status_bump", wraps=lambda **kw: (
                    order.append("page told"), real_bump(**kw))), \
                django_capture_on_commit_callbacks(execute=True):
            message = message_post(session=session, pupil=world_a.pupil,
                                   text="How do I solve 3x + 5 = 20?")
        with app.connection_for_write() as conn:
            waiting = conn.default_channel.client.llen("generation")
    finally:
        purge_queues()

    assert message.pk
    assert order == ["queued", "page told"]
    assert waiting == 1


def test_the_answer_to_a_post_carries_the_sessions_new_version(world_a):
    session = _session(world_a)
    _add_turns(session, 2)
    client = login(world_a.pupil)

    with mock.patch("tutoring.services.enqueue_reply"):
        response = client.post(reverse("tutoring:message_new", args=[session.pk]),
                               {"text": "How do I solve 3x + 5 = 20?"}, HTTP_HX_REQUEST="true")

    session.refresh_from_db()
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'data-version="(\d+)"', html).group(1) == str(session.version)
    assert session.version == 1
    assert "How do I solve 3x + 5 = 20?" in html


def test_a_pupil_cannot_post_into_another_pupils_session(world_a):
    session = _session(world_a)
    client = login(world_a.other_pupil)

    response = client.post(reverse("tutoring:message_new", args=[session.pk]),
                           {"text": "hello"}, HTTP_HX_REQUEST="true")

    assert response.status_code == 404
    assert not Message.objects.filter(session=session).exists()
