"""Run the whole console on one machine: the web server, a Celery worker and Celery beat."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start a Celery worker and beat as separate processes, then the web server."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--concurrency", type=int, default=16)

    def handle(self, *args, addrport: str, concurrency: int, **options):
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        for sub in ("broker/queue", "broker/processed", "broker/control", "cache"):
            (settings.VAR_DIR / sub).mkdir(parents=True, exist_ok=True)
        env = os.environ.copy()
        env.setdefault("DJANGO_SETTINGS_MODULE", "tutorconsole.settings.dev")
        celery = [sys.executable, "-m", "celery", "-A", "tutorconsole"]
        children = [
            subprocess.Popen(  # noqa: S603 - fixed arguments
                celery + ["worker", "--pool", "threads", "--concurrency", str(concurrency),
                          "-Q", "generation,housekeeping", "--loglevel", "INFO"],
                env=env,
            ),
            subprocess.Popen(  # noqa: S603
                celery + ["beat", "--loglevel", "INFO",
                          "--schedule", str(settings.VAR_DIR / "celerybeat-schedule")],
                env=env,
            ),
        ]
        self.stdout.write(f"Worker and beat started (pids {[c.pid for c in children]}).")
        self.stdout.write(f"Open http://{addrport}/ and log in with a demo login above.")
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            for child in children:
                child.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
