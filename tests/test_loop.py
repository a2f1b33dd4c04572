"""The whole loop over HTTP, with a real Celery worker process on the real Redis broker."""

from __future__ import annotations

import pytest
from django.urls import reverse

from safeguarding.models import Concern
from safeguarding.signposting import SIGNPOSTING_MESSAGE
from tutoring.models import Message, Reply
from tutoring.states import ReplyState

from .conftest import login, make_school_world, wait_for

pytestmark = pytest.mark.worker

HX = {"HTTP_HX_REQUEST": "true"}


def _start_session(client, topic="maths.algebra.linear-equations") -> int:
    response = client.post(reverse("tutoring:session_new"), {"topic": topic})
    assert response.status_code == 302, response.content[:500]
    return int(response["Location"].rstrip("/").split("/")[-1])


def _send(client, session_id: int, text: str):
    response = client.post(
        reverse("tutoring:message_new", args=[session_id]), {"text": text}, **HX
    )
    assert response.status_code == 200
    return response


def _page(client, session_id: int) -> str:
    return client.get(reverse("tutoring:session_detail", args=[session_id])).content.decode()


def test_a_pupil_gets_a_released_reply_and_a_held_one_only_after_a_teacher_edits_it(
    start_worker,
):
    world = make_school_world("loop")
    start_worker()
    pupil = login(world.pupil)

    # 1-2. The pupil starts a session and sends a message from the htmx form.
    session_id = _start_session(pupil)
    response = _send(pupil, session_id, "How do I solve 3x + 5 = 20?")
    assert "Your tutor is thinking" in response.content.decode()

    # 3-4. The worker produces and screens the reply; the page shows it by itself.
    def released():
        r = pupil.get(reverse("tutoring:session_updates", args=[session_id]) + "?v=-1", **HX)
        body = r.content.decode()
        return body if "reply-text" in body else None

    body = wait_for(released, timeout=30, message="the reply was never released")
    reply = Reply.objects.get(message__session_id=session_id)
    assert reply.state == ReplyState.RELEASED
    assert reply.released_text and reply.released_text[:40] in body.replace("&#x27;", "'")

    # 4. A held reply: the school's strict mode holds every reply.
    world.school.strict_mode = True
    world.school.save()
    _send(pupil, session_id, "I got x = 4, is that right?")
    held = wait_for(
        lambda: Reply.objects.filter(
            message__session_id=session_id, state=ReplyState.HELD
        ).first(),
        timeout=30, message="the reply was never held",
    )
    page = _page(pupil, session_id)
    assert "Your teacher is checking this reply" in page
    assert held.draft_text not in page

    # 5. The teacher sees it in the queue with the reason, edits it (sanitised) and approves.
    teacher = login(world.teacher)
    queue = teacher.get(reverse("review:queue")).content.decode()
    assert "strict_mode" in queue
    item = teacher.get(reverse("review:item", args=[held.pk])).content.decode()
    assert "strict_mode" in item
    edited = "Not quite. Try taking 5 from both sides first.<script>alert('x')</script>"
    response = teacher.post(reverse("review:edit", args=[held.pk]), {"text": edited})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.state == ReplyState.EDITED
    assert "<script>" not in held.released_text
    page = _page(pupil, session_id)
    assert "Try taking 5 from both sides first." in page
    assert held.draft_text not in page
    assert "<script>alert" not in page


def test_a_disclosure_reaches_the_dsl_and_the_pupil_gets_signposting_not_an_ai_reply(
    start_worker,
):
    world = make_school_world("disclose")
    start_worker()
    pupil = login(world.pupil)
    session_id = _start_session(pupil)

    _send(pupil, session_id, "can you help with q3? also my dad hit me again last night")

    message = Message.objects.get(session_id=session_id)
    reply = Reply.objects.get(message=message)
    assert reply.state == ReplyState.SIGNPOSTED
    assert reply.draft_text == ""
    page = _page(pupil, session_id)
    assert "Childline" in page and "0800 1111" in page
    assert SIGNPOSTING_MESSAGE.splitlines()[0][:40] in page.replace("&#x27;", "'")

    concern = Concern.objects.get(message=message)
    dsl = login(world.dsl)
    listing = dsl.get(reverse("safeguarding:concern_list")).content.decode()
    assert f"#{concern.pk}" in listing
    detail = dsl.get(reverse("safeguarding:concern_detail", args=[concern.pk])).content.decode()
    assert "my dad hit me again last night" in detail
    assert dsl.post(reverse("safeguarding:concern_acknowledge", args=[concern.pk])).status_code \
        == 302
    concern.refresh_from_db()
    assert concern.status == Concern.Status.ACKNOWLEDGED

    # The worker never produced an AI reply to the disclosure, even after a sweep.
    from tutoring.services import replies_sweep_stuck

    replies_sweep_stuck()
    reply.refresh_from_db()
    assert reply.state == ReplyState.SIGNPOSTED
    assert not reply.drafts.filter(source="provider").exists()
