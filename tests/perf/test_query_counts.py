"""Pages that run on every poll or every teacher glance make a fixed number of queries.

Each is measured at two data sizes: the count must not grow with the data.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import login
from tests.factories import PupilFactory
from tutoring.models import Message, Reply, TutorSession
from tutoring.states import ReplyState
from tutoring.status import session_status_bump

pytestmark = pytest.mark.django_db


def _session(pupil) -> TutorSession:
    return TutorSession.objects.create(
        pupil=pupil, school=pupil.school, subject="maths", topic_code="maths.algebra",
        topic_title="Algebra",
    )


def _add_turns(session: TutorSession, count: int, state: str = ReplyState.RELEASED) -> None:
    from django.utils import timezone

    now = timezone.now()
    messages = Message.objects.bulk_create(
        Message(session=session, school=session.school, pupil=session.pupil, text=f"Question {i}")
        for i in range(count)
    )
    visible = state == ReplyState.RELEASED
    Reply.objects.bulk_create(
        Reply(
            message=m, session=session, school=session.school, pupil=session.pupil, state=state,
            draft_text=f"Draft {m.pk}", released_text=f"Answer {m.pk}" if visible else None,
            released_at=now if visible else None,
            hold_categories=[] if visible else ["personal_data"],
            severity=0 if visible else 2,
        )
        for m in messages
    )
    TutorSession.objects.filter(pk=session.pk).update(version=count * 2)
    session.refresh_from_db()


def _count(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, len(captured)


def _fewest(client, url: str) -> tuple[int, int]:
    """The smaller of two measurements: Redis is shared with other test runs on this machine,
    and one that empties it mid-test costs a session load from the database."""
    first, second = _count(client, url), _count(client, url)
    return min(first, second, key=lambda answer: answer[1])


def test_an_unchanged_plain_status_poll_makes_no_queries_of_its_own(world_a):
    session = _session(world_a.pupil)
    _add_turns(session, 3)
    session_status_bump(session_id=session.pk)
    client = login(world_a.pupil)
    url = reverse("tutoring:session_updates", args=[session.pk]) + f"?v={session.version}"
    client.get(url)  # the first request may warm the session cache

    status, queries = _fewest(client, url)

    # The view reads only the cache, and no middleware loads the pupil: nothing reaches the
    # database. The long poll, which is what the page uses, makes none either
    # (tests/perf/test_long_poll.py).
    assert status == 204
    assert queries == 0


def test_an_unchanged_status_poll_stays_off_the_database_after_the_cache_is_lost(world_a):
    from django.core.cache import cache

    session = _session(world_a.pupil)
    client = login(world_a.pupil)
    client.get(reverse("tutoring:session_detail", args=[session.pk]))
    cache.delete(f"session-status:{session.pk}")
    url = reverse("tutoring:session_updates", args=[session.pk]) + f"?v={session.version}"

    first_status, first_queries = _count(client, url)
    second_status, second_queries = _fewest(client, url)

    assert (first_status, second_status) == (204, 204)
    assert first_queries > second_queries
    assert second_queries == 0


def test_a_changed_status_poll_makes_the_same_queries_at_any_size(world_a):
    session = _session(world_a.pupil)
    client = login(world_a.pupil)
    url = reverse("tutoring:session_updates", args=[session.pk]) + "?v=0"
    counts = []
    for size in (5, 300):
        _add_turns(session, size)
        session_status_bump(session_id=session.pk)
        client.get(url)
        status, queries = _count(client, url)
        assert status == 200
        counts.append(queries)

    assert counts[0] == counts[1], counts
    # The pupil (the sign-in check), their tutoring session, its messages with their replies.
    assert counts[0] == 3


def test_the_review_queue_makes_the_same_queries_at_any_size(world_a):
    pupils = [world_a.pupil, world_a.other_pupil]
    for i in range(3):
        extra = PupilFactory(school=world_a.school, username=f"queue_pupil_{i}")
        world_a.klass.pupils.add(extra)
        pupils.append(extra)
    client = login(world_a.teacher)
    url = reverse("review:queue")
    counts = []
    for size in (2, 60):
        # Held replies spread over several pupils and sessions of the teacher's class.
        for pupil in pupils:
            _add_turns(_session(pupil), size, state=ReplyState.HELD)
        client.get(url)
        status, queries = _count(client, url)
        assert status == 200
        counts.append(queries)

    assert counts[0] == counts[1], counts
    # The rows, the school's target, the low-risk count, the classes, the staff notification
    # badge: five of the page's own.
    assert counts[0] == MIDDLEWARE_QUERIES + 5


def test_every_page_of_the_review_queue_and_its_refresh_make_the_same_queries(world_a):
    for pupil in (world_a.pupil, world_a.other_pupil):
        _add_turns(_session(pupil), 40, state=ReplyState.HELD)
    client = login(world_a.teacher)
    first = client.get(reverse("review:queue"))
    next_query = re.search(r'href="\?([^"]+)" rel="next"', first.content.decode()).group(1)
    urls = {
        "first page": (reverse("review:queue"), {}),
        "next page": (reverse("review:queue") + "?" + next_query.replace("&amp;", "&"), {}),
        "htmx refresh": (reverse("review:queue"),
                         {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "queue-items"}),
        "filtered": (reverse("review:queue") + "?reason=personal_data", {}),
    }
    counts = {}
    for name, (url, headers) in urls.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, **headers)
        assert response.status_code == 200, name
        counts[name] = len(captured)

    # The refresh renders the rows alone: it skips the classes of the page around them.
    assert counts["htmx refresh"] == counts["first page"] - 1, counts
    assert counts["next page"] == counts["filtered"] == counts["first page"], counts


def test_the_review_queue_shows_nothing_to_an_outsider(world_a, world_b):
    _add_turns(_session(world_a.pupil), 3, state=ReplyState.HELD)
    client = login(world_b.teacher)

    response = client.get(reverse("review:queue"))

    assert response.status_code == 200
    assert b"Question 0" not in response.content


# Queries every signed-in request makes in middleware (the user, their two-factor devices).
MIDDLEWARE_QUERIES = 2
