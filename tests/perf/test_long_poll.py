"""The long poll: parked on the event loop, woken by a publish, silent on the database."""

from __future__ import annotations

import asyncio
import threading
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core.asgi import get_asgi_application
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse

from tests.conftest import login
from tutoring.models import TutorSession
from tutoring.status import long_poll_app, session_status_bump
from tutoring.testing.asgi import asgi_get


def _session(pupil) -> TutorSession:
    return TutorSession.objects.create(
        pupil=pupil, school=pupil.school, subject="maths", topic_code="maths.algebra",
        topic_title="Algebra",
    )


def _get(app, path: str, query: str, cookie: str) -> tuple[int, bytes]:
    """Send one GET through the ASGI app; return the status and body."""
    return asyncio.run(asgi_get(app, path, query, cookie))


@pytest.fixture
def app(settings):
    settings.STATUS_LONG_POLL_SECONDS = 0.6
    return long_poll_app(get_asgi_application())


def _cookie(client) -> str:
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


@pytest.mark.django_db
def test_an_unchanged_long_poll_answers_no_content_without_touching_the_database(world_a, app):
    session = _session(world_a.pupil)
    session_status_bump(session_id=session.pk)
    cookie = _cookie(login(world_a.pupil))
    path = reverse("tutoring:session_updates", args=[session.pk])
    cursors = []
    real_cursor = BaseDatabaseWrapper.cursor

    def counting_cursor(self, *args, **kwargs):
        cursors.append(threading.current_thread().name)
        return real_cursor(self, *args, **kwargs)

    with mock.patch.object(BaseDatabaseWrapper, "cursor", counting_cursor):
        started = time.monotonic()
        status, _ = _get(app, path, f"v={session.version}&wait=1", cookie)
        waited = time.monotonic() - started

    assert status == 204
    assert cursors == []
    assert waited >= 0.5


@pytest.mark.django_db(transaction=True)
def test_a_long_poll_wakes_as_soon_as_the_version_changes(world_a, app):
    session = _session(world_a.pupil)
    session_status_bump(session_id=session.pk)
    cookie = _cookie(login(world_a.pupil))
    path = reverse("tutoring:session_updates", args=[session.pk])

    def bump_soon():
        time.sleep(0.2)
        try:
            TutorSession.objects.filter(pk=session.pk).update(version=session.version + 1)
            session_status_bump(session_id=session.pk)
        finally:
            connection.close()

    settings.STATUS_LONG_POLL_SECONDS = 5
    bumper = threading.Thread(target=bump_soon)
    started = time.monotonic()
    bumper.start()
    status, body = _get(app, path, f"v={session.version}&wait=1", cookie)
    waited = time.monotonic() - started
    bumper.join()

    assert status == 200
    assert b'id="conversation"' in body
    assert waited < 1.5


@pytest.mark.django_db(transaction=True)
def test_a_long_poll_on_another_pupils_session_gets_nothing(world_a, world_b, app):
    session = _session(world_a.pupil)
    session_status_bump(session_id=session.pk)
    cookie = _cookie(login(world_b.pupil))
    path = reverse("tutoring:session_updates", args=[session.pk])

    status, body = _get(app, path, f"v={session.version}&wait=1", cookie)

    assert status == 404
    assert b"conversation" not in body


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_long_poll_is_sent_to_sign_in(world_a, app):
    session = _session(world_a.pupil)
    session_status_bump(session_id=session.pk)
    path = reverse("tutoring:session_updates", args=[session.pk])

    status, _ = _get(app, path, f"v={session.version}&wait=1", "")

    assert status == 302


@pytest.mark.django_db
def test_the_long_poll_reads_the_session_and_version_from_redis_without_a_thread(world_a, app):
    from django.core.cache.backends.base import BaseCache

    session = _session(world_a.pupil)
    session_status_bump(session_id=session.pk)
    cookie = _cookie(login(world_a.pupil))
    path = reverse("tutoring:session_updates", args=[session.pk])

    # cache.aget runs in Django's one thread-sensitive thread per process: it must not be used.
    with mock.patch.object(BaseCache, "aget", side_effect=AssertionError("a thread was used")):
        status, _ = _get(app, path, f"v={session.version}&wait=1", cookie)

    assert status == 204


@pytest.mark.django_db(transaction=True)
def test_a_long_poll_whose_session_left_the_cache_still_knows_the_pupil(world_a, app):
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import cache

    session = _session(world_a.pupil)
    session_status_bump(session_id=session.pk)
    client = login(world_a.pupil)
    cache.delete(KEY_PREFIX + client.session.session_key)
    path = reverse("tutoring:session_updates", args=[session.pk])

    status, _ = _get(app, path, f"v={session.version}&wait=1", _cookie(client))

    assert status == 204
