"""The fake Messages API server: lifecycle, scripting and recorded requests."""

from __future__ import annotations

import copy
import itertools
import threading
import time
import uuid
from collections import deque
from dataclasses import replace
from typing import Any

from tutoring.testing.fake_anthropic.answers import MALFORMED_VARIANTS
from tutoring.testing.fake_anthropic.handler import FakeServer, Handler
from tutoring.testing.fake_anthropic.records import RecordedRequest

KINDS = frozenset(
    {"reply", "slow", "rate_limit", "error", "overloaded", "hang", "malformed", "reset"}
)
DEFAULT_HANG_SECONDS = 60.0


def normalise_behaviour(behaviour: str | dict[str, Any]) -> dict[str, Any]:
    """Turn a kind name or a behaviour dict into a checked behaviour dict."""
    if isinstance(behaviour, str):
        behaviour = {"kind": behaviour}
    if not isinstance(behaviour, dict):
        raise ValueError(f"a behaviour is a kind name or a dict, not {behaviour!r}")
    kind = behaviour.get("kind")
    if kind not in KINDS:
        raise ValueError(f"unknown behaviour kind {kind!r}; expected one of {sorted(KINDS)}")
    if kind == "malformed" and behaviour.get("variant", "missing_field") not in MALFORMED_VARIANTS:
        raise ValueError(f"unknown malformed variant {behaviour.get('variant')!r}")
    return dict(behaviour)


class FakeAnthropic:
    """A scriptable fake Messages API server; use `start()` as a context manager."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        hang_seconds: float = DEFAULT_HANG_SECONDS,
        max_recorded: int = 10_000,
        verbose: bool = False,
    ) -> None:
        self.host = host
        self.port = port
        self.latency = latency
        self.hang_seconds = hang_seconds
        self.verbose = verbose
        self._initial_latency = latency
        self._default: dict[str, Any] = {"kind": "reply"}
        self._queue: deque[dict[str, Any]] = deque()
        self._records: deque[RecordedRequest] = deque(maxlen=max_recorded)
        self._lock = threading.Lock()
        self._recorded = threading.Condition(self._lock)
        self.stopping = threading.Event()
        self._server: FakeServer | None = None
        self._thread: threading.Thread | None = None
        self._ids = itertools.count(1)

    # Lifecycle -----------------------------------------------------------------------------

    def start(self) -> FakeAnthropic:
        """Bind the port and serve in a background thread."""
        if self._server is not None:
            return self
        self.stopping.clear()
        self._server = FakeServer((self.host, self.port), Handler)
        self._server.fake = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.1},
            name=f"fake-anthropic-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release any hanging requests."""
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> FakeAnthropic:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        """Return the URL to pass to the SDK as base_url."""
        if self._server is None:
            raise RuntimeError("the fake server is not running; call start() first")
        return f"http://{self.host}:{self.port}"

    # Scripting -----------------------------------------------------------------------------

    def script(self, *behaviours: str | dict[str, Any]) -> None:
        """Queue behaviours, consumed in order by the requests they match."""
        checked = [normalise_behaviour(b) for b in behaviours]
        with self._lock:
            self._queue.extend(checked)

    def set_default(self, behaviour: str | dict[str, Any] | None) -> None:
        """Set what happens once the queue is empty (None restores normal replies)."""
        checked = normalise_behaviour(behaviour or "reply")
        with self._lock:
            self._default = checked

    def reset(self) -> None:
        """Forget scripts and recorded requests and restore the starting latency."""
        with self._lock:
            self._queue.clear()
            self._records.clear()
            self._default = {"kind": "reply"}
            self.latency = self._initial_latency

    @property
    def pending(self) -> int:
        """Return how many scripted behaviours are still queued."""
        with self._lock:
            return len(self._queue)

    # Recorded requests ---------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Return a snapshot of every recorded request to the Messages API."""
        with self._lock:
            return list(self._records)

    @property
    def bodies(self) -> list[Any]:
        """Return the parsed JSON body of each recorded request."""
        return [record.body for record in self.requests]

    def last_body(self) -> Any:
        """Return the body of the most recent request."""
        records = self.requests
        if not records:
            raise AssertionError("the fake server has received no requests")
        return records[-1].body

    def wait_for_requests(self, count: int, *, timeout: float = 5.0) -> list[RecordedRequest]:
        """Wait, at most `timeout` seconds, until `count` requests have arrived."""
        deadline = time.monotonic() + timeout
        with self._recorded:
            while len(self._records) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"{len(self._records)} of {count} requests arrived")
                self._recorded.wait(remaining)
            return list(self._records)

    # Used by the handler -------------------------------------------------------------------

    def take_behaviour(self, tool: str | None, request: RecordedRequest) -> dict[str, Any]:
        """Pop the first queued behaviour that applies to this request and record both."""
        with self._lock:
            chosen = self._default
            for index, behaviour in enumerate(self._queue):
                if behaviour.get("tool") in (None, tool):
                    chosen = behaviour
                    del self._queue[index]
                    break
            self._append(request, chosen)
            return chosen

    def record_rejected(self, request: RecordedRequest, answer: dict[str, Any]) -> None:
        """Record a request the fake refused as invalid; it consumes no script."""
        with self._lock:
            self._append(request, answer)

    def _append(self, request: RecordedRequest, behaviour: dict[str, Any]) -> None:
        """Store a request with what was done to it and wake any waiters (lock held)."""
        self._records.append(replace(request, behaviour=copy.deepcopy(behaviour)))
        self._recorded.notify_all()

    def new_id(self, prefix: str) -> str:
        """Return an id shaped like the API's ids."""
        return f"{prefix}_01{uuid.uuid4().hex[:20]}{next(self._ids):04d}"
