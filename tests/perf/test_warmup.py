"""Serving processes warm up and take their start-up objects out of the collector's sweeps."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, worker_env

# Run in a child process: freezing the test process's own objects would change every later test.
WEB_STARTUP = """
import asyncio, gc, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutorconsole.settings.test")
from tutorconsole.asgi import application

async def main():
    sent = []
    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])
    async def receive():
        return next(messages)
    async def send(message):
        sent.append(message["type"])
    before = gc.get_freeze_count()
    await application({"type": "lifespan", "asgi": {"version": "3.0"}}, receive, send)
    print(before, gc.get_freeze_count(), ",".join(sent))

asyncio.run(main())
"""


def test_the_web_process_freezes_its_start_up_objects_before_it_serves():
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", WEB_STARTUP], cwd=ROOT, env=worker_env(),
        capture_output=True, text=True, timeout=120, check=True,
    )
    before, after, sent = out.stdout.split()
    assert int(before) == 0
    # Django, the URLs, the templates, the screen's rules and weights: far more than the
    # interpreter alone (about 20,000 objects).
    assert int(after) > 50_000, out.stdout
    assert sent == "lifespan.startup.complete,lifespan.shutdown.complete"
    assert "warm-up step" not in out.stderr, out.stderr


WARM_KIND = """
import gc, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tutorconsole.settings.test")
import django
django.setup()
from tutorconsole.warmup import warm_and_freeze
from django.template import engines
warm_and_freeze(sys.argv[1])
engine = engines["django"].engine
def caches(loaders):
    for loader in loaders:
        yield getattr(loader, "get_template_cache", {})
        yield from caches(getattr(loader, "loaders", ()))
cached = sum(len(cache) for cache in caches(engine.template_loaders))
print(gc.get_freeze_count(), cached)
"""


@pytest.mark.parametrize("kind", ["web", "worker"])
def test_warming_loads_what_first_requests_would_and_fails_soft(kind):
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", WARM_KIND, kind], cwd=ROOT, env=worker_env(),
        capture_output=True, text=True, timeout=120, check=True,
    )
    frozen, cached = (int(x) for x in out.stdout.split())
    assert frozen > 50_000
    # Only the web process serves pages, so only it compiles the templates ahead.
    assert (cached > 10) if kind == "web" else (cached == 0), out.stdout
    assert "warm-up step" not in out.stderr, out.stderr


def test_a_real_worker_warms_before_it_takes_tasks(start_worker, tmp_path):
    worker = start_worker(concurrency=2, LOG_LEVEL="INFO")
    deadline = time.monotonic() + 30
    log = ""
    while time.monotonic() < deadline:
        log = worker.log_path.read_text(errors="replace")
        if "worker process warmed" in log:
            break
        time.sleep(0.2)
    assert "worker process warmed" in log, log[-2000:]
    assert "warm-up step" not in log
