"""The Celery application.

Tasks go to two queues (settings `CELERY_TASK_ROUTES`): `generation` (replies and their
screening) and `housekeeping` (sweeper, re-notification, retention). docker-compose.yml runs a
worker for each; `make run` runs one worker on both.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutorconsole.settings.dev")

app = Celery("tutorconsole")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
