"""Production settings pass Django's deploy checks; every page carries a strict CSP; htmx posts
need the CSRF token; posting is rate limited per pupil."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tutoring.models import Message
from tutoring.services import TutoringRefused, message_post

from ..conftest import ROOT, login
from .helpers import held_reply

CHECK = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='tutorconsole.settings.production';"
    "django.setup(); from django.core.management import call_command;"
    "call_command('check', deploy=True, fail_level='WARNING')"
)


# The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for themselves; production never does.
_TEST_ONLY = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_the_production_settings_pass_the_deploy_checks():
    env = {k: v for k, v in os.environ.items() if k not in _TEST_ONLY}
    env.update(SECRET_KEY=secrets.token_urlsafe(64),
               DATABASE_URL="postgres://postgres@127.0.0.1:5432/unused",
               CELERY_BROKER_URL="redis://127.0.0.1:6379/15")
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_production_settings_refuse_a_weak_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in _TEST_ONLY}
    env.update(SECRET_KEY="short", DATABASE_URL="postgres://x@127.0.0.1/x",
               CELERY_BROKER_URL="redis://127.0.0.1:6379/15")
    result = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_every_page_sends_a_policy_that_forbids_inline_script(world_a):
    response = login(world_a.pupil).get(reverse("tutoring:session_list"))
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"


@pytest.mark.django_db
def test_no_template_has_inline_script_or_event_handlers(world_a):
    import re

    pages = [login(world_a.pupil).get(reverse("tutoring:session_list")),
             login(world_a.teacher).get(reverse("review:queue")),
             login(world_a.dsl).get(reverse("safeguarding:concern_list")),
             login(world_a.teacher).get(reverse("data_protection"))]
    for page in pages:
        html = page.content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag, f"inline script: {tag}"
        assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"


@pytest.mark.django_db
def test_an_htmx_post_without_the_csrf_token_is_refused(world_a):
    reply = held_reply(world_a)
    login(world_a.pupil)  # creates the pupil's session rows; the refused client is separate
    client = Client(enforce_csrf_checks=True)
    client.force_login(world_a.pupil)
    session = client.session
    session["role"] = "pupil"
    session.save()
    url = reverse("tutoring:message_new", args=[reply.session_id])
    before = Message.objects.count()
    refused = client.post(url, {"text": "hello"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 403
    assert Message.objects.count() == before


@pytest.mark.django_db
def test_an_htmx_post_with_the_token_from_the_page_header_is_accepted(world_a):
    import re

    reply = held_reply(world_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world_a.pupil)
    page = client.get(reverse("tutoring:session_detail", args=[reply.session_id]))
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page.content.decode())
    assert token, "base.html must set the CSRF token in hx-headers"
    response = client.post(reverse("tutoring:message_new", args=[reply.session_id]),
                           {"text": "is it 5?"}, HTTP_HX_REQUEST="true",
                           HTTP_X_CSRFTOKEN=token.group(1))
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_pupil_posting_too_fast_is_asked_to_wait_and_nothing_is_stored(world_a, settings):
    settings.TUTOR_MESSAGES_PER_MINUTE = 3
    reply = held_reply(world_a)
    session = reply.session
    for n in range(2):  # the held reply's own message already counts
        message_post(session=session, pupil=world_a.pupil, text=f"try {n}")
    before = Message.objects.count()
    with pytest.raises(TutoringRefused, match="very quickly"):
        message_post(session=session, pupil=world_a.pupil, text="one more")
    assert Message.objects.count() == before
    # Another pupil is not slowed by it.
    other = held_reply(type(world_a)(**{**world_a.__dict__, "pupil": world_a.other_pupil}))
    message_post(session=other.session, pupil=world_a.other_pupil, text="my turn")


def test_session_and_csrf_cookies_are_kept_from_scripts_and_other_sites():
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_SAMESITE == "Lax"
