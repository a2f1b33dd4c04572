"""Celery tasks for safeguarding: thin callers of the services."""

from celery import shared_task

from . import services


@shared_task
def renotify_unacknowledged_concerns() -> int:
    """Re-send urgent concerns nobody has acknowledged in time."""
    return services.concerns_renotify_overdue()


@shared_task
def detect_wellbeing_patterns() -> int:
    """Open concerns for distress, late-night use or refusing to stop, seen over days."""
    from .patterns import pattern_concerns_open

    return len(pattern_concerns_open())
