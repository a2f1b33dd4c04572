"""Retention, subject access, erasure and the data protection page."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from safeguarding.models import Concern
from tutorconsole.audit import audit_verify
from tutorconsole.models import AuditEvent, PupilProfile, User
from tutorconsole.services import pupil_erase, pupil_subject_access_export, retention_apply
from tutoring.models import Message, TutorSession

from ..conftest import login
from ..security.helpers import held_reply, school_admin, teacher_concern

TODAY = date(2026, 6, 1)


def _left(pupil, on: date) -> None:
    PupilProfile.objects.filter(user=pupil).update(left_school_on=on)


@pytest.mark.django_db
def test_retention_deletes_old_leavers_chats_and_anonymises_them(world_a):
    held_reply(world_a)
    _left(world_a.pupil, date(2024, 1, 1))
    report = retention_apply(today=TODAY)
    assert report.pupils_chats_deleted == 1 and report.accounts_anonymised == 1
    assert not TutorSession.objects.filter(pupil=world_a.pupil).exists()
    pupil = User.objects.get(pk=world_a.pupil.pk)
    assert pupil.username == f"anonymised-{pupil.pk}" and not pupil.first_name
    assert not pupil.is_active and not pupil.has_usable_password()
    event = AuditEvent.objects.get(action="retention.pupil_applied")
    assert event.data["pupil_id"] == pupil.pk and event.data["anonymised"] is True
    assert not audit_verify()


@pytest.mark.django_db
def test_retention_keeps_a_recent_leavers_chats(world_a):
    held_reply(world_a)
    _left(world_a.pupil, TODAY - timedelta(days=30))
    assert retention_apply(today=TODAY).pupils_chats_deleted == 0
    assert TutorSession.objects.filter(pupil=world_a.pupil).exists()


@pytest.mark.django_db
def test_retention_never_touches_a_pupil_under_a_safeguarding_hold(world_a):
    reply = held_reply(world_a)
    teacher_concern(world_a, reply)  # open
    _left(world_a.pupil, date(2020, 1, 1))
    report = retention_apply(today=timezone.localdate())
    assert report.held_pupils_skipped == 1 and report.pupils_chats_deleted == 0
    assert TutorSession.objects.filter(pupil=world_a.pupil).exists()
    assert User.objects.get(pk=world_a.pupil.pk).anonymised_at is None
    assert AuditEvent.objects.get(action="retention.held_skipped").data["pupil_ids"] == [
        world_a.pupil.pk]


@pytest.mark.django_db
def test_retention_runs_twice_without_doing_anything_twice(world_a):
    held_reply(world_a)
    _left(world_a.pupil, date(2024, 1, 1))
    retention_apply(today=TODAY)
    second = retention_apply(today=TODAY)
    assert second.pupils_chats_deleted == 0 and second.accounts_anonymised == 0
    assert AuditEvent.objects.filter(action="retention.pupil_applied").count() == 1


@pytest.mark.django_db
def test_old_closed_safeguarding_records_are_reported_for_review_not_deleted(world_a):
    reply = held_reply(world_a)
    concern = teacher_concern(world_a, reply)
    long_ago = timezone.now().replace(year=timezone.now().year - 30)
    Concern.objects.filter(pk=concern.pk).update(status="closed", closed_at=long_ago,
                                                 opened_at=long_ago)
    assert retention_apply().concerns_due_for_review == 1
    assert Concern.objects.filter(pk=concern.pk).exists()
    event = AuditEvent.objects.get(action="retention.safeguarding_review_due")
    assert event.data["concern_ids"] == [concern.pk]


def test_retention_is_scheduled_nightly_and_the_pattern_check_regularly():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "tutorconsole.tasks.apply_retention" in tasks
    assert "safeguarding.tasks.detect_wellbeing_patterns" in tasks


@pytest.mark.django_db
def test_the_retention_task_calls_the_service(world_a):
    from tutorconsole.tasks import apply_retention

    apply_retention.run()


@pytest.mark.django_db
def test_a_subject_access_export_holds_the_pupils_words_and_is_audited(world_a):
    reply = held_reply(world_a, text="how do I factorise x^2 + 5x + 6")
    export = pupil_subject_access_export(pupil=world_a.pupil, by=school_admin(world_a))
    text = json.dumps(export)
    assert "factorise" in text and world_a.pupil.last_name in text
    assert reply.draft_text not in text, "a held draft the pupil never saw is not their data"
    assert AuditEvent.objects.filter(action="pupil.subject_access_exported",
                                     target_id=str(world_a.pupil.pk)).exists()


@pytest.mark.django_db
def test_only_the_dsl_sees_safeguarding_details_in_an_export(world_a):
    reply = held_reply(world_a)
    teacher_concern(world_a, reply)
    by_admin = pupil_subject_access_export(pupil=world_a.pupil, by=school_admin(world_a))
    assert by_admin["safeguarding"] == {"note": by_admin["safeguarding"]["note"], "count": 1}
    by_dsl = pupil_subject_access_export(pupil=world_a.pupil, by=world_a.dsl)
    assert by_dsl["safeguarding"]["concerns"][0]["words"] == reply.message.text


@pytest.mark.django_db
def test_the_export_pages_give_json_and_a_printable_page(world_a):
    held_reply(world_a, text="ratio question")
    client = login(school_admin(world_a))
    as_json = client.get(reverse("pupil_export", args=[world_a.pupil.pk, "json"]))
    assert as_json["Content-Type"].startswith("application/json")
    assert json.loads(as_json.content)["pupil"]["id"] == world_a.pupil.pk
    page = client.get(reverse("pupil_export", args=[world_a.pupil.pk, "html"]))
    assert b"ratio question" in page.content


@pytest.mark.django_db
def test_erasure_removes_chats_and_identity_and_says_what_was_kept(world_a):
    reply = held_reply(world_a)
    concern = teacher_concern(world_a, reply)
    old = timezone.now() - timedelta(days=31 * (settings.SAFEGUARDING_HOLD_MONTHS + 2))
    Concern.objects.filter(pk=concern.pk).update(status="closed", closed_at=old, opened_at=old)
    report = pupil_erase(pupil=world_a.pupil, by=school_admin(world_a), reason="Parent asked")
    assert not report.safeguarding_hold
    assert report.erased["sessions"] == 1
    assert not Message.objects.filter(pupil=world_a.pupil).exists()
    assert Concern.objects.filter(pk=concern.pk).exists()
    assert any("safeguarding record" in item for item in report.kept)
    assert User.objects.get(pk=world_a.pupil.pk).last_name == ""
    event = AuditEvent.objects.get(action="pupil.erased")
    assert event.data["reason"] == "Parent asked"


@pytest.mark.django_db
def test_erasure_under_a_safeguarding_hold_erases_nothing_and_records_why(world_a):
    reply = held_reply(world_a)
    teacher_concern(world_a, reply)
    client = login(school_admin(world_a))
    page = client.post(reverse("pupil_erase", args=[world_a.pupil.pk]), {"reason": "Request"})
    assert b"safeguarding hold" in page.content
    assert Message.objects.filter(pupil=world_a.pupil).exists()
    event = AuditEvent.objects.get(action="pupil.erasure_deferred")
    assert event.data["safeguarding_hold"] is True and event.data["reason"] == "Request"


@pytest.mark.django_db
def test_erasure_needs_a_reason(world_a):
    with pytest.raises(ValueError):
        pupil_erase(pupil=world_a.pupil, by=world_a.dsl, reason=" ")


@pytest.mark.django_db
def test_the_data_protection_page_reflects_the_real_configuration(world_a, settings):
    settings.ANTHROPIC_API_KEY = ""
    settings.TUTOR_PROVIDER = "offline"
    world_a.school.chat_retention_months = 18
    world_a.school.save()
    page = login(world_a.teacher).get(reverse("data_protection")).content.decode()
    assert "18 months after the pupil leaves" in page
    assert "Anthropic" not in page
    assert "no pupil text leaves it" in page


@pytest.mark.django_db
def test_the_data_protection_page_names_anthropic_and_redaction_when_a_key_is_set(
    world_a, settings
):
    settings.ANTHROPIC_API_KEY = "sk-test-not-real"
    settings.TUTOR_PROVIDER = "anthropic"
    settings.ANTHROPIC_MODEL = "claude-test-model"
    page = login(world_a.dsl).get(reverse("data_protection")).content.decode()
    assert "Anthropic PBC" in page and "claude-test-model" in page
    assert "postcode" in page and "[name]" in page
