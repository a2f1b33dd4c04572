"""Sustained released replies per second: the offline tutor, every reply screened.

    .venv/bin/python bench/throughput.py [--messages 3000] [--workers 2] [--threads 8] [--runs 3]

Messages are stored through `message_post` (the web path: inbound screen, reply placeholder)
with the queue held back, then all their tasks are sent at once to real Celery worker processes
(thread pool) on the local Redis broker. The clock runs from the first task sent until the last
reply is released or held; the rate is messages / seconds. No API key is set, so the tutor is
the offline one and the screen is the local pipeline (rules, lexicon, personal data, policy).
Results: bench/results/throughput.json.
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stack import (  # noqa: E402
    ROOT,
    Stack,
    base_env,
    django_setup,
    ensure_database,
    flush_redis,
    machine,
    make_pupils,
    write_result,
)

# Each message gets its own numbers, as a class's pupils work on different questions, so no
# parsing or solving is shared between pupils; a pupil's own earlier turns are re-read as usual.
QUESTIONS = (
    "How do I solve {a}x + {b} = {c}?",
    "I think x = {s} because {c} - {b} = {cb} and {cb} / {a} = {s}",
    "What should I do first with {a}x - {b} = {c}?",
    "Is the answer to {a}x = {ac} {s}?",
    "I don't understand how to expand {a}(x + {b})",
    "Can you give me a hint for {d}x + {b} = {a}x + {dc}?",
)


def _varied(question: str) -> str:
    """A question with its own coefficients and tag, so no cache answers for free."""
    a = random.randint(2, 12)  # noqa: S311 - benchmark data, not security
    s = random.randint(1, 15)  # noqa: S311
    b = random.randint(1, 40)  # noqa: S311
    d = a + random.randint(1, 6)  # noqa: S311
    c = a * s + b
    text = question.format(a=a, b=b, c=c, s=s, cb=c - b, ac=a * s, d=d, dc=b + (d - a) * s)
    tag = "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
    return f"{text} (ref {tag})"


def post_messages(pupils: list[dict], count: int) -> list[int]:
    """Store `count` messages through the web path; return their ids, nothing queued yet."""
    from tutorconsole.models import User
    from tutoring import services
    from tutoring.models import TutorSession

    sessions = {s.pk: s for s in TutorSession.objects.filter(
        pk__in=[p["session_id"] for p in pupils]).select_related("school", "pupil")}
    users = {u.pk: u for u in User.objects.filter(pk__in=[p["user_id"] for p in pupils])}
    queued: list[int] = []
    with mock.patch.object(services, "enqueue_reply",
                           side_effect=lambda *, message_id, **_: queued.append(message_id)):
        for i in range(count):
            p = pupils[i % len(pupils)]
            services.message_post(session=sessions[p["session_id"]], pupil=users[p["user_id"]],
                                  text=_varied(QUESTIONS[i % len(QUESTIONS)]))
    return queued


def drain(message_ids: list[int], timeout: float) -> tuple[float, dict[str, int]]:
    """Send every task at once; return the seconds until all replies are settled."""
    from django.db.models import Count

    from tutoring.models import Reply
    from tutoring.tasks import process_message

    started = time.monotonic()
    for message_id in message_ids:
        process_message.apply_async(args=[message_id])
    settled_states = ["released", "held", "failed", "signposted"]
    deadline = started + timeout
    while time.monotonic() < deadline:
        done = Reply.objects.filter(message_id__in=message_ids, state__in=settled_states).count()
        if done >= len(message_ids):
            break
        time.sleep(0.2)
    seconds = time.monotonic() - started
    states = dict(
        Reply.objects.filter(message_id__in=message_ids).values_list("state")
        .annotate(n=Count("id")).values_list("state", "n")
    )
    return seconds, states


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--pupils", type=int, default=300)
    parser.add_argument("--schools", type=int, default=1,
                        help="schools the pupils are spread over (each has its own audit chain)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    env = base_env(TUTOR_PROVIDER="offline", ANTHROPIC_API_KEY="", DATABASE_POOL_MAX="12")
    ensure_database(env)
    flush_redis(env)
    settings_used = {
        "tutor": "offline", "screening": "local pipeline on every pupil message and every draft",
        "worker_processes": args.workers, "threads_per_worker": args.threads,
        "messages_per_run": args.messages, "runs": args.runs, "schools": args.schools,
        "pupils": args.pupils,
    }
    print(f"machine: {machine()}")
    print(f"settings: {settings_used}")
    django_setup(env)
    stack = Stack(env, ROOT / "var" / "bench-logs" / "throughput")
    runs = []
    try:
        for _ in range(args.workers):
            stack.worker(concurrency=args.threads, queues="generation")
        warm = post_messages(make_pupils(20, f"tw{secrets.token_hex(3)}"), 100)
        drain(warm, args.timeout)
        for r in range(args.runs):
            pupils = [
                pupil for s in range(args.schools)
                for pupil in make_pupils(args.pupils // args.schools,
                                         f"t{r}s{s}{secrets.token_hex(3)}")
            ]
            t = time.monotonic()
            ids = post_messages(pupils, args.messages)
            post_seconds = time.monotonic() - t
            seconds, states = drain(ids, args.timeout)
            run = {
                "messages": len(ids), "seconds": round(seconds, 2),
                "replies_per_second": round(len(ids) / seconds, 1), "states": states,
                "web_path_posts_per_second_one_process": round(len(ids) / post_seconds, 1),
            }
            runs.append(run)
            print(f"  run {r + 1}: {run}")
    finally:
        stack.stop()
    summary = {
        "replies_per_second": statistics.median(r["replies_per_second"] for r in runs),
        "web_path_posts_per_second_one_process": statistics.median(
            r["web_path_posts_per_second_one_process"] for r in runs),
    }
    print(f"median: {summary['replies_per_second']} released-or-held replies/s; the web path "
          f"stores {summary['web_path_posts_per_second_one_process']} messages/s in one process")
    name = "throughput" if args.schools == 1 else f"throughput_{args.schools}_schools"
    path = write_result(name, {"machine": machine(), "settings": settings_used,
                                        "median": summary, "runs": runs})
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
