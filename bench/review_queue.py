"""Review queue page and pupil status update on the large data set, timed request by request.

    .venv/bin/python manage.py seed_large --schools 50 --messages 1000000 --held 100000
        (with DATABASE_URL pointing at the bench_large database, once)
    .venv/bin/python bench/review_queue.py [--requests 200] [--runs 3]

Each request goes through the whole Django stack (middleware, sessions in the cache, the view,
the template) with django.test.Client in this one process: one request at a time, no concurrent
load. Teachers are spread over the 50 schools; pupils poll their own sessions, unchanged (204
from the cache) and changed (the conversation rendered). Results: bench/results/review_queue.json.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = base_env(DATABASE_URL=LARGE_DATABASE_URL, REDIS_URL="redis://127.0.0.1:6379/12",
                   CACHE_KEY_PREFIX="bench-large")
    django_setup(env)
    from django.conf import settings
    from django.urls import reverse

    from tutorconsole.models import User
    from tutoring.models import Message, Reply, TutorSession
    from tutoring.status import session_status_bump

    settings.ALLOWED_HOSTS = ["*"]
    sizes = {"messages": Message.objects.count(),
             "held": Reply.objects.filter(state="held").count()}
    teachers = list(User.objects.filter(role=User.Role.TEACHER).order_by("id")[::10][:50])
    sessions = list(TutorSession.objects.order_by("?").select_related("pupil")[:50])
    teacher_clients = [_client_for(t) for t in teachers]
    pupil_clients = []
    for s in sessions:
        session_status_bump(session_id=s.pk)
        pupil_clients.append((_client_for(s.pupil), s))
    queue_url = reverse("review:queue")
    runs = []
    for _ in range(args.runs):
        queue, unchanged, changed = [], [], []
        for i in range(args.requests):
            queue.append(_time(teacher_clients[i % len(teacher_clients)], queue_url, 200))
            client, s = pupil_clients[i % len(pupil_clients)]
            url = reverse("tutoring:session_updates", args=[s.pk])
            unchanged.append(_time(client, f"{url}?v={s.version}", 204))
            changed.append(_time(client, f"{url}?v=0", 200))
        runs.append({
            name: {"p50_ms": round(percentile(v, 50), 1), "p95_ms": round(percentile(v, 95), 1),
                   "p99_ms": round(percentile(v, 99), 1)}
            for name, v in (("review_queue", queue), ("status_unchanged", unchanged),
                            ("status_changed", changed))
        })
        print(f"  run: {runs[-1]}")
    summary = {
        name: {k: statistics.median(r[name][k] for r in runs)
               for k in ("p50_ms", "p95_ms", "p99_ms")}
        for name in runs[0]
    }
    settings_used = {"data": sizes, "teachers": len(teachers), "pupils": len(pupil_clients),
                     "requests_per_run": args.requests, "runs": args.runs,
                     "load": "one request at a time, in-process test client"}
    print(f"machine: {machine()}")
    print(f"settings: {settings_used}")
    for name, figures in summary.items():
        print(f"{name:>18}: p50 {figures['p50_ms']} ms  p95 {figures['p95_ms']} ms  "
              f"p99 {figures['p99_ms']} ms")
    path = write_result("review_queue", {"machine": machine(), "settings": settings_used,
                                         "median_of_runs": summary, "runs": runs})
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
