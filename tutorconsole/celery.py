"""The Celery application: one worker pool serves generation, screening and housekeeping."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutorconsole.settings.dev")

app = Celery("tutorconsole")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
