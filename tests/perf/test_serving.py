"""The web process: Django's WSGI stack run in pooled threads behind the ASGI long-poll layer."""

from __future__ import annotations

import asyncio
import io
import re
import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse

from tests.conftest import login
from tests.factories import PASSWORD
from tutorconsole.serving import ThreadedWSGI, environ
from tutoring.models import TutorSession
from tutoring.status import WAITED_SCOPE_KEY, session_status_bump


def _request(app, method: str, path: str, *, query: str = "", headers=(), body: bytes = b"",
             extra_scope: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    """Send one request through an ASGI app; return the status, headers and body."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": query.encode(), "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
        "headers": [(b"host", b"testserver"), *((k.encode(), v.encode()) for k, v in headers)],
        **(extra_scope or {}),
    }
    sent: list[dict] = []
    parts = [body[:5], body[5:]] if body else [b""]

    async def receive():
        if parts:
            chunk = parts.pop(0)
            return {"type": "http.request", "body": chunk, "more_body": bool(parts)}
        await asyncio.Event().wait()  # the client stays connected

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    answer_headers: dict[str, str] = {}
    for name, value in start["headers"]:
        key = name.decode().lower()
        answer_headers[key] = f"{answer_headers[key]}\n{value.decode()}" if key in answer_headers \
            else value.decode()
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], answer_headers, content


@pytest.fixture
def app():
    from tutorconsole.asgi import application

    return application


def _cookie(client) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _session(pupil) -> TutorSession:
    return TutorSession.objects.create(
        pupil=pupil, school=pupil.school, subject="maths", topic_code="maths.algebra",
        topic_title="Algebra",
    )


@pytest.mark.django_db(transaction=True)
def test_a_teachers_page_is_served_whole_with_the_security_headers(world_a, app):
    status, headers, body = _request(app, "GET", reverse("review:queue"),
                                     headers=[("cookie", _cookie(login(world_a.teacher)))])

    assert status == 200
    assert "<h1>Review queue</h1>" in body.decode()
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"


@pytest.mark.django_db(transaction=True)
def test_a_sign_in_form_post_is_read_checked_for_its_csrf_token_and_signs_in(world_a, app):
    status, headers, body = _request(app, "GET", reverse("login"))
    assert status == 200
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers["set-cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode()).group(1)
    form = f"username={world_a.teacher.username}&password={PASSWORD}"

    def post(data: str):
        return _request(app, "POST", reverse("login"), body=data.encode(), headers=[
            ("cookie", f"csrftoken={csrf_cookie}"),
            ("content-type", "application/x-www-form-urlencoded"),
            ("content-length", str(len(data))),
        ])

    refused, _, _ = post(form)
    signed_in, answer, _ = post(f"{form}&csrfmiddlewaretoken={token}")

    assert refused == 403
    assert signed_in == 302
    assert f"{settings.SESSION_COOKIE_NAME}=" in answer["set-cookie"]


@pytest.mark.django_db(transaction=True)
def test_an_outsider_gets_a_404_for_another_schools_reply_through_the_web_server(
    world_a, world_b, app
):
    from tests.review.helpers import held_reply

    reply = held_reply(world_a.pupil)

    status, _, body = _request(app, "GET", reverse("review:item", args=[reply.pk]),
                               headers=[("cookie", _cookie(login(world_b.teacher)))])

    assert status == 404
    assert reply.draft_text.encode() not in body


@pytest.mark.django_db(transaction=True)
def test_an_unchanged_plain_status_poll_through_the_web_server_touches_no_database(world_a, app):
    session = _session(world_a.pupil)
    session_status_bump(session_id=session.pk)
    cookie = _cookie(login(world_a.pupil))
    path = reverse("tutoring:session_updates", args=[session.pk])
    _request(app, "GET", path, query=f"v={session.version}", headers=[("cookie", cookie)])
    cursors = []
    real_cursor = BaseDatabaseWrapper.cursor

    def counting_cursor(self, *args, **kwargs):
        cursors.append(threading.current_thread().name)
        return real_cursor(self, *args, **kwargs)

    with mock.patch.object(BaseDatabaseWrapper, "cursor", counting_cursor):
        status, _, _ = _request(app, "GET", path, query=f"v={session.version}",
                                headers=[("cookie", cookie)])

    assert status == 204
    assert cursors == []


@pytest.mark.django_db(transaction=True)
def test_a_request_the_long_poll_already_held_is_not_held_again_by_the_view(world_a, settings):
    settings.STATUS_POLL_SECONDS = 5
    session = _session(world_a.pupil)
    session_status_bump(session_id=session.pk)
    cookie = _cookie(login(world_a.pupil))
    app = ThreadedWSGI(get_wsgi_application(), threads=2)

    started = time.monotonic()
    status, _, _ = _request(app, "GET", reverse("tutoring:session_updates", args=[session.pk]),
                            query=f"v={session.version}&wait=1", headers=[("cookie", cookie)],
                            extra_scope={WAITED_SCOPE_KEY: True})

    assert status == 204
    assert time.monotonic() - started < 2


def test_the_environ_carries_the_path_headers_and_body_as_wsgi_expects():
    body = io.BytesIO(b"a=1")
    scope = {
        "type": "http", "method": "POST", "path": "/caf\u00e9/", "root_path": "",
        "query_string": b"x=1&y=%C3%A9", "http_version": "1.1", "scheme": "https",
        "server": ("example.org", 443), "client": ("10.0.0.1", 5555),
        "headers": [(b"content-type", b"application/x-www-form-urlencoded"),
                    (b"accept", b"text/html"), (b"accept", b"*/*"),
                    (b"cookie", b"a=1"), (b"cookie", b"b=2"), (b"x-tutorconsole-fake", b"1")],
        "tutorconsole.long_poll_waited": True, "other.key": True,
    }

    env = environ(scope, body, 3)

    assert env["PATH_INFO"] == "/caf\u00e9/".encode().decode("latin-1")
    assert env["QUERY_STRING"] == "x=1&y=%C3%A9"
    assert env["CONTENT_TYPE"] == "application/x-www-form-urlencoded"
    assert env["CONTENT_LENGTH"] == "3"  # a chunked body, read in full
    assert env["HTTP_ACCEPT"] == "text/html,*/*"
    assert env["HTTP_COOKIE"] == "a=1; b=2"
    assert env["wsgi.url_scheme"] == "https" and env["REMOTE_ADDR"] == "10.0.0.1"
    assert env["wsgi.input"].read() == b"a=1"
    # Only the layers in front may set tutorconsole.* keys; a header becomes HTTP_* instead.
    assert env["tutorconsole.long_poll_waited"] is True
    assert "other.key" not in env and env["HTTP_X_TUTORCONSOLE_FAKE"] == "1"


def test_an_app_that_fails_outside_django_answers_a_plain_server_error():
    def broken(environ, start_response):
        raise RuntimeError("boom")

    status, _, body = _request(ThreadedWSGI(broken, threads=1), "GET", "/")

    assert status == 500
    assert body == b"Server error"
