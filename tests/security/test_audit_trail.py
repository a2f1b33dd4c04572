"""The audit trail: append-only in PostgreSQL, tamper-evident, and covering each decision."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from review.services import review_approve, review_edit, review_reject
from tutorconsole.audit import audit_record, audit_verify
from tutorconsole.models import AuditEvent
from tutorconsole.services import pupil_settings_update

from ..conftest import login
from .helpers import held_reply, teacher_concern

TABLE = "tutorconsole_auditevent"


def _events(world, n=3):
    return [audit_record(action=f"test.event{i}", actor=world.teacher, school=world.school,
                         data={"i": i}) for i in range(n)]


def _tamper(sql: str, params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER tutorconsole_auditevent_append_only")
        cursor.execute(sql, params)
        cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER tutorconsole_auditevent_append_only")


@pytest.mark.django_db
def test_postgresql_refuses_to_update_an_audit_event(world_a):
    event = _events(world_a, 1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE tutorconsole_auditevent SET action = 'x' WHERE id = %s",
                           [event.pk])


@pytest.mark.django_db
def test_postgresql_refuses_to_delete_an_audit_event(world_a):
    event = _events(world_a, 1)[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM tutorconsole_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_verify_audit_says_ok_on_an_untouched_trail(world_a, world_b):
    _events(world_a)
    _events(world_b)
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().startswith("OK")


@pytest.mark.django_db
def test_verify_audit_finds_a_changed_event_at_its_id(world_a):
    events = _events(world_a)
    _tamper("UPDATE tutorconsole_auditevent SET data = %s WHERE id = %s",
            ['{"i": 99}', events[1].pk])
    out = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", stdout=out)
    assert failure.value.returncode == 1
    assert f"at event {events[1].pk}: its contents were changed" in out.getvalue()
    assert [b.event_id for b in audit_verify()] == [events[1].pk]


@pytest.mark.django_db
def test_verify_audit_finds_a_deleted_event_at_the_one_after_it(world_a):
    events = _events(world_a)
    _tamper("DELETE FROM tutorconsole_auditevent WHERE id = %s", [events[1].pk])
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=out)
    assert f"chain {world_a.school.pk} at event {events[2].pk}" in out.getvalue()
    assert "removed or inserted" in out.getvalue()


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


@pytest.mark.django_db
def test_each_review_decision_is_audited_with_before_and_after_for_edits(world_a):
    approve = held_reply(world_a)
    review_approve(reply=approve, by=world_a.teacher)
    edit = held_reply(world_a, text="second")
    review_edit(reply=edit, text="Try halving both sides.", by=world_a.teacher)
    reject = held_reply(world_a, text="third")
    review_reject(reply=reject, reason="Gives the answer away", by=world_a.teacher)
    assert {"reply.approved", "reply.edited", "reply.rejected"} <= set(_actions())
    edited = AuditEvent.objects.get(action="reply.edited")
    assert edited.data == {"before": "Try dividing both sides by 2.",
                           "after": "Try halving both sides."}
    assert edited.actor == world_a.teacher


@pytest.mark.django_db
def test_each_step_of_a_concern_is_audited(world_a):
    reply = held_reply(world_a)
    concern = teacher_concern(world_a, reply)
    dsl = login(world_a.dsl)
    dsl.get(reverse("safeguarding:concern_detail", args=[concern.pk]))
    dsl.post(reverse("safeguarding:concern_acknowledge", args=[concern.pk]))
    dsl.post(reverse("safeguarding:concern_action", args=[concern.pk]),
             {"kind": "action", "note": "Spoke to the pupil"})
    dsl.get(reverse("safeguarding:concern_export", args=[concern.pk, "csv"]))
    dsl.post(reverse("safeguarding:concern_close", args=[concern.pk]), {"outcome": "Resolved"})
    actions = _actions()
    for action in ("concern.opened", "concern.viewed", "concern.acknowledged", "concern.action",
                   "concern.exported", "concern.closed"):
        assert action in actions, action
    assert not audit_verify()


@pytest.mark.django_db
def test_a_settings_change_is_audited_with_the_reason(world_a):
    pupil_settings_update(pupil=world_a.pupil, by=world_a.teacher, reason="Exam week",
                          daily_minutes_limit=120)
    event = AuditEvent.objects.get(action="pupil.settings_changed")
    assert event.data["reason"] == "Exam week"
    assert event.data["after"] == {"daily_minutes_limit": 120}


@pytest.mark.django_db
def test_a_teacher_reading_a_transcript_is_audited(world_a):
    reply = held_reply(world_a)
    login(world_a.teacher).get(
        reverse("review:pupil_session", args=[world_a.pupil.pk, reply.session_id])
    )
    assert AuditEvent.objects.filter(action="transcript.viewed", actor=world_a.teacher).exists()


def test_events_appended_at_once_in_one_school_form_one_unbroken_chain(transactional_db):
    """Appends racing on separate connections must each follow the one before, never fork.

    Under READ COMMITTED a statement sees the data as of its own start: reading the chain's
    head in the statement that waits for the chain lock would read a head that is stale by
    the time the lock is granted, and two events would share a predecessor.
    """
    import threading

    from tests.conftest import make_school_world

    world = make_school_world("chainrace")
    writers, rounds = 6, 5
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(index: int) -> None:
        try:
            for round_ in range(rounds):
                barrier.wait(timeout=10)
                with transaction.atomic():
                    audit_record(action="test.race", school=world.school,
                                 data={"writer": index, "round": round_})
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert AuditEvent.objects.filter(school=world.school, action="test.race").count() == 30
    assert audit_verify() == []
    prevs = list(
        AuditEvent.objects.filter(chain=world.school.pk).values_list("prev_hash", flat=True)
    )
    assert len(prevs) == len(set(prevs)), "two events share a predecessor"
