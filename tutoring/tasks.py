"""Celery tasks for tutoring: thin callers of the services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def process_message(self, message_id: int) -> str:
    """Produce, screen and release or hold the reply to one pupil message."""
    outcome = services.reply_process(message_id=message_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in, max_retries=settings.TUTOR_MAX_ATTEMPTS + 2)
    return outcome.state


@shared_task
def sweep_stuck_replies() -> int:
    """Re-enqueue replies the queue lost."""
    return len(services.replies_sweep_stuck())
