"""Celery tasks for the whole console: thin callers of the services."""

from celery import shared_task


@shared_task
def apply_retention() -> int:
    """Apply each school's retention policy."""
    from .services import retention_apply

    return retention_apply()
