"""Celery tasks for safeguarding: thin callers of the services."""

from celery import shared_task

from . import services


@shared_task
def renotify_unacknowledged_concerns() -> int:
    """Re-send urgent concerns nobody has acknowledged in time."""
    return services.concerns_renotify_overdue()
