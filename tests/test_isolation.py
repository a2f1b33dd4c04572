"""Pupils never see held text; nobody sees another school's data."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from safeguarding.services import concern_open
from tutoring.models import Message, Reply, TutorSession
from tutoring.states import ReplyState

from .conftest import login

HELD_DRAFT = "SECRET-DRAFT-7f3a: the full worked answer is x = 5"


def _held_reply(world) -> Reply:
    session = TutorSession.objects.create(
        pupil=world.pupil, school=world.school, subject="maths",
        topic_code="maths.algebra.linear-equations", topic_title="Solving linear equations",
    )
    message = Message.objects.create(session=session, school=world.school, pupil=world.pupil,
                                     text="what is x if 2x = 10", screen_action="allow")
    return Reply.objects.create(
        message=message, session=session, school=world.school, pupil=world.pupil,
        state=ReplyState.HELD, draft_text=HELD_DRAFT, hold_categories=["answer_handover"],
    )


def _all_urls(ids: dict[str, int]) -> list[str]:
    """Every URL the app serves, with each numeric argument filled by every id we know."""
    urls: list[str] = []

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if route.startswith("admin/") or "<path:" in route:
                    continue
                names = re.findall(r"<(?:(\w+):)?(\w+)>", route)
                if not names:
                    urls.append("/" + route.lstrip("^").rstrip("$"))
                    continue
                for value in ids.values():
                    url = route
                    for conv, name in names:
                        fill = "html" if conv == "str" else str(value)
                        url = re.sub(rf"<(?:\w+:)?{name}>", fill, url, count=1)
                    urls.append("/" + url)

    walk(get_resolver().url_patterns)
    return sorted(set(urls))


@pytest.mark.django_db
def test_a_pupil_cannot_obtain_held_text_through_any_url(world_a):
    reply = _held_reply(world_a)
    concern = concern_open(
        school=world_a.school, pupil_id=world_a.pupil.pk, message=reply.message,
        categories=["test"], urgency=2, words="x", conversation=[], source="teacher",
        by=world_a.teacher,
    )
    ids = {"session": reply.session_id, "reply": reply.pk, "message": reply.message_id,
           "concern": concern.pk}
    client = login(world_a.pupil)
    urls = _all_urls(ids)
    assert any("/tutor/sessions/" in u for u in urls)
    for url in urls:
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            for query in ("", "?v=-1", "?format=json"):
                response = client.get(url + query, **headers)
                body = b"".join(response) if response.streaming else response.content
                assert HELD_DRAFT.encode() not in body, f"held text leaked at {url}{query}"
                assert b"SECRET-DRAFT" not in body, f"held text leaked at {url}{query}"
            response = client.post(url, {}, **headers)
            assert b"SECRET-DRAFT" not in response.content, f"held text leaked on POST {url}"


@pytest.mark.django_db
def test_a_pupil_and_a_teacher_of_another_school_cannot_see_each_others_data(world_a, world_b):
    reply_a = _held_reply(world_a)
    reply_b = _held_reply(world_b)

    teacher_b = login(world_b.teacher)
    assert teacher_b.get(reverse("review:item", args=[reply_a.pk])).status_code == 404
    assert teacher_b.post(reverse("review:approve", args=[reply_a.pk])).status_code == 404
    queue_b = teacher_b.get(reverse("review:queue")).content.decode()
    assert world_a.pupil.get_full_name() not in queue_b
    assert world_b.pupil.get_full_name() in queue_b

    pupil_a = login(world_a.pupil)
    assert pupil_a.get(reverse("tutoring:session_detail", args=[reply_b.session_id])
                       ).status_code == 404
    assert pupil_a.get(reverse("tutoring:session_updates", args=[reply_b.session_id]) + "?v=-1"
                       ).status_code == 404
    assert pupil_a.post(reverse("tutoring:message_new", args=[reply_b.session_id]),
                        {"text": "hello"}).status_code == 404
    reply_a.refresh_from_db()
    reply_b.refresh_from_db()
    assert reply_a.state == reply_b.state == ReplyState.HELD
    assert Message.objects.filter(session_id=reply_b.session_id).count() == 1


@pytest.mark.django_db
def test_a_dsl_sees_only_their_own_schools_concerns(world_a, world_b):
    reply_a = _held_reply(world_a)
    concern = concern_open(
        school=world_a.school, pupil_id=world_a.pupil.pk, message=reply_a.message,
        categories=["neglect"], urgency=2, words="i dont get fed", conversation=[],
        source="screen", by=None,
    )
    dsl_b = login(world_b.dsl)
    assert dsl_b.get(reverse("safeguarding:concern_detail", args=[concern.pk])).status_code == 404
    assert dsl_b.post(reverse("safeguarding:concern_acknowledge", args=[concern.pk])
                      ).status_code == 404
    assert "i dont get fed" not in dsl_b.get(reverse("safeguarding:concern_list")).content.decode()
    dsl_a = login(world_a.dsl)
    assert dsl_a.get(reverse("safeguarding:concern_detail", args=[concern.pk])).status_code == 200
