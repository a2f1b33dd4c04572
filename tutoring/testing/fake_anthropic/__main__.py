"""Run the fake Messages API: python -m tutoring.testing.fake_anthropic --port 8765."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Iterable

from tutoring.testing.fake_anthropic.server import DEFAULT_HANG_SECONDS, FakeAnthropic


def main(argv: Iterable[str] | None = None) -> int:
    """Run the fake server until interrupted."""
    parser = argparse.ArgumentParser(description="Run a fake Anthropic Messages API server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each reply")
    parser.add_argument("--hang-seconds", type=float, default=DEFAULT_HANG_SECONDS)
    parser.add_argument("--script", default="", help="JSON list of behaviours to queue")
    parser.add_argument("--default", default="", help="JSON behaviour once the queue is empty")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(list(argv) if argv is not None else None)

    fake = FakeAnthropic(
        host=args.host,
        port=args.port,
        latency=args.latency,
        hang_seconds=args.hang_seconds,
        verbose=args.verbose,
    )
    if args.script:
        fake.script(*json.loads(args.script))
    if args.default:
        fake.set_default(json.loads(args.default))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with fake.start():
        print(f"fake Anthropic API listening on {fake.base_url}", flush=True)
        while not stop.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
