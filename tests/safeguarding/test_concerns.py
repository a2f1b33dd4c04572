"""DSL case work: notification, re-notification, access, and an append-only chronology."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from safeguarding.models import Concern, ConcernEvent, Notification
from safeguarding.services import (
    concern_acknowledge,
    concern_close,
    concern_open,
    concern_raise_by_teacher,
    concern_record_action,
    concerns_renotify_overdue,
)
from tests.conftest import login
from tests.factories import DslFactory, SchoolFactory
from tutorconsole.services import SchoolNotReady, school_enable_tutoring
from tutoring.models import Message, TutorSession

pytestmark = pytest.mark.django_db


def _message(world, text="can you help me with fractions") -> Message:
    session = TutorSession.objects.create(
        pupil=world.pupil, school=world.school, subject="maths",
        topic_code="maths.number.fractions", topic_title="Fractions",
    )
    return Message.objects.create(session=session, school=world.school, pupil=world.pupil,
                                  text=text)


def _open(world, urgency=3, by=None) -> Concern:
    message = _message(world, "my step dad hurts me when mum is at work")
    return concern_open(
        school=world.school, pupil_id=world.pupil.pk, message=message,
        categories=["physical_abuse"], urgency=urgency, words=message.text,
        conversation=[message.text], source="screen", by=by,
    )


def test_a_school_cannot_turn_tutoring_on_without_a_dsl_with_contact_details():
    school = SchoolFactory(tutoring_enabled=False)
    with pytest.raises(SchoolNotReady, match="Designated Safeguarding Lead"):
        school_enable_tutoring(school=school, by=None)
    DslFactory(school=school, phone="", email="dsl@example.org")
    with pytest.raises(SchoolNotReady, match="email and a phone"):
        school_enable_tutoring(school=school, by=None)
    school.refresh_from_db()
    assert not school.tutoring_enabled
    DslFactory(school=school, phone="0161 496 0000", email="lead@example.org")
    assert school_enable_tutoring(school=school, by=None).tutoring_enabled


def test_opening_a_concern_notifies_the_dsl_and_deputies_at_once_in_app_and_by_email(
    world_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = _open(world_a)
    recipients = set(Notification.objects.filter(concern=concern).values_list("user__username",
                                                                                flat=True))
    assert recipients == {world_a.dsl.username, world_a.deputy.username}
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {world_a.dsl.email, world_a.deputy.email}
    # The email says there is a concern; the pupil's words stay behind the login.
    assert "step dad" not in mail.outbox[0].body
    kinds = list(concern.events.values_list("kind", flat=True))
    assert kinds == [ConcernEvent.Kind.OPENED, ConcernEvent.Kind.NOTIFIED]


def test_an_urgent_concern_not_acknowledged_in_time_is_resent_once_to_dsl_and_deputies(
    world_a, django_capture_on_commit_callbacks
):
    concern = _open(world_a, urgency=3)
    minutes = world_a.school.concern_ack_minutes
    assert concerns_renotify_overdue(now=timezone.now()) == 0
    later = timezone.now() + timedelta(minutes=minutes + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert concerns_renotify_overdue(now=later) == 1
    assert concerns_renotify_overdue(now=later) == 0  # not twice in the same window
    assert Notification.objects.filter(concern=concern, user=world_a.deputy).count() == 2
    assert concern.events.filter(kind=ConcernEvent.Kind.RENOTIFIED).count() == 1
    assert any("Not yet acknowledged" in m.body for m in mail.outbox)

    concern_acknowledge(concern=concern, by=world_a.dsl)
    much_later = later + timedelta(minutes=minutes * 3)
    assert concerns_renotify_overdue(now=much_later) == 0


def test_a_medium_concern_is_not_resent(world_a):
    _open(world_a, urgency=2)
    later = timezone.now() + timedelta(hours=5)
    assert concerns_renotify_overdue(now=later) == 0


def test_the_chronology_records_every_step_in_order(world_a):
    concern = _open(world_a)
    concern_acknowledge(concern=concern, by=world_a.dsl)
    concern_record_action(concern=concern, kind="referred_social_care",
                          note="Called MASH, reference 123", by=world_a.dsl)
    concern_close(concern=concern, outcome="Social care took the case.", by=world_a.dsl)
    kinds = list(concern.events.values_list("kind", flat=True))
    assert kinds == ["opened", "notified", "acknowledged", "referred_social_care", "closed"]
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED
    with pytest.raises(Exception, match="closed"):
        concern_record_action(concern=concern, kind="note", note="late", by=world_a.dsl)


def test_the_database_refuses_to_change_or_delete_a_chronology_entry(world_a):
    concern = _open(world_a)
    event = concern.events.first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ConcernEvent.objects.filter(pk=event.pk).update(note="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM safeguarding_concernevent WHERE id = %s", [event.pk])
    assert ConcernEvent.objects.get(pk=event.pk).note == event.note


def test_a_teacher_sees_only_the_concerns_they_raised(world_a):
    screened = _open(world_a)
    mine = concern_raise_by_teacher(message=_message(world_a), note="Seemed upset in class",
                                    by=world_a.teacher)
    teacher = login(world_a.teacher)
    listing = teacher.get(reverse("safeguarding:concern_list")).content.decode()
    assert f"#{mine.pk}" in listing and f"#{screened.pk}" not in listing
    assert teacher.get(reverse("safeguarding:concern_detail", args=[screened.pk])
                       ).status_code == 404
    assert teacher.get(reverse("safeguarding:concern_detail", args=[mine.pk])).status_code == 200
    # A teacher cannot act on a concern, even their own.
    assert teacher.post(reverse("safeguarding:concern_acknowledge", args=[mine.pk])
                        ).status_code == 403


def test_every_view_of_a_concern_is_recorded_in_its_chronology(world_a):
    concern = _open(world_a)
    dsl = login(world_a.dsl)
    for _ in range(2):
        assert dsl.get(reverse("safeguarding:concern_detail", args=[concern.pk])
                       ).status_code == 200
    views = concern.events.filter(kind=ConcernEvent.Kind.VIEWED)
    assert views.count() == 2 and views.first().actor == world_a.dsl


def test_the_chronology_exports_as_csv_and_printable_html_and_the_export_is_recorded(world_a):
    concern = _open(world_a)
    concern_record_action(concern=concern, kind="note", note="=HYPERLINK(\"x\")", by=world_a.dsl)
    dsl = login(world_a.dsl)
    csv_response = dsl.get(reverse("safeguarding:concern_export", args=[concern.pk, "csv"]))
    body = csv_response.content.decode()
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "when,who,what,note" in body and "'=HYPERLINK" in body
    html = dsl.get(reverse("safeguarding:concern_export", args=[concern.pk, "html"]))
    assert "Chronology" in html.content.decode()
    assert concern.events.filter(kind=ConcernEvent.Kind.EXPORTED).count() == 2


def test_a_teacher_can_raise_a_concern_by_hand_on_any_message_of_their_pupils(world_a, world_b):
    message = _message(world_a, "i dont want to go home tonight")
    teacher = login(world_a.teacher)
    url = reverse("safeguarding:message_raise_concern", args=[message.pk])
    assert teacher.post(url, {"note": ""}).status_code == 302
    assert not Concern.objects.exists()
    assert teacher.post(url, {"note": "Quiet and withdrawn today"}).status_code == 302
    concern = Concern.objects.get()
    assert concern.source == "teacher" and concern.raised_by == world_a.teacher
    assert concern.words == "i dont want to go home tonight"
    assert concern.events.first().note == "Quiet and withdrawn today"
    # A teacher of another school gets nothing, and changes nothing.
    outsider = login(world_b.teacher)
    assert outsider.post(url, {"note": "x"}).status_code == 404
    assert Concern.objects.count() == 1
