"""Overhead ratio: how much longer than the model itself a pupil waits for a reply.

    .venv/bin/python bench/overhead.py [--latency 1.5] [--levels 10,100,500] [--runs 3]
                                       [--classifier off|on]

Pupils post messages through the real web app (gunicorn with uvicorn workers), a real Celery
worker (thread pool) generates through the Anthropic provider against the fake Messages API,
which answers after a fixed latency L. Every reply is screened by the local screen, and with
`--classifier on` by the optional classifier too (another model call of latency L). The client
learns of the reply exactly as the pupil's page does: it long-polls `updates/?v=N&wait=1` as
soon as the conversation element loads and, after a 204, again at once if the page's
`every Ns` trigger fired meanwhile, otherwise at the next tick. Per message: (time from the
POST until the released reply is in the page) / L. Each level prints the median of its runs'
percentiles and the percentiles of all its runs' replies pooled. Results:
bench/results/overhead.json.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import re
import secrets
import statistics
import sys
import time
from pathlib import Path

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
    percentile,
    write_result,
)

TURN = re.compile(r'id="turn-(\d+)"')
VERSION = re.compile(r'data-version="(\d+)"')
# Model calls in series on one reply's path: the tutor alone; with the classifier on, its look at
# the pupil's message overlaps generation and its look at the draft follows it.
MODEL_CALLS_IN_SERIES = {"off": 1, "on": 2}
QUESTIONS = (
    "How do I solve 3x + 5 = 20?", "I think x = 5 because 20 - 5 = 15 and 15 / 3 = 5",
    "What should I do first with 2x - 4 = 10?", "Is the answer to 4x = 12 three?",
)


async def one_pupil(http, base: str, pupil: dict, *, latency: float, messages: int,
                    poll_seconds: float, deadline: float, out: dict) -> None:
    csrf = secrets.token_hex(16)
    headers = {"Cookie": f"{pupil['cookie']}; csrftoken={csrf}", "X-CSRFToken": csrf,
               "HX-Request": "true", "Referer": base + "/"}
    sid = pupil["session_id"]
    await asyncio.sleep(random.uniform(0, 2.0))  # noqa: S311 - pupils do not all start at once
    for n in range(messages):
        if time.monotonic() > deadline:
            return
        started = time.monotonic()
        async with http.post(f"{base}/tutor/sessions/{sid}/messages/", headers=headers,
                             data={"text": QUESTIONS[n % len(QUESTIONS)]}) as response:
            html = await response.text()
            if response.status != 200:
                out["errors"].append(f"POST {response.status}")
                return
        turns = TURN.findall(html)
        if not turns:
            out["errors"].append("no turn in POST answer")
            return
        message_id = turns[-1]
        marker = f'data-reply-for="{message_id}"'
        loaded = time.monotonic()  # the conversation element was just swapped in
        visible = marker in html
        while not visible:
            if time.monotonic() - started > 60:
                out["not_visible"] += 1
                break
            version = VERSION.search(html).group(1)
            asked = time.monotonic()
            async with http.get(f"{base}/tutor/sessions/{sid}/updates/?v={version}&wait=1",
                                headers=headers) as response:
                body = await response.text()
                status = response.status
            now = time.monotonic()
            if status == 200:
                html, loaded = body, now  # swapped: the new element's load trigger fires at once
                visible = marker in html
                out["polls_200"] += 1
            elif status == 204:
                out["polls_204"] += 1
                # htmx queues the `every` tick that fired during the request and sends it as soon
                # as the request ends; without one, the next request waits for the next tick.
                if math.floor((now - loaded) / poll_seconds) == math.floor(
                    (asked - loaded) / poll_seconds
                ):
                    ticks = math.floor((now - loaded) / poll_seconds) + 1
                    next_tick = loaded + ticks * poll_seconds
                    await asyncio.sleep(max(0.0, next_tick - now))
            else:
                out["errors"].append(f"GET {status}")
                await asyncio.sleep(poll_seconds)
        if visible:
            out["ratios"].append((time.monotonic() - started) / latency)
        await asyncio.sleep(random.uniform(1.0, 3.0))  # noqa: S311 - the pupil reads and thinks


async def run_level(base: str, pupils: list[dict], *, latency: float, messages: int,
                    poll_seconds: float, time_limit: float) -> dict:
    import aiohttp

    out = {"ratios": [], "errors": [], "not_visible": 0, "polls_200": 0, "polls_204": 0}
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=90)
    deadline = time.monotonic() + time_limit
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     cookie_jar=aiohttp.DummyCookieJar()) as http:
        started = time.monotonic()
        await asyncio.wait_for(
            asyncio.gather(*(
                one_pupil(http, base, p, latency=latency, messages=messages,
                          poll_seconds=poll_seconds, deadline=deadline, out=out)
                for p in pupils
            )),
            timeout=time_limit + 90,
        )
        out["seconds"] = time.monotonic() - started
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--latency", type=float, default=1.5)
    parser.add_argument("--levels", default="10,100,500")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--messages", default="10:5,100:4,500:2",
                        help="messages per pupil at each level")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--worker-threads", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1,
                        help="Celery worker processes, each with --worker-threads threads")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per run")
    parser.add_argument("--classifier", choices=("off", "on"), default="off",
                        help="the optional safeguarding classifier layer (a model call too)")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    per_level = dict(tuple(int(v) for v in item.split(":")) for item in args.messages.split(","))
    poll_seconds = 2.0

    env = base_env(
        TUTOR_PROVIDER="anthropic", ANTHROPIC_API_KEY="bench-fake-key",
        STATUS_POLL_SECONDS=str(poll_seconds), DATABASE_POOL_MAX="10",
        SAFEGUARDING_CLASSIFIER_ENABLED="true" if args.classifier == "on" else "false",
    )
    calls = MODEL_CALLS_IN_SERIES[args.classifier]
    ensure_database(env)
    flush_redis(env)
    settings_used = {
        "latency_seconds": args.latency, "web": f"gunicorn, {args.web_workers} uvicorn workers",
        "worker": f"{args.workers} x celery --pool threads --concurrency {args.worker_threads}",
        "poll_seconds": poll_seconds, "long_poll": "updates/?v=N&wait=1 (Redis pub/sub)",
        "database_pool_max_per_process": {"web": 10, "worker": 40},
        "screening": "on (reply screen on every draft)", "runs_per_level": args.runs,
        "think_seconds": "uniform 1-3 between a reply and the next message",
        "classifier": args.classifier,
        "model_calls_in_series_per_reply": calls,
        "ratio": "p50/p95/p99 = time to visible / L; path_* = time to visible / (calls x L)",
    }
    print(f"machine: {machine()}")
    print(f"settings: {settings_used}")
    results = {"machine": machine(), "settings": settings_used, "levels": {}}
    stack = Stack(env, ROOT / "var" / "bench-logs" / "overhead")
    try:
        fake = stack.fake_anthropic(args.latency)
        env["ANTHROPIC_BASE_URL"] = fake
        stack.env = env
        base = stack.web(workers=args.web_workers)
        stack.env = dict(env, DATABASE_POOL_MAX="40")
        for _ in range(args.workers):
            stack.worker(concurrency=args.worker_threads, queues="generation")
        django_setup(env)
        # Warm the worker's threads and clients (first model client, first connections): a cold
        # start is not what a pupil meets in a lesson.
        warm = make_pupils(20, f"warm{secrets.token_hex(3)}")
        asyncio.run(run_level(base, warm, latency=args.latency, messages=2,
                              poll_seconds=poll_seconds, time_limit=args.time_limit))
        for level in levels:
            runs = []
            pooled: list[float] = []
            for r in range(args.runs):
                pupils = make_pupils(level, f"o{level}r{r}{secrets.token_hex(3)}")
                out = asyncio.run(run_level(base, pupils, latency=args.latency,
                                            messages=per_level.get(level, 2),
                                            poll_seconds=poll_seconds,
                                            time_limit=args.time_limit))
                ratios = out["ratios"]
                pooled.extend(ratios)
                path = [x / calls for x in ratios]
                run = {
                    "replies": len(ratios), "not_visible": out["not_visible"],
                    "errors": len(out["errors"]), "error_samples": out["errors"][:5],
                    "p50": percentile(ratios, 50), "p95": percentile(ratios, 95),
                    "p99": percentile(ratios, 99),
                    "path_p50": percentile(path, 50), "path_p95": percentile(path, 95),
                    "path_p99": percentile(path, 99), "seconds": round(out["seconds"], 1),
                    "polls_200": out["polls_200"], "polls_204": out["polls_204"],
                }
                runs.append(run)
                print(f"  {level:>4} pupils run {r + 1}: {run}")
            summary = {k: round(statistics.median(x[k] for x in runs), 3)
                       for k in ("p50", "p95", "p99", "path_p50", "path_p95", "path_p99")}
            for p in (50, 95, 99):
                summary[f"pooled_p{p}"] = round(percentile(pooled, p), 3)
            summary["replies"] = sum(x["replies"] for x in runs)
            summary["not_visible"] = sum(x["not_visible"] for x in runs)
            summary["errors"] = sum(x["errors"] for x in runs)
            results["levels"][str(level)] = {"median_of_runs": summary, "runs": runs}
            print(f"{level:>4} pupils: p50 {summary['p50']:.3f}  p95 {summary['p95']:.3f}  "
                  f"p99 {summary['p99']:.3f} (median of runs) | all runs' replies pooled: "
                  f"p50 {summary['pooled_p50']:.3f}  p95 {summary['pooled_p95']:.3f}  "
                  f"p99 {summary['pooled_p99']:.3f} | per model call on the path: "
                  f"p50 {summary['path_p50']:.3f}  p95 {summary['path_p95']:.3f}  "
                  f"p99 {summary['path_p99']:.3f}  ({summary['replies']} replies, "
                  f"{summary['not_visible']} not visible, {summary['errors']} errors)")
    finally:
        stack.stop()
    path = write_result("overhead", results)
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
