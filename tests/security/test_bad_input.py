"""Bad input over HTTP: a clear message, nothing stored half-way, nothing executed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tutoring.models import Message, Reply
from tutoring.services import TutoringRefused, clean_pupil_text

from ..conftest import login
from .helpers import held_reply


@pytest.fixture
def chat(world_a):
    reply = held_reply(world_a)
    return login(world_a.pupil), reverse("tutoring:message_new", args=[reply.session_id])


def _counts():
    return Message.objects.count(), Reply.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize("text, says", [
    ("x" * 2001 + " ok", "too long"),
    ("   \n\t ", "type a message"),
    ("\u200b\u200b", "type a message"),
    ("a" * 250, "very long word"),
])
def test_refused_messages_say_why_and_store_nothing(chat, text, says):
    client, url = chat
    before = _counts()
    response = client.post(url, {"text": text}, HTTP_HX_REQUEST="true")
    assert says in response.content.decode().lower()
    assert _counts() == before


def test_a_lone_surrogate_is_refused_with_a_clear_message():
    with pytest.raises(TutoringRefused, match="characters we can't read"):
        clean_pupil_text("half \ud800 a character")


@pytest.mark.django_db
def test_invalid_utf8_over_http_never_stores_a_broken_character(chat):
    client, url = chat
    response = client.post(url, data=b"text=half+%ED%A0%80+%FF+a+character",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code in (200, 302, 400)
    for text in Message.objects.values_list("text", flat=True):
        text.encode("utf-8")  # a lone surrogate would raise here


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [
    "<script>alert('x')</script> how do I solve 2x = 6",
    "<img src=x onerror=alert(1)> help with fractions",
    "[click me](javascript:alert(1)) what is a ratio",
    "**bold** <b>ratio</b> `code` ~~strike~~",
])
def test_markup_is_stored_as_text_and_shown_escaped(world_a, chat, payload):
    client, url = chat
    client.post(url, {"text": payload})
    stored = Message.objects.filter(pupil=world_a.pupil).order_by("-id").first()
    assert stored.text == payload
    page = client.get(reverse("tutoring:session_detail", args=[stored.session_id]))
    html = page.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;" in html or "javascript:" in html and "<a href=\"javascript" not in html
