"""Per-pupil rate limit, per-school daily token budget, and usage records."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from tutoring.models import Message, Reply, SchoolDailyUsage, TutorSession
from tutoring.providers.base import TutorReply
from tutoring.services import (
    TutoringRefused,
    message_post,
    reply_process,
    school_cost_today,
    school_tokens_used_today,
    usage_record,
)

pytestmark = pytest.mark.django_db


def _session(world) -> TutorSession:
    return TutorSession.objects.create(
        pupil=world.pupil, school=world.school, subject="maths",
        topic_code="maths.number.fractions", topic_title="Fractions",
    )


def test_a_pupil_sending_too_fast_gets_a_polite_message_and_nothing_is_stored(world_a, settings):
    settings.TUTOR_MESSAGES_PER_MINUTE = 3
    session = _session(world_a)
    for n in range(3):
        message_post(session=session, pupil=world_a.pupil, text=f"question {n}")
    with pytest.raises(TutoringRefused, match="very quickly"):
        message_post(session=session, pupil=world_a.pupil, text="one more")
    assert Message.objects.filter(session=session).count() == 3
    assert Reply.objects.filter(session=session).count() == 3

    client = login(world_a.pupil)
    response = client.post(reverse("tutoring:message_new", args=[session.pk]),
                           {"text": "and again"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "very quickly" in response.content.decode()
    assert Message.objects.filter(session=session).count() == 3


def test_a_school_over_its_daily_token_budget_gets_a_polite_message(world_a):
    world_a.school.daily_token_budget = 1000
    world_a.school.save()
    usage_record(school_id=world_a.school.pk, input_tokens=900, output_tokens=200,
                 cost=Decimal("0.5"))
    with pytest.raises(TutoringRefused, match="limit for your school today"):
        message_post(session=_session(world_a), pupil=world_a.pupil, text="help with fractions")
    assert not Message.objects.exists()


def test_the_budget_counts_the_usage_in_every_slot_of_the_day(world_a, settings):
    settings.TUTOR_USAGE_SLOTS = 8
    world_a.school.daily_token_budget = 1000
    world_a.school.save()
    for _ in range(60):
        usage_record(school_id=world_a.school.pk, input_tokens=15, output_tokens=5,
                     cost=Decimal("0.01"))
    rows = SchoolDailyUsage.objects.filter(school=world_a.school, day=timezone.localdate())
    assert 1 < rows.count() <= 8  # 60 replies over 8 slots: never all in one
    assert rows.aggregate(n=Sum("replies"))["n"] == 60
    assert school_tokens_used_today(school=world_a.school) == 1200
    assert school_cost_today(school=world_a.school) == Decimal("0.6000")
    with pytest.raises(TutoringRefused, match="limit for your school today"):
        message_post(session=_session(world_a), pupil=world_a.pupil, text="help with fractions")


def test_usage_added_for_one_school_leaves_every_other_school_alone(world_a, world_b, settings):
    settings.TUTOR_USAGE_SLOTS = 1
    for _ in range(2):
        usage_record(school_id=world_b.school.pk, input_tokens=7, output_tokens=3,
                     cost=Decimal("0.0003"))
    for _ in range(3):
        usage_record(school_id=world_a.school.pk, input_tokens=100, output_tokens=50,
                     cost=Decimal("0.0125"))

    assert school_tokens_used_today(school=world_a.school) == 450
    assert school_cost_today(school=world_a.school) == Decimal("0.0375")
    assert school_tokens_used_today(school=world_b.school) == 20
    assert school_cost_today(school=world_b.school) == Decimal("0.0006")
    assert SchoolDailyUsage.objects.get(school=world_a.school).replies == 3


def test_usage_is_recorded_per_reply_and_per_school_per_day(world_a, settings):
    settings.ANTHROPIC_INPUT_PENCE_PER_MTOK = 240.0
    settings.ANTHROPIC_OUTPUT_PENCE_PER_MTOK = 1200.0

    class Provider:
        name = "anthropic"

        def generate(self, request):
            return TutorReply(text="What do you get if you add the numerators?", confidence=0.9,
                              input_tokens=1000, output_tokens=500, model="test-model")

    session = _session(world_a)
    for text in ("what is 1/4 + 1/4", "what is 1/3 + 1/3"):
        message = message_post(session=session, pupil=world_a.pupil, text=text)
        reply_process(message_id=message.pk, provider=Provider())
    replies = Reply.objects.filter(session=session)
    for reply in replies:
        assert (reply.input_tokens, reply.output_tokens) == (1000, 500)
        assert reply.cost_pence == Decimal("0.8400")  # 1000*240/1e6 + 500*1200/1e6
        assert reply.model == "test-model"
    usage = SchoolDailyUsage.objects.filter(school=world_a.school, day=timezone.localdate())
    totals = usage.aggregate(i=Sum("input_tokens"), o=Sum("output_tokens"), n=Sum("replies"),
                             cost=Sum("cost_pence"))
    assert (totals["i"], totals["o"], totals["n"]) == (2000, 1000, 2)
    assert totals["cost"] == Decimal("1.6800")


def test_a_session_past_the_schools_time_limit_suggests_a_break_and_stores_nothing(world_a):
    from datetime import timedelta

    world_a.school.session_minutes = 40
    world_a.school.save()
    session = _session(world_a)
    TutorSession.objects.filter(pk=session.pk).update(
        started_at=timezone.now() - timedelta(minutes=41)
    )
    session.refresh_from_db()
    with pytest.raises(TutoringRefused, match="time for a break"):
        message_post(session=session, pupil=world_a.pupil, text="what is 2 + 2")
    assert not Message.objects.exists()


def test_a_disclosure_is_never_turned_away_by_a_limit(world_a, settings):
    from safeguarding.models import Concern
    from tutoring.states import ReplyState

    settings.TUTOR_MESSAGES_PER_MINUTE = 1
    session = _session(world_a)
    message_post(session=session, pupil=world_a.pupil, text="what is 2 + 2")
    with pytest.raises(TutoringRefused):
        message_post(session=session, pupil=world_a.pupil, text="and 3 + 3?")
    message = message_post(session=session, pupil=world_a.pupil,
                           text="my dad hit me again last night and i'm scared to go home")
    assert Reply.objects.get(message=message).state == ReplyState.SIGNPOSTED
    assert Concern.objects.filter(message=message).exists()
