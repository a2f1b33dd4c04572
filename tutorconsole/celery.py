"""The Celery application.

Tasks go to two queues (settings `CELERY_TASK_ROUTES`): `generation` (replies and their
screening) and `housekeeping` (sweeper, re-notification, retention). docker-compose.yml runs a
worker for each; `make run` runs one worker on both.
"""

import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutorconsole.settings.dev")

app = Celery("tutorconsole")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
@worker_process_init.connect
def _warm_worker(**kwargs) -> None:
    """Warm each process that runs tasks and freeze its start-up objects (tutorconsole.warmup).

    `worker_ready` fires in the worker itself (the thread and solo pools); `worker_process_init`
    in each child of a prefork pool.
    """
    from tutorconsole.warmup import warm_and_freeze

    warm_and_freeze("worker")
