"""Cheap change detection for pupils' pages, kept in the cache rather than the database."""

from __future__ import annotations

from django.core.cache import cache

from .models import TutorSession


def _key(session_id: int) -> str:
    return f"session-status:{session_id}"


def session_status_bump(*, session_id: int) -> int:
    """Record that something the pupil should see changed; return the new version."""
    row = TutorSession.objects.filter(pk=session_id).values_list("pupil_id", "version").first()
    if row is None:
        return 0
    pupil_id, version = row
    cache.set(_key(session_id), (pupil_id, version), timeout=24 * 60 * 60)
    return version


def session_status_version(*, session_id: int, pupil_id: int) -> int | None:
    """Return the last known version of the pupil's own session, or None when not known."""
    value = cache.get(_key(session_id))
    if not value or value[0] != pupil_id:
        return None
    return value[1]
