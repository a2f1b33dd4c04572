"""What reaches the AI provider: asserted on the exact request body our fake server received."""

from __future__ import annotations

import json

import pytest

from tests.conftest import make_school_world, wait_for
from tutoring.models import Reply, TutorSession
from tutoring.providers.prompts import TUTOR_TOOL_NAME
from tutoring.services import message_post
from tutoring.states import PUPIL_VISIBLE, ReplyState
from tutoring.testing.fake_anthropic import FakeAnthropic

pytestmark = pytest.mark.worker


def test_no_pupil_or_staff_name_or_contact_detail_reaches_the_provider(start_worker):
    world = make_school_world("redact")
    world.pupil.first_name, world.pupil.last_name = "Kacper", "Nowakowski"
    world.pupil.save()
    world.teacher.first_name, world.teacher.last_name = "Amira", "Khanum"
    world.teacher.save()
    session = TutorSession.objects.create(
        pupil=world.pupil, school=world.school, subject="maths",
        topic_code="maths.algebra.linear-equations", topic_title="Solving linear equations",
    )
    text = (
        "Hi I'm Kacper Nowakowski from Redact High School, Miss Khanum said to ask you. "
        "Email me at kacper.n@example.com or text 07700 900123, I live at 12 Acacia Avenue, "
        "M1 1AE, my insta is @kacper_maths. Anyway how do I solve 3x + 5 = 20?"
    )
    with FakeAnthropic().start() as fake:
        start_worker(ANTHROPIC_API_KEY="test-key", ANTHROPIC_BASE_URL=fake.base_url,
                     TUTOR_PROVIDER="anthropic")
        message = message_post(session=session, pupil=world.pupil, text=text)
        wait_for(
            lambda: Reply.objects.filter(
                pk=message.reply.pk, state__in=PUPIL_VISIBLE | {ReplyState.HELD}
            ).exists(),
            timeout=30, message="no reply",
        )
        bodies = [r.body for r in fake.requests]
    tutor_bodies = [b for b in bodies if TUTOR_TOOL_NAME in json.dumps(b.get("tool_choice"))]
    assert len(tutor_bodies) == 1
    sent = json.dumps(tutor_bodies[0])
    for secret in ("Kacper", "Nowakowski", "Khanum", "Redact High School", "kacper.n@example.com",
                   "07700 900123", "12 Acacia Avenue", "M1 1AE", "@kacper_maths",
                   world.pupil.username, world.teacher.username):
        assert secret not in sent, f"{secret!r} was sent to the provider"
    # The maths survives, inside the delimiters that mark it as the pupil's data.
    assert "3x + 5 = 20" in sent
    assert "<pupil_message>" in sent
    # Nothing else sent to the provider (the optional classifier too) carries contact details.
    for body in bodies:
        dumped = json.dumps(body)
        for secret in ("kacper.n@example.com", "07700 900123", "M1 1AE"):
            assert secret not in dumped
