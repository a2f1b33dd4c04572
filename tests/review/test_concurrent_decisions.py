"""Two teachers deciding one reply at the same moment, on real PostgreSQL connections."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from review import services
from tests.conftest import make_school_world
from tests.factories import TeacherFactory
from tutorconsole.models import AuditEvent
from tutoring.models import Reply, ReplyDraft
from tutoring.states import ReplyState

from .helpers import held_reply

S = ReplyState


def _race(*decisions) -> list[object]:
    """Run each decision in its own thread and connection, released together by a barrier."""
    barrier = threading.Barrier(len(decisions))
    outcomes: list[object] = [None] * len(decisions)

    def run(index, decide):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = decide()
        except Exception as error:  # noqa: BLE001 - the outcome under test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, d)) for i, d in enumerate(decisions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a decision never finished"
    return outcomes


@pytest.fixture
def two_teachers(transactional_db):
    world = make_school_world("race")
    colleague = TeacherFactory(school=world.school, username="race_colleague")
    world.klass.teachers.add(colleague)
    return world, colleague


@pytest.mark.parametrize("attempt", range(5))
def test_of_approve_and_edit_at_once_exactly_one_wins(two_teachers, attempt):
    world, colleague = two_teachers
    reply = held_reply(world.pupil, draft="The original draft.")
    first = Reply.objects.get(pk=reply.pk)
    second = Reply.objects.get(pk=reply.pk)

    outcomes = _race(
        lambda: services.review_approve(reply=first, by=world.teacher),
        lambda: services.review_edit(reply=second, text="The teacher's edit.", by=colleague),
    )

    won = [o for o in outcomes if isinstance(o, Reply)]
    refused = [o for o in outcomes if isinstance(o, services.ReviewRefused)]
    assert len(won) == 1 and len(refused) == 1, outcomes
    assert "Nothing was changed" in str(refused[0])
    reply.refresh_from_db()
    if reply.state == S.APPROVED:
        assert reply.released_text == "The original draft."
        assert reply.decided_by == world.teacher
        assert not ReplyDraft.objects.filter(reply=reply).exists()
    else:
        assert reply.state == S.EDITED
        assert reply.released_text == "The teacher's edit."
        assert reply.decided_by == colleague
    decisions = AuditEvent.objects.filter(
        action__in=["reply.approved", "reply.edited"], target_id=str(reply.pk)
    )
    assert decisions.count() == 1


@pytest.mark.parametrize("attempt", range(5))
def test_of_two_approvals_at_once_exactly_one_wins(two_teachers, attempt):
    world, colleague = two_teachers
    reply = held_reply(world.pupil)
    first = Reply.objects.get(pk=reply.pk)
    second = Reply.objects.get(pk=reply.pk)

    outcomes = _race(
        lambda: services.review_approve(reply=first, by=world.teacher),
        lambda: services.review_approve(reply=second, by=colleague),
    )

    assert sum(isinstance(o, Reply) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, services.ReviewRefused) for o in outcomes) == 1, outcomes
    reply.refresh_from_db()
    assert reply.state == S.APPROVED
    assert AuditEvent.objects.filter(action="reply.approved", target_id=str(reply.pk)).count() == 1
