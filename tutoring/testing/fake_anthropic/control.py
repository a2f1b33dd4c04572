"""Script a fake Messages API server that runs in another process."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from tutoring.testing.fake_anthropic.server import normalise_behaviour


class FakeAnthropicControl:
    """Script a fake server running in another process over HTTP."""

    def __init__(self, base_url: str, *, timeout: float = 5.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def script(
        self,
        *behaviours: str | dict[str, Any],
        default: str | dict[str, Any] | None = None,
        latency: float | None = None,
        reset: bool = False,
    ) -> None:
        """Queue behaviours and optionally set the default, the latency or reset first."""
        spec: dict[str, Any] = {"queue": [normalise_behaviour(b) for b in behaviours]}
        if default is not None:
            spec["default"] = normalise_behaviour(default)
        if latency is not None:
            spec["latency"] = latency
        if reset:
            spec["reset"] = True
        self._call("POST", "/_script", spec)

    def requests(self) -> list[dict[str, Any]]:
        """Return every request the server has recorded."""
        return self._call("GET", "/_requests")["requests"]

    def reset(self) -> None:
        """Clear scripts and recorded requests."""
        self._call("POST", "/_reset", {})

    def _call(self, method: str, path: str, payload: Any = None) -> Any:
        """Send one control request and return its JSON answer."""
        data = None if payload is None else json.dumps(payload).encode()
        request = urllib.request.Request(  # noqa: S310 - base_url is ours, always http
            self.base_url + path,
            data=data,
            method=method,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            return json.loads(response.read() or b"null")
