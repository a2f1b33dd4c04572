"""The review queue reads the reply table through an index, never a full scan."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from review import selectors
from tests.factories import PupilFactory
from tutoring.models import Message, Reply, TutorSession

pytestmark = pytest.mark.django_db


def _fill(world, *, pupils: int, per_pupil: int, held_every: int) -> None:
    """Many released replies and a few held ones, over many pupils of the teacher's class."""
    now = timezone.now()
    for i in range(pupils):
        pupil = PupilFactory(school=world.school, username=f"index_pupil_{i}")
        world.klass.pupils.add(pupil)
        session = TutorSession.objects.create(
            pupil=pupil, school=world.school, subject="maths", topic_code="maths.algebra",
            topic_title="Algebra",
        )
        messages = Message.objects.bulk_create(
            Message(session=session, school=world.school, pupil=pupil, text=f"Question {n}")
            for n in range(per_pupil)
        )
        Reply.objects.bulk_create(
            Reply(
                message=m, session=session, school=world.school, pupil=pupil,
                state="held" if n % held_every == 0 else "released",
                released_text=None if n % held_every == 0 else "Answer",
                released_at=None if n % held_every == 0 else now,
            )
            for n, m in enumerate(messages)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE tutoring_reply")
        cursor.execute("ANALYZE tutoring_message")


def _plans(call) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        call()
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            if "tutoring_reply" not in query["sql"]:
                continue
            cursor.execute("EXPLAIN " + query["sql"])
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def test_the_review_queue_does_not_scan_the_whole_reply_table(world_a):
    _fill(world_a, pupils=40, per_pupil=250, held_every=50)

    plans = _plans(lambda: selectors.review_queue(teacher=world_a.teacher))

    assert plans
    for plan in plans:
        assert "Seq Scan on tutoring_reply" not in plan, plan


def test_the_review_queue_count_does_not_scan_the_whole_reply_table(world_a):
    _fill(world_a, pupils=40, per_pupil=250, held_every=50)

    plans = _plans(lambda: selectors.review_queue_count(teacher=world_a.teacher))

    assert plans
    for plan in plans:
        assert "Seq Scan on tutoring_reply" not in plan, plan
