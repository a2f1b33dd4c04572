"""The review console: queue, item, bulk approval, class view, transcripts, pupil settings."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from review import selectors, services
from tests.conftest import login
from tests.factories import PupilFactory, SchoolClassFactory, TeacherFactory
from tutorconsole.models import AuditEvent, PupilProfile
from tutoring.models import Reply
from tutoring.states import ReplyState

from .helpers import held_reply

S = ReplyState


def test_the_queue_lists_the_most_urgent_first_then_the_oldest(world_a):
    old = held_reply(world_a.pupil, minutes_ago=30)
    urgent = held_reply(world_a.pupil, categories=("personal_data",), severity=2, minutes_ago=1)
    new = held_reply(world_a.other_pupil, minutes_ago=5)
    items = selectors.review_queue(teacher=world_a.teacher).items
    assert [r.pk for r in items] == [urgent.pk, old.pk, new.pk]


def test_the_queue_shows_the_wait_against_the_school_target(world_a):
    held_reply(world_a.pupil, minutes_ago=40)
    page = login(world_a.teacher).get(reverse("review:queue")).content.decode()
    assert "40 min" in page
    assert "over the 15 min target" in page
    assert "Keyboard shortcuts" in page


def test_the_queue_filters_by_reason(world_a):
    held_reply(world_a.pupil, categories=("low_confidence",), text="about fractions")
    held_reply(world_a.pupil, categories=("answer_handover",), text="about angles")
    page = login(world_a.teacher).get(reverse("review:queue") + "?reason=answer_handover")
    body = page.content.decode()
    assert "about angles" in body and "about fractions" not in body


def test_the_queue_shows_a_page_at_a_time_and_the_next_page_carries_on_in_order(world_a):
    expected = [held_reply(world_a.pupil, categories=("personal_data",), severity=2,
                           minutes_ago=100 + n).pk for n in range(3)]
    expected += [held_reply(world_a.other_pupil, minutes_ago=90 - n).pk
                 for n in range(selectors.QUEUE_PAGE_SIZE + 2)]
    teacher = login(world_a.teacher)

    first = teacher.get(reverse("review:queue") + "?reason=strict_mode").content.decode()
    next_link = re.search(r'<a href="\?([^"]+)" rel="next">', first)
    second = teacher.get(reverse("review:queue") + "?" + next_link.group(1).replace("&amp;", "&"))
    ids = [int(pk) for page in (first, second.content.decode())
           for pk in re.findall(r'data-reply-id="(\d+)"', page)]

    assert "reason=strict_mode" in next_link.group(1)
    assert ids == expected[3:]  # the filter kept; no row lost or shown twice
    assert len(re.findall(r'data-reply-id=', first)) == selectors.QUEUE_PAGE_SIZE
    assert 'rel="next"' not in second.content.decode()
    assert "Back to the most urgent" in second.content.decode()


def test_the_queue_pages_through_every_row_in_order(world_a):
    expected = [held_reply(world_a.pupil, severity=n % 3, minutes_ago=n % 4).pk
                for n in range(12)]
    order = list(Reply.objects.filter(pk__in=expected)
                 .order_by("-severity", "created_at", "pk").values_list("pk", flat=True))
    seen, after = [], None
    while True:
        page = selectors.review_queue(teacher=world_a.teacher, after=after, limit=5)
        seen += [r.pk for r in page.items]
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == order


def test_a_queue_page_ignores_a_cursor_it_did_not_make(world_a):
    reply = held_reply(world_a.pupil)
    for cursor in ("nonsense", "1-2", "1-99999999999999999999999-3", "a-b-c"):
        page = selectors.review_queue(teacher=world_a.teacher, after=cursor)
        assert [r.pk for r in page.items] == [reply.pk]


def test_the_low_risk_count_agrees_with_the_bulk_approval_list(world_a):
    held_reply(world_a.pupil, categories=("low_confidence",))
    held_reply(world_a.pupil, categories=("strict_mode", "tutor_asked_for_teacher"))
    held_reply(world_a.pupil, categories=("low_confidence", "personal_data"))
    held_reply(world_a.pupil, categories=("low_confidence",), severity=1)
    held_reply(world_a.pupil, categories=())

    count = selectors.low_risk_hold_count(teacher=world_a.teacher)

    assert count == len(selectors.low_risk_holds(teacher=world_a.teacher)) == 2
    assert selectors.low_risk_hold_count(teacher=world_a.teacher, limit=1) == 1
    page = login(world_a.teacher).get(reverse("review:queue")).content.decode()
    assert "Approve low-risk holds together (2)" in page


def test_the_queue_answers_htmx_polling_with_the_items_alone(world_a):
    held_reply(world_a.pupil)
    response = login(world_a.teacher).get(
        reverse("review:queue"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-items"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="queue-items"')
    assert "<html" not in body


def test_the_item_highlights_the_matched_words_in_the_draft(world_a):
    reply = held_reply(
        world_a.pupil, draft="The answer is x = 5, just write that.",
        categories=("answer_handover",), spans=[{"start": 0, "end": 16, "text": "The answer is",
                                                 "category": "answer_handover"}],
    )
    body = login(world_a.teacher).get(reverse("review:item", args=[reply.pk])).content.decode()
    assert '<p class="draft-text"><mark>The answer is</mark> x = 5, just write that.</p>' in body
    assert "Gives the answer away" in body
    assert "<title>Review a reply · Tutor Console</title>" in body


def test_the_item_shows_who_else_is_looking(world_a):
    colleague = TeacherFactory(school=world_a.school, first_name="Sam", last_name="Patel")
    world_a.klass.teachers.add(colleague)
    reply = held_reply(world_a.pupil)
    login(colleague).get(reverse("review:item", args=[reply.pk]))
    body = login(world_a.teacher).get(reverse("review:item", args=[reply.pk])).content.decode()
    assert "Sam Patel is looking at this reply" in body
    queue = login(world_a.teacher).get(reverse("review:queue")).content.decode()
    assert "Sam Patel is looking" in queue


def test_a_second_decision_changes_nothing_and_says_so(world_a):
    reply = held_reply(world_a.pupil)
    teacher = login(world_a.teacher)
    assert teacher.post(reverse("review:approve", args=[reply.pk])).status_code == 302
    response = teacher.post(reverse("review:edit", args=[reply.pk]), {"text": "Other"},
                            follow=True)
    assert "Someone has already dealt with this reply. Nothing was changed." in (
        response.content.decode()
    )
    reply.refresh_from_db()
    assert reply.state == S.APPROVED and reply.released_text == reply.draft_text


# --- Bulk approval ---------------------------------------------------------------------------


def test_bulk_approve_approves_only_low_risk_holds_and_audits_each(world_a):
    low = held_reply(world_a.pupil, categories=("low_confidence",))
    strict = held_reply(world_a.pupil, categories=("strict_mode", "tutor_asked_for_teacher"))
    risky = held_reply(world_a.pupil, categories=("answer_handover",))
    severe = held_reply(world_a.pupil, categories=("low_confidence",), severity=1)
    failed = held_reply(world_a.pupil, categories=(), state=S.FAILED, draft="")

    counts = services.review_bulk_approve(
        reply_ids=[low.pk, strict.pk, risky.pk, severe.pk, failed.pk], by=world_a.teacher
    )

    assert counts == {"approved": 2, "skipped": 3, "refused": 0}
    states = dict(Reply.objects.values_list("pk", "state"))
    assert states[low.pk] == states[strict.pk] == S.APPROVED
    assert states[risky.pk] == states[severe.pk] == S.HELD
    assert AuditEvent.objects.filter(action="reply.approved").count() == 2
    assert AuditEvent.objects.filter(action="reply.bulk_approved").count() == 1


def test_bulk_approve_skips_replies_of_pupils_the_teacher_does_not_teach(world_a, world_b):
    theirs = held_reply(world_b.pupil, categories=("low_confidence",))
    counts = services.review_bulk_approve(reply_ids=[theirs.pk], by=world_a.teacher)
    assert counts == {"approved": 0, "skipped": 1, "refused": 0}
    theirs.refresh_from_db()
    assert theirs.state == S.HELD


def test_bulk_approve_asks_for_confirmation_before_approving(world_a):
    low = held_reply(world_a.pupil, categories=("low_confidence",))
    teacher = login(world_a.teacher)
    page = teacher.get(reverse("review:bulk_approve")).content.decode()
    assert f'value="{low.pk}"' in page and "Yes, approve and send the ticked replies" in page
    low.refresh_from_db()
    assert low.state == S.HELD
    response = teacher.post(reverse("review:bulk_approve"), {"reply": [low.pk]}, follow=True)
    assert "Approved 1 reply." in response.content.decode()
    low.refresh_from_db()
    assert low.state == S.APPROVED


# --- Class view --------------------------------------------------------------------------------


def _decided(pupil, state, minutes, **fields):
    reply = held_reply(pupil, minutes_ago=minutes + 1, **fields)
    now = timezone.now()
    extra = {}
    if state in (S.APPROVED, S.EDITED):
        extra = {"released_text": "Sent", "released_at": now}
    Reply.objects.filter(pk=reply.pk).update(
        state=state, decided_at=reply.created_at + timedelta(minutes=minutes), **extra
    )
    return reply


def test_the_class_figures_are_disaggregated_and_correct(world_a):
    PupilProfile.objects.filter(user=world_a.pupil).update(fsm=True, send=True)
    _decided(world_a.pupil, S.APPROVED, 4)
    _decided(world_a.pupil, S.EDITED, 10)
    _decided(world_a.other_pupil, S.REJECTED, 6)
    released = held_reply(world_a.other_pupil, categories=())
    Reply.objects.filter(pk=released.pk).update(
        state=S.RELEASED, released_text="ok", released_at=timezone.now()
    )
    held_reply(world_a.other_pupil)  # still waiting: held, not decided

    overview = selectors.class_overview(teacher=world_a.teacher, class_id=world_a.klass.pk)
    figures = {f.key: f for f in overview.figures}
    everyone = figures["all"]
    assert (everyone.replies, everyone.held, everyone.decided) == (5, 4, 3)
    assert everyone.approved == 1 and everyone.edited == 1
    assert everyone.hold_rate == pytest.approx(0.8)
    assert everyone.approve_rate == pytest.approx(1 / 3)
    assert everyone.median_review_minutes == pytest.approx(6, abs=0.1)
    fsm = figures["fsm"]
    assert (fsm.replies, fsm.approved, fsm.edited) == (2, 1, 1)
    assert fsm.median_review_minutes == pytest.approx(7, abs=0.1)
    assert figures["not_fsm"].replies == 3
    assert figures["eal"].replies == 0 and figures["eal"].hold_rate is None


def test_the_class_view_uses_a_fixed_number_of_queries(world_a, django_assert_max_num_queries):
    for _ in range(3):
        pupil = PupilFactory(school=world_a.school)
        world_a.klass.pupils.add(pupil)
        held_reply(pupil, pupil_stuck=True, topics=["maths.algebra.linear-equations"])
    with django_assert_max_num_queries(5):
        selectors.class_overview(teacher=world_a.teacher, class_id=world_a.klass.pk)


def test_the_class_view_shows_stuck_topics_and_pupils_needing_attention(world_a):
    held_reply(world_a.pupil, pupil_stuck=True, topics=["maths.algebra.linear-equations"])
    body = login(world_a.teacher).get(
        reverse("review:class_detail", args=[world_a.klass.pk])
    ).content.decode()
    assert "Linear equations" in body
    assert "stuck 1 time" in body and "1 reply waiting for a teacher" in body
    assert "<svg" in body and "Hold rate" in body


def test_the_class_view_is_only_for_the_class_teachers(world_a, world_b):
    url = reverse("review:class_detail", args=[world_a.klass.pk])
    assert login(world_b.teacher).get(url).status_code == 404
    other_class = SchoolClassFactory(school=world_a.school)
    assert login(world_a.teacher).get(
        reverse("review:class_detail", args=[other_class.pk])
    ).status_code == 404
    assert login(world_a.pupil).get(url).status_code == 403
    assert login(world_a.dsl).get(url).status_code == 403
    assert login(world_a.teacher).get(url).status_code == 200


def test_the_figures_export_is_a_csv_and_is_audited(world_a):
    _decided(world_a.pupil, S.APPROVED, 3)
    response = login(world_a.teacher).get(
        reverse("review:class_figures_csv", args=[world_a.klass.pk])
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["group"] == "All pupils" and rows[0]["approved_as_is"] == "1"
    assert AuditEvent.objects.filter(action="export.class_figures",
                                     actor=world_a.teacher).count() == 1


# --- Transcripts --------------------------------------------------------------------------------


def test_a_teacher_reads_a_transcript_with_unseen_drafts_marked(world_a):
    reply = held_reply(world_a.pupil, draft="Secret draft the pupil never saw")
    url = reverse("review:pupil_session", args=[world_a.pupil.pk, reply.session_id])
    body = login(world_a.teacher).get(url).content.decode()
    assert "Draft: not shown to the pupil" in body
    assert "Secret draft the pupil never saw" in body
    assert AuditEvent.objects.filter(action="transcript.viewed").count() == 1


def test_a_teacher_cannot_read_the_transcript_of_a_pupil_they_do_not_teach(world_a, world_b):
    reply = held_reply(world_b.pupil)
    url = reverse("review:pupil_session", args=[world_b.pupil.pk, reply.session_id])
    assert login(world_a.teacher).get(url).status_code == 404
    untaught = PupilFactory(school=world_a.school)
    mine = held_reply(world_a.pupil)
    wrong_pair = reverse("review:pupil_session", args=[untaught.pk, mine.session_id])
    assert login(world_a.teacher).get(wrong_pair).status_code == 404


# --- Pupil settings --------------------------------------------------------------------------


def test_a_teacher_changes_a_pupils_adaptations_with_a_reason(world_a):
    url = reverse("review:pupil_settings", args=[world_a.pupil.pk])
    response = login(world_a.teacher).post(url, {
        "eal": "on", "home_language": "Polish", "daily_minutes_limit": "30",
        "reason": "Agreed with the SENCo",
    })
    assert response.status_code == 302
    profile = PupilProfile.objects.get(user=world_a.pupil)
    assert (profile.eal, profile.home_language, profile.daily_minutes_limit) == (True, "Polish", 30)
    event = AuditEvent.objects.get(action="pupil.settings_changed")
    assert event.data["reason"] == "Agreed with the SENCo"


def test_a_settings_change_needs_a_reason(world_a):
    url = reverse("review:pupil_settings", args=[world_a.pupil.pk])
    response = login(world_a.teacher).post(url, {"eal": "on", "reason": ""})
    assert response.status_code == 400
    assert not PupilProfile.objects.get(user=world_a.pupil).eal


def test_only_the_pupils_own_teachers_may_change_their_settings(world_a, world_b):
    url = reverse("review:pupil_settings", args=[world_a.pupil.pk])
    assert login(world_b.teacher).get(url).status_code == 404
    assert login(world_b.teacher).post(url, {"eal": "on", "reason": "x"}).status_code == 404
    stranger = TeacherFactory(school=world_a.school)
    assert login(stranger).get(url).status_code == 404
    assert login(world_a.pupil).get(url).status_code == 403
    assert not PupilProfile.objects.get(user=world_a.pupil).eal


def test_anonymous_visitors_are_sent_to_log_in(world_a, client):
    for url in (reverse("review:queue"), reverse("review:bulk_approve"),
                reverse("review:class_detail", args=[world_a.klass.pk]),
                reverse("review:pupil_settings", args=[world_a.pupil.pk])):
        assert client.get(url).status_code == 302
