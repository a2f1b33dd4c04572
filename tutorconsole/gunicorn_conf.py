"""gunicorn for Tutor Console: ASGI (uvicorn) workers, so long polls cost no thread.

Run: gunicorn -c tutorconsole/gunicorn_conf.py tutorconsole.asgi:application

Each worker runs Django in a pool of WEB_THREADS threads (`tutorconsole/serving.py`); only the
waiting of `updates/?wait=1` happens on the event loop. One worker per core and one more:
a worker runs Python on one core at a time (the GIL), and while its threads wait for
PostgreSQL the spare worker uses the core. On 2 cores, 3 workers kept p95 lower than 2 or 4
(docs/performance.md). GUNICORN_WORKERS overrides.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "uvicorn_worker.UvicornWorker"
# A long poll lasts STATUS_LONG_POLL_SECONDS (20 s): keep the request timeout well above it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 75
# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
