"""The queue answers every pupil message exactly once, whatever goes wrong.

These tests run real Celery worker processes against the real Redis broker and PostgreSQL, and
the real Anthropic SDK against our fake Messages API on 127.0.0.1.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import login, make_school_world, wait_for
from tutoring.models import Message, Reply, ReplyDraft, TutorSession
from tutoring.providers.prompts import TUTOR_TOOL_NAME
from tutoring.services import message_post, replies_sweep_stuck
from tutoring.states import PUPIL_VISIBLE, ReplyState
from tutoring.testing.fake_anthropic import FakeAnthropic

pytestmark = pytest.mark.worker

FAST_RETRIES = {
    "TUTOR_RETRY_BASE_SECONDS": "0.2",
    "TUTOR_RETRY_MAX_SECONDS": "1",
    "TUTOR_MAX_ATTEMPTS": "3",
    "ANTHROPIC_TIMEOUT": "2",
}


@pytest.fixture
def fake():
    with FakeAnthropic().start() as server:
        yield server


def _anthropic_env(fake, **extra) -> dict[str, str]:
    env = {"ANTHROPIC_API_KEY": "test-key", "ANTHROPIC_BASE_URL": fake.base_url,
           "TUTOR_PROVIDER": "anthropic", **FAST_RETRIES}
    env.update(extra)
    return env


def _session(world) -> TutorSession:
    return TutorSession.objects.create(
        pupil=world.pupil, school=world.school, subject="maths",
        topic_code="maths.algebra.linear-equations", topic_title="Solving linear equations",
    )


def _tutor_requests(fake) -> list:
    return [r for r in fake.requests if TUTOR_TOOL_NAME in str(r.body.get("tool_choice"))]


def _wait_state(reply_id: int, states, timeout: float = 30) -> Reply:
    states = {states} if isinstance(states, str) else set(states)
    return wait_for(
        lambda: Reply.objects.filter(pk=reply_id, state__in=states).first(),
        timeout=timeout, message=f"reply {reply_id} never reached {states}",
    )


def test_a_worker_killed_mid_generation_still_yields_exactly_one_reply(start_worker, fake):
    world = make_school_world("kill")
    fake.script({"kind": "slow", "seconds": 30, "tool": TUTOR_TOOL_NAME})
    worker = start_worker(**_anthropic_env(fake, TUTOR_LEASE_SECONDS="3", ANTHROPIC_TIMEOUT="60"))
    message = message_post(session=_session(world), pupil=world.pupil, text="solve 3x + 5 = 20")
    reply = _wait_state(message.reply.pk, ReplyState.GENERATING)
    wait_for(lambda: _tutor_requests(fake), timeout=20, message="the model was never called")

    worker.kill()  # SIGKILL, mid-generation: no clean shutdown, no ack
    start_worker(**_anthropic_env(fake, TUTOR_LEASE_SECONDS="3"))
    time.sleep(3.5)  # the dead worker's lease runs out
    assert replies_sweep_stuck() == [message.pk]

    reply = _wait_state(reply.pk, PUPIL_VISIBLE | {ReplyState.HELD})
    assert Reply.objects.filter(message=message).count() == 1
    assert ReplyDraft.objects.filter(reply=reply, source="provider").count() == 1
    assert reply.attempts == 2
    # A late re-delivery of the original task changes nothing.
    from tutoring.services import enqueue_reply

    enqueue_reply(message_id=message.pk)
    time.sleep(1.5)
    again = Reply.objects.get(pk=reply.pk)
    assert (again.state, again.released_text, again.attempts) == (
        reply.state, reply.released_text, reply.attempts
    )


def _lose_every_queued_task() -> None:
    import redis

    prefix = settings.CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"]
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    assert keys, "the queued tasks should be in Redis before the loss"
    client.delete(*keys)
    client.close()


def test_messages_whose_queued_tasks_were_lost_are_all_answered_once_after_the_sweep(
    start_worker,
):
    world = make_school_world("lost")
    session = _session(world)
    messages = [
        message_post(session=session, pupil=world.pupil, text=f"what is {n} + {n}?")
        for n in range(1, 6)
    ]
    # Redis on this machine keeps nothing on disk, so a restart loses every queued task. Deleting
    # this test run's broker keys does exactly that, without disturbing other users of Redis.
    _lose_every_queued_task()
    start_worker()
    time.sleep(1)
    assert all(
        Reply.objects.get(message=m).state == ReplyState.QUEUED for m in messages
    ), "no task should have survived the flush"

    from datetime import timedelta

    swept = replies_sweep_stuck(older_than=timedelta(seconds=0))
    assert sorted(swept) == sorted(m.pk for m in messages)
    for m in messages:
        _wait_state(m.reply.pk, PUPIL_VISIBLE | {ReplyState.HELD})
    replies = Reply.objects.filter(message__in=messages)
    assert replies.count() == 5
    for reply in replies:
        assert reply.drafts.filter(source="provider").count() == 1


def test_a_duplicate_delivery_of_the_same_task_produces_one_reply(start_worker, fake):
    world = make_school_world("dup")
    fake.set_default({"kind": "reply", "latency": 1.0})
    start_worker(**_anthropic_env(fake))
    message = message_post(session=_session(world), pupil=world.pupil, text="expand 2(x + 3)")
    from tutoring.services import enqueue_reply

    for _ in range(4):
        enqueue_reply(message_id=message.pk)
    reply = _wait_state(message.reply.pk, PUPIL_VISIBLE | {ReplyState.HELD})
    time.sleep(2)
    assert len(_tutor_requests(fake)) == 1
    assert ReplyDraft.objects.filter(reply=reply, source="provider").count() == 1


@pytest.mark.parametrize(
    ("script", "final", "attempts"),
    [
        ([{"kind": "rate_limit", "retry_after": 1}], "visible", 2),
        ([{"kind": "error", "status": 500}], "visible", 2),
        ([{"kind": "overloaded"}], "visible", 2),
        ([{"kind": "hang", "seconds": 5}], "visible", 2),
        ([{"kind": "malformed"}], "visible", 2),
        ([{"kind": "reset"}], "visible", 2),
        ([{"kind": "error", "status": 500}] * 3, ReplyState.FAILED, 3),
        ([{"kind": "error", "status": 400, "type": "invalid_request_error"}], ReplyState.FAILED,
         1),
    ],
    ids=["429-then-ok", "500-then-ok", "529-then-ok", "timeout-then-ok", "malformed-then-ok",
         "reset-then-ok", "500-every-time", "400-not-retried"],
)
def test_each_provider_fault_ends_in_the_right_state(start_worker, fake, script, final, attempts):
    world = make_school_world("fault")
    fake.script(*[{**b, "tool": TUTOR_TOOL_NAME} for b in script])
    start_worker(**_anthropic_env(fake))
    session = _session(world)
    message = message_post(session=session, pupil=world.pupil, text="solve 2x = 10")
    target = (PUPIL_VISIBLE | {ReplyState.HELD}) if final == "visible" else {final}
    reply = _wait_state(message.reply.pk, target, timeout=45)
    assert reply.attempts == attempts
    assert Reply.objects.filter(message=message).count() == 1
    if final == ReplyState.FAILED:
        # The class teacher sees it to answer personally; the pupil sees a calm status.
        teacher = login(world.teacher)
        queue = teacher.get(reverse("review:queue")).content.decode()
        assert f"/review/replies/{reply.pk}/" in queue
        pupil: Client = login(world.pupil)
        page = pupil.get(reverse("tutoring:session_detail", args=[session.pk]))
        assert page.status_code == 200
        assert "Your teacher will reply" in page.content.decode()


def test_one_worker_process_keeps_many_generations_in_flight(start_worker, fake):
    world = make_school_world("parallel")
    fake.set_default({"kind": "reply", "latency": 2.0})
    start_worker(concurrency=16, **_anthropic_env(fake, ANTHROPIC_TIMEOUT="10"))
    session = _session(world)
    pupils = [world.pupil]
    started = time.monotonic()
    messages = []
    for n in range(12):
        pupil = pupils[0]
        messages.append(
            Message.objects.create(session=session, school=world.school, pupil=pupil,
                                   text=f"what is {n} squared?", screen_action="allow")
        )
    from tutoring.models import Reply as R
    from tutoring.services import enqueue_reply

    for m in messages:
        R.objects.create(message=m, session=session, school=world.school, pupil=world.pupil)
        enqueue_reply(message_id=m.pk)
    for m in messages:
        _wait_state(m.reply.pk, PUPIL_VISIBLE | {ReplyState.HELD}, timeout=40)
    elapsed = time.monotonic() - started
    # Twelve 2-second model calls one after another would take 24 s.
    assert elapsed < 16, f"took {elapsed:.1f}s: generations were not concurrent"


def test_the_classifier_looks_at_the_pupil_message_while_the_tutor_writes_and_can_escalate(
    start_worker, fake,
):
    from safeguarding.classifier import CLASSIFIER_TOOL_NAME
    from safeguarding.models import Concern

    world = make_school_world("classify")
    verdict = {"action": "escalate", "categories": ["self_harm"], "severity": 3,
               "reason": "The pupil describes a plan to end their life."}
    fake.script({"kind": "reply", "latency": 1.5, "tool": CLASSIFIER_TOOL_NAME,
                 "input": verdict})
    fake.set_default({"kind": "reply", "latency": 1.5})
    start_worker(**_anthropic_env(fake, ANTHROPIC_TIMEOUT="10"))
    # Words the local screen allows: only the classifier sees the risk here.
    from safeguarding.screening.pipeline import screen

    text = "what's the point of doing this homework anyway"
    assert screen(text, direction="pupil").action == "allow"
    message = message_post(session=_session(world), pupil=world.pupil, text=text)
    reply = _wait_state(message.reply.pk, PUPIL_VISIBLE | {ReplyState.HELD}, timeout=30)
    finished = time.time()
    assert reply.state == ReplyState.SIGNPOSTED
    assert Concern.objects.filter(message=message, categories__contains=["self_harm"]).exists()
    assert not reply.drafts.filter(source="provider").exists()
    # Generation and the classifier overlapped: both calls reached the model server before
    # either (1.5 s each) could have answered, and the reply settled within one call's time of
    # the first. Timed from the server's own records, so a worker's cold start does not count.
    arrivals = sorted(r.received_at for r in fake.requests)
    assert len(arrivals) == 2, arrivals
    assert arrivals[1] - arrivals[0] < 1.0, arrivals
    settled = finished - arrivals[0]
    assert settled < 2.9, f"settled {settled:.1f}s after the first call"


def test_generations_in_flight_are_not_capped_by_the_database_pool(start_worker, fake):
    """A thread gives its pooled connection back while the model thinks."""
    world = make_school_world("pool")
    fake.set_default({"kind": "reply", "latency": 2.0})
    start_worker(concurrency=16, DATABASE_POOL="true", DATABASE_POOL_MIN="1",
                 DATABASE_POOL_MAX="3", **_anthropic_env(fake, ANTHROPIC_TIMEOUT="10"))
    session = _session(world)
    messages = [
        Message.objects.create(session=session, school=world.school, pupil=world.pupil,
                               text=f"what is {n} cubed?", screen_action="allow")
        for n in range(12)
    ]
    from tutoring.services import enqueue_reply

    started = time.monotonic()
    for m in messages:
        Reply.objects.create(message=m, session=session, school=world.school, pupil=world.pupil)
        enqueue_reply(message_id=m.pk)
    for m in messages:
        _wait_state(m.reply.pk, PUPIL_VISIBLE | {ReplyState.HELD}, timeout=40)
    elapsed = time.monotonic() - started
    # Each reply makes two 2 s model calls in a row (the tutor, then the classifier on the draft).
    # Holding a connection through them would allow 3 replies at a time: 16 s for 12.
    assert elapsed < 8, f"took {elapsed:.1f}s: calls in flight were capped by the pool"
