"""gunicorn for Tutor Console: ASGI (uvicorn) workers, so long polls cost no thread.

Run: gunicorn -c tutorconsole/gunicorn_conf.py tutorconsole.asgi:application

Each worker runs Django in a pool of WEB_THREADS threads (`tutorconsole/serving.py`); only the
waiting of `updates/?wait=1` happens on the event loop. One worker per core; GUNICORN_WORKERS
overrides.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "uvicorn_worker.UvicornWorker"
# A long poll lasts STATUS_LONG_POLL_SECONDS (20 s): keep the request timeout well above it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 75
# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
