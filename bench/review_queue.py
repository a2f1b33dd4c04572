"""Review queue page and pupil status update on the large data set, timed request by request.

    .venv/bin/python manage.py seed_large --schools 50 --messages 1000000 --held 100000
        (with DATABASE_URL pointing at the bench_large database, once)
    .venv/bin/python bench/review_queue.py [--requests 200] [--runs 3]

One request at a time, no concurrent load, in this one process, two ways: through the Django
stack with django.test.Client (middleware, sessions in the cache, the view, the template), and
through the web app as gunicorn runs it (`tutorconsole.asgi.application`: the long-poll layer,
the thread that runs Django, pooled database connections), called directly with no HTTP.
Teachers are spread over the 50 schools; pupils poll their own sessions, unchanged (204 from
the cache) and changed (the conversation rendered). Each figure is wall time; `cpu_ms` is the
process's CPU time per request. Results: bench/results/review_queue.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import ROOT, base_env, django_setup, machine, percentile, write_result  # noqa: E402

LARGE_DATABASE_URL = os.environ.get(
    "BENCH_LARGE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_large"
)


def _client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["role"] = user.role
    session["_last_seen"] = int(time.time())
    session.save()
    return client


def _time(client, url: str, expect: int) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != expect:
        raise RuntimeError(f"{url} answered {response.status_code}, expected {expect}")
    return elapsed


def _measure(requests: int, send) -> dict:
    """Time `requests` rounds of the three requests; `send(kind_index, i)` sends one."""
    timings: dict[str, list[float]] = {name: [] for name in NAMES}
    cpu: dict[str, float] = dict.fromkeys(NAMES, 0.0)
    for i in range(requests):
        for n, name in enumerate(NAMES):
            cpu_started, started = time.process_time(), time.perf_counter()
            send(n, i)
            timings[name].append((time.perf_counter() - started) * 1000)
            cpu[name] += (time.process_time() - cpu_started) * 1000
    return {
        name: {"p50_ms": round(percentile(v, 50), 1), "p95_ms": round(percentile(v, 95), 1),
               "p99_ms": round(percentile(v, 99), 1),
               "cpu_ms": round(cpu[name] / len(v), 2)}
        for name, v in timings.items()
    }


NAMES = ("review_queue", "status_unchanged", "status_changed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = base_env(DATABASE_URL=LARGE_DATABASE_URL, REDIS_URL="redis://127.0.0.1:6379/12",
                   CACHE_KEY_PREFIX="bench-large")
    django_setup(env)
    import asyncio

    from django.conf import settings
    from django.urls import reverse

    # Pooled connections, as the web app runs (django_setup leaves them off for scripts).
    settings.DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2, "max_size": 20, "timeout": 10}
    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0
    from bench.stack import signed_in_cookie
    from tutorconsole.asgi import application
    from tutorconsole.models import User
    from tutoring.models import Message, Reply, TutorSession
    from tutoring.status import session_status_bump
    from tutoring.testing.asgi import asgi_get

    settings.ALLOWED_HOSTS = ["*"]
    sizes = {"messages": Message.objects.count(),
             "held": Reply.objects.filter(state="held").count()}
    teachers = list(User.objects.filter(role=User.Role.TEACHER).order_by("id")[::10][:50])
    sessions = list(TutorSession.objects.order_by("?").select_related("pupil")[:50])
    queue_url = reverse("review:queue")
    clients, cookies, urls = [], [], []
    for teacher, s in zip(teachers, sessions, strict=True):
        session_status_bump(session_id=s.pk)
        update = reverse("tutoring:session_updates", args=[s.pk])
        clients.append((_client_for(teacher), _client_for(s.pupil)))
        cookies.append((signed_in_cookie(teacher), signed_in_cookie(s.pupil)))
        urls.append((queue_url, f"{update}?v={s.version}", f"{update}?v=0&wait=1"))
    expect = (200, 204, 200)

    def by_client(n: int, i: int) -> None:
        client = clients[i % len(clients)][min(n, 1)]
        _time(client, urls[i % len(urls)][n], expect[n])

    loop = asyncio.new_event_loop()

    def by_asgi(n: int, i: int) -> None:
        url = urls[i % len(urls)][n]
        path, _, query = url.partition("?")
        status, _ = loop.run_until_complete(asgi_get(
            application, path, query, cookies[i % len(cookies)][min(n, 1)], host="127.0.0.1"))
        if status != expect[n]:
            raise RuntimeError(f"{url} answered {status}, expected {expect[n]}")

    results = {}
    for way, send in (("test_client", by_client), ("asgi_app", by_asgi)):
        _measure(10, send)  # warm up
        runs = [_measure(args.requests, send) for _ in range(args.runs)]
        results[way] = {
            "median_of_runs": {
                name: {k: statistics.median(r[name][k] for r in runs)
                       for k in ("p50_ms", "p95_ms", "p99_ms", "cpu_ms")}
                for name in NAMES
            },
            "runs": runs,
        }
    settings_used = {"data": sizes, "teachers": len(teachers), "pupils": len(sessions),
                     "requests_per_run": args.requests, "runs": args.runs,
                     "load": "one request at a time, in this process, no HTTP",
                     "load_average": [round(x, 2) for x in os.getloadavg()]}
    print(f"machine: {machine()}")
    print(f"settings: {settings_used}")
    for way, result in results.items():
        for name, f in result["median_of_runs"].items():
            print(f"{way:>11} {name:>17}: p50 {f['p50_ms']} ms  p95 {f['p95_ms']} ms  "
                  f"p99 {f['p99_ms']} ms  cpu {f['cpu_ms']} ms")
    path = write_result("review_queue", {"machine": machine(), "settings": settings_used,
                                         **results})
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
