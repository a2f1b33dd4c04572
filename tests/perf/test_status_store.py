"""The status entry a pupil's page is checked against: newest version wins, no read after
commit, and a failed write leaves no stale entry behind."""

from __future__ import annotations

from unittest import mock

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tutoring import status
from tutoring.models import Message, Reply, TutorSession
from tutoring.states import ReplyState
from tutoring.status import session_status_bump, session_status_version
from tutoring.transitions import transition


def _session(pupil) -> TutorSession:
    return TutorSession.objects.create(
        pupil=pupil, school=pupil.school, subject="maths", topic_code="maths.algebra",
        topic_title="Algebra",
    )


@pytest.mark.django_db
def test_an_older_version_arriving_late_never_replaces_a_newer_one(world_a):
    session = _session(world_a.pupil)
    pupil = world_a.pupil.pk
    listener = redis.Redis.from_url(settings.REDIS_URL).pubsub(ignore_subscribe_messages=True)
    listener.subscribe(f"{status._channel_prefix()}{session.pk}")

    session_status_bump(session_id=session.pk, pupil_id=pupil, version=6)
    session_status_bump(session_id=session.pk, pupil_id=pupil, version=5)  # committed first

    assert session_status_version(session_id=session.pk, pupil_id=pupil) == 6
    heard = []
    for _ in range(20):
        item = listener.get_message(timeout=0.2)
        if item:
            heard.append(item["data"].decode())
        if len(heard) == 2:
            break
    listener.close()
    assert heard == [f"{pupil}:6", f"{pupil}:5"]  # both announced; waiters keep the highest

    session_status_bump(session_id=session.pk, pupil_id=pupil, version=7)
    assert session_status_version(session_id=session.pk, pupil_id=pupil) == 7


@pytest.mark.django_db
def test_a_status_write_that_fails_clears_the_entry_so_the_next_poll_asks_the_database(world_a):
    session = _session(world_a.pupil)
    pupil = world_a.pupil.pk
    session_status_bump(session_id=session.pk, pupil_id=pupil, version=3)

    with mock.patch.object(status, "_store_and_publish",
                           side_effect=redis.ConnectionError("Redis went away")):
        assert session_status_bump(session_id=session.pk, pupil_id=pupil, version=4) == 4

    assert session_status_version(session_id=session.pk, pupil_id=pupil) is None


@pytest.mark.django_db(transaction=True)
def test_a_release_tells_the_page_its_new_version_without_reading_the_session_again(world_a):
    session = _session(world_a.pupil)
    message = Message.objects.create(session=session, school=world_a.school,
                                     pupil=world_a.pupil, text="what is 2x = 6")
    reply = Reply.objects.create(message=message, session=session, school=world_a.school,
                                 pupil=world_a.pupil, state=ReplyState.SCREENING)

    with CaptureQueriesContext(connection) as captured:
        with transaction.atomic():
            assert transition(reply_id=reply.pk, to=ReplyState.RELEASED, session_id=session.pk,
                              released_text="What do you divide both sides by?")

    session.refresh_from_db()
    assert session.version == 1
    assert session_status_version(session_id=session.pk, pupil_id=world_a.pupil.pk) == 1
    # The version came back from the UPDATE; nothing read the session after the commit.
    reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    assert reads == []
