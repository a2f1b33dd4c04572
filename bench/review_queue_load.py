"""Review queue page and pupil status under concurrent load, over HTTP, on the large data set.

    .venv/bin/python manage.py seed_large --schools 50 --messages 1000000 --held 100000
        (with DATABASE_URL pointing at the bench_large database, once)
    .venv/bin/python bench/review_queue_load.py [--levels 10,50] [--seconds 20] [--runs 3]

The real web app (gunicorn with uvicorn workers, `tutorconsole/gunicorn_conf.py`) serves the
bench_large database. N clients at once, each signed in as a teacher or a pupil, send requests
back to back for a fixed time: the review queue page (teachers), and the pupil's status update,
unchanged (204 from the cache) and changed (the conversation rendered). Every request is timed
from send to the last byte. Results: bench/results/review_queue_load.json.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.review_queue import LARGE_DATABASE_URL  # noqa: E402
from bench.stack import (  # noqa: E402
    ROOT,
    Stack,
    base_env,
    django_setup,
    ensure_database,
    machine,
    percentile,
    write_result,
)


def signed_in_cookie(user) -> str:
    """A session cookie for `user`, made directly: signing in would time password hashing."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store["role"] = user.role
    store["_last_seen"] = int(time.time())
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


async def run_level(base: str, targets: list[tuple[str, str, str, int]], clients: int,
                    seconds: float) -> dict[str, list[float]]:
    """`clients` loops, each sending its share of the targets round robin until time is up."""
    import aiohttp

    timings: dict[str, list[float]] = {name: [] for name, *_ in targets}
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    limit = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(base, connector=limit) as http:

        async def loop(offset: int) -> None:
            i = offset
            while time.monotonic() < deadline:
                name, path, cookie, expect = targets[i % len(targets)]
                i += clients
                started = time.perf_counter()
                async with http.get(path, headers={"Cookie": cookie},
                                    allow_redirects=False) as response:
                    await response.read()
                    if response.status != expect:
                        errors.append(f"{path} {response.status}")
                        continue
                timings[name].append((time.perf_counter() - started) * 1000)

        await asyncio.gather(*(loop(n) for n in range(clients)))
    if errors:
        print(f"    {len(errors)} unexpected answers, e.g. {errors[:3]}")
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default="10,50")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--web-workers", type=int, default=2)
    args = parser.parse_args()
    env = base_env(DATABASE_URL=LARGE_DATABASE_URL, REDIS_URL="redis://127.0.0.1:6379/12",
                   CACHE_KEY_PREFIX="bench-large", DATABASE_POOL_MAX="20")
    ensure_database(env)  # applies any newer migrations to the seeded data
    django_setup(env)
    from django.urls import reverse

    from tutorconsole.models import User
    from tutoring.models import Message, Reply, TutorSession
    from tutoring.status import session_status_bump

    sizes = {"messages": Message.objects.count(),
             "held": Reply.objects.filter(state="held").count()}
    teachers = list(User.objects.filter(role=User.Role.TEACHER).order_by("id")[::10][:50])
    sessions = list(TutorSession.objects.order_by("?").select_related("pupil")[:50])
    targets: list[tuple[str, str, str, int]] = []
    for teacher, session in zip(teachers, sessions, strict=False):
        session_status_bump(session_id=session.pk)
        pupil_cookie = signed_in_cookie(session.pupil)
        url = reverse("tutoring:session_updates", args=[session.pk])
        targets += [
            ("review_queue", reverse("review:queue"), signed_in_cookie(teacher), 200),
            ("status_unchanged", f"{url}?v={session.version}", pupil_cookie, 204),
            ("status_changed", f"{url}?v=0", pupil_cookie, 200),
        ]
    levels = [int(x) for x in args.levels.split(",")]
    settings_used = {"data": sizes, "teachers": len(teachers), "pupils": len(sessions),
                     "web": f"gunicorn, {args.web_workers} uvicorn workers",
                     "seconds_per_run": args.seconds, "runs": args.runs,
                     "load": "N clients sending back to back over HTTP on 127.0.0.1"}
    print(f"machine: {machine()}")
    print(f"settings: {settings_used}")
    results: dict = {"machine": machine(), "settings": settings_used, "levels": {}}
    with Stack(env, ROOT / "var" / "bench-logs" / "review_queue_load") as stack:
        base = stack.web(workers=args.web_workers)
        asyncio.run(run_level(base, targets, 5, 3.0))  # warm connections and caches
        for level in levels:
            runs = []
            for _ in range(args.runs):
                timings = asyncio.run(run_level(base, targets, level, args.seconds))
                runs.append({
                    name: {"requests": len(v), "p50_ms": round(percentile(v, 50), 1),
                           "p95_ms": round(percentile(v, 95), 1),
                           "p99_ms": round(percentile(v, 99), 1)}
                    for name, v in timings.items()
                })
            summary = {
                name: {k: statistics.median(r[name][k] for r in runs)
                       for k in ("requests", "p50_ms", "p95_ms", "p99_ms")}
                for name in runs[0]
            }
            results["levels"][level] = {"median_of_runs": summary, "runs": runs}
            for name, figures in summary.items():
                print(f"  {level:>3} clients {name:>17}: {figures['requests']:.0f} requests  "
                      f"p50 {figures['p50_ms']} ms  p95 {figures['p95_ms']} ms  "
                      f"p99 {figures['p99_ms']} ms")
    path = write_result("review_queue_load", results)
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
