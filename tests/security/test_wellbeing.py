"""Wellbeing: patterns over days reach the DSL; offloading is reported; daily limits hold."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from safeguarding.models import Concern
from safeguarding.patterns import DISTRESS, LATE_NIGHT, NO_ENDING, pattern_concerns_open
from tutorconsole.offloading import looks_like_pasted_question, offloading_report
from tutorconsole.services import pupil_settings_update
from tutoring.models import Message, TutorSession
from tutoring.services import TutoringRefused, session_start

from .helpers import held_reply


def _say(world, text, when):
    session = TutorSession.objects.filter(pupil=world.pupil).first() or held_reply(world).session
    message = Message.objects.create(session=session, school=world.school, pupil=world.pupil,
                                     text=text, screen_action="allow")
    Message.objects.filter(pk=message.pk).update(created_at=when)
    return message


def _noon(days_ago):
    now = timezone.localtime()
    return now.replace(hour=12, minute=0) - timedelta(days=days_ago)


@pytest.mark.django_db
def test_low_level_distress_over_several_days_opens_one_pattern_concern(world_a):
    for days_ago, text in [(3, "i'm so stressed about this"), (2, "i can't cope with maths"),
                           (1, "nobody cares anyway")]:
        _say(world_a, text, _noon(days_ago))
    opened = pattern_concerns_open()
    assert len(opened) == 1
    concern = Concern.objects.get(pk=opened[0])
    assert concern.source == "pattern" and concern.categories == [DISTRESS]
    assert "i can't cope with maths" in concern.conversation
    assert pattern_concerns_open() == [], "never a duplicate for the same pattern"


@pytest.mark.django_db
def test_the_same_words_on_one_day_only_do_not_open_a_concern(world_a):
    for text in ("i'm so stressed", "i can't cope", "nobody cares"):
        _say(world_a, text, _noon(1))
    assert pattern_concerns_open() == []


@pytest.mark.django_db
def test_late_night_use_on_several_nights_opens_a_concern(world_a, settings):
    settings.WELLBEING_LATE_NIGHT_MESSAGES = 3
    for days_ago in (1, 2, 3):
        late = timezone.localtime().replace(hour=1, minute=30) - timedelta(days=days_ago)
        _say(world_a, "what is a prime number", late)
    opened = pattern_concerns_open()
    assert Concern.objects.get(pk=opened[0]).categories == [LATE_NIGHT]


@pytest.mark.django_db
def test_refusing_to_end_sessions_opens_a_concern(world_a):
    _say(world_a, "please don't make me stop", _noon(2))
    _say(world_a, "i don't want to log off, can we keep talking", _noon(1))
    opened = pattern_concerns_open()
    assert Concern.objects.get(pk=opened[0]).categories == [NO_ENDING]


@pytest.mark.django_db
def test_the_pattern_task_runs_the_check(world_a):
    from safeguarding.tasks import detect_wellbeing_patterns

    assert detect_wellbeing_patterns.run() == 0


@pytest.mark.parametrize("text", [
    "Q1 a) Solve 3x + 5 = 20", "Work out 3/4 of 20. [2 marks]",
    "Question 4 (a) Write down the value of 3^2",
])
def test_pasted_exam_questions_are_recognised(text):
    assert looks_like_pasted_question(text)


@pytest.mark.parametrize("text", ["is x = 3?", "i did question 3 and got 5",
                                  "x=0.07 and a) is that right"])
def test_ordinary_questions_are_not_taken_for_pasted_ones(text):
    assert not looks_like_pasted_question(text)


@pytest.mark.django_db
def test_the_offloading_report_flags_a_pupil_who_keeps_asking_for_the_answer(world_a):
    reply = held_reply(world_a)
    for _ in range(3):
        Message.objects.create(session=reply.session, school=world_a.school, pupil=world_a.pupil,
                               text="just tell me the answer", reveal_request=True)
    rows = {row.pupil.pk: row for row in offloading_report(teacher=world_a.teacher)}
    assert rows[world_a.pupil.pk].flagged and rows[world_a.pupil.pk].longest_reveal_run == 3
    assert not rows[world_a.other_pupil.pk].flagged


@pytest.mark.django_db
def test_the_offloading_report_shows_only_the_teachers_own_pupils(world_a, world_b):
    pupils = {row.pupil.pk for row in offloading_report(teacher=world_b.teacher)}
    assert world_a.pupil.pk not in pupils


@pytest.mark.django_db
def test_the_daily_limit_refuses_a_new_session_until_a_teacher_lifts_it(world_a):
    world_a.school.default_daily_minutes = 30
    world_a.school.save()
    session = held_reply(world_a).session
    TutorSession.objects.filter(pk=session.pk).update(
        started_at=timezone.now() - timedelta(minutes=31), last_activity_at=timezone.now())
    with pytest.raises(TutoringRefused, match="today's tutoring time"):
        session_start(pupil=world_a.pupil, topic_code=session.topic_code)
    pupil_settings_update(pupil=world_a.pupil, by=world_a.teacher,
                          reason="Revision before the mock", daily_minutes_limit=90)
    world_a.pupil.refresh_from_db()
    assert session_start(pupil=world_a.pupil, topic_code=session.topic_code)
