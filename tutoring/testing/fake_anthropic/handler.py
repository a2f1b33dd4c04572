"""The HTTP side of the fake Messages API: routing, control endpoints and raw replies."""

from __future__ import annotations

import json
import socket
import struct
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from tutoring.testing.fake_anthropic.answers import (
    ERROR_TYPES,
    break_input,
    forced_tool_name,
    message_body,
    request_problem,
    tool_input_for,
    tool_schema,
)
from tutoring.testing.fake_anthropic.records import RecordedRequest

if TYPE_CHECKING:
    from tutoring.testing.fake_anthropic.server import FakeAnthropic

CONTROL_PREFIX = "/_"


class FakeServer(ThreadingHTTPServer):
    """A threaded HTTP server that knows its FakeAnthropic."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    # Benchmarks open hundreds of connections at once; the default backlog of 5 drops them.
    request_queue_size = 1024
    fake: FakeAnthropic


class Handler(BaseHTTPRequestHandler):
    """Answer one connection's requests as the fake's script says."""

    protocol_version = "HTTP/1.1"
    server_version = "FakeAnthropic/1.0"
    # An answer goes out as two writes, the headers and then the body. With Nagle's algorithm
    # on, the body waits for the client to acknowledge the headers, which a client delays by up
    # to 40 ms: on a kept-alive connection the fake would answer 40 ms later than its latency.
    disable_nagle_algorithm = True
    server: FakeServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Stay quiet unless the fake was started verbose."""
        if self.server.fake.verbose:
            super().log_message(format, *args)

    def finish(self) -> None:
        """Ignore errors from sockets we reset or the client dropped."""
        try:
            super().finish()
        except (OSError, ValueError):
            pass

    # Routing -------------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802
        """Serve the control endpoints that read state."""
        fake = self.server.fake
        if self.path.startswith("/_requests"):
            self._send_json(200, {"requests": [r.to_json() for r in fake.requests]})
        elif self.path == "/_health":
            self._send_json(200, {"ok": True, "pending": fake.pending})
        else:
            self._send_error(404, "not_found_error", f"no route for GET {self.path}")

    def do_POST(self) -> None:  # noqa: N802
        """Serve the Messages API and the control endpoints that change state."""
        raw = self._read_body()
        if raw is None:
            return
        if self.path.startswith(CONTROL_PREFIX):
            self._control(raw)
        elif self.path.split("?", 1)[0] == "/v1/messages":
            self._messages(raw)
        else:
            self._send_error(404, "not_found_error", f"no route for POST {self.path}")

    # Control -------------------------------------------------------------------------------

    def _control(self, raw: bytes) -> None:
        """Apply POST /_script or POST /_reset."""
        fake = self.server.fake
        if self.path == "/_reset":
            fake.reset()
            self._send_json(200, {"ok": True})
            return
        if self.path != "/_script":
            self._send_error(404, "not_found_error", f"no route for POST {self.path}")
            return
        try:
            spec = json.loads(raw or b"{}")
            if not isinstance(spec, dict):
                raise ValueError("the script must be a JSON object")
            if spec.get("reset"):
                fake.reset()
            fake.script(*spec.get("queue", ()))
            if "default" in spec:
                fake.set_default(spec["default"])
            if spec.get("latency") is not None:
                fake.latency = float(spec["latency"])
        except (ValueError, TypeError) as exc:
            self._send_error(400, "invalid_request_error", str(exc))
            return
        self._send_json(200, {"ok": True, "pending": fake.pending})

    # Messages API --------------------------------------------------------------------------

    def _messages(self, raw: bytes) -> None:
        """Validate, record, then answer as the scripted behaviour says."""
        fake = self.server.fake
        headers = {key.lower(): value for key, value in self.headers.items()}
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode("utf-8", "replace")
        record = RecordedRequest("POST", self.path, headers, body, {}, time.time())
        problem = request_problem(headers, body)
        if problem is not None:
            status, error_type, message = problem
            fake.record_rejected(record, {"kind": "rejected", "status": status, "error": message})
            self._send_error(status, error_type, message)
            return
        tool = forced_tool_name(body)
        behaviour = fake.take_behaviour(tool, record)
        kind = behaviour["kind"]
        if kind == "reset":
            self._reset_connection()
        elif kind == "hang":
            fake.stopping.wait(float(behaviour.get("seconds", fake.hang_seconds)))
            self.close_connection = True
        elif kind == "rate_limit":
            retry_after = behaviour.get("retry_after", 7)
            self._send_error(
                429,
                "rate_limit_error",
                "Number of request tokens has exceeded your per-minute rate limit.",
                headers={"retry-after": str(retry_after)},
            )
        elif kind == "overloaded":
            self._send_error(529, "overloaded_error", "Overloaded")
        elif kind == "error":
            status = int(behaviour.get("status", 500))
            self._send_error(
                status,
                behaviour.get("type") or ERROR_TYPES.get(status, "api_error"),
                behaviour.get("message", "Internal server error"),
                headers=behaviour.get("headers"),
                error_code=behaviour.get("error_code"),
            )
        elif kind == "malformed":
            self._pause(behaviour.get("latency", fake.latency))
            self._send_malformed(body, tool, behaviour)
        else:
            pause = behaviour.get("seconds", 5.0) if kind == "slow" else fake.latency
            self._pause(behaviour.get("latency", pause))
            tool_input = behaviour.get("input")
            if tool_input is None and tool is not None:
                tool_input = tool_input_for(body, tool)
            self._send_json(
                200, message_body(fake.new_id, body, tool, tool_input, behaviour), request_id=True
            )

    def _send_malformed(self, body: dict[str, Any], tool: str | None, behaviour: dict) -> None:
        """Answer 200 with a body that breaks the forced tool's contract."""
        fake = self.server.fake
        variant = behaviour.get("variant", "missing_field")
        if variant == "not_json":
            self._send_raw(200, b'{"id": "msg_broken", "content": [', "application/json")
            return
        if variant == "text_block" or tool is None:
            message = message_body(fake.new_id, body, None, None, {})
            message["content"] = [{"type": "text", "text": "Let's think about the first step."}]
            self._send_json(200, message, request_id=True)
            return
        tool_input = tool_input_for(body, tool)
        if variant == "wrong_tool":
            message = message_body(fake.new_id, body, "some_other_tool", tool_input, {})
        else:
            schema = tool_schema(body, tool)
            break_input(tool_input, schema, variant, behaviour.get("field"))
            message = message_body(fake.new_id, body, tool, tool_input, {})
        self._send_json(200, message, request_id=True)

    # Low-level I/O -------------------------------------------------------------------------

    def _read_body(self) -> bytes | None:
        """Read the request body by Content-Length."""
        try:
            length = int(self.headers.get("content-length") or 0)
        except ValueError:
            self._send_error(400, "invalid_request_error", "bad content-length")
            return None
        return self.rfile.read(length) if length > 0 else b""

    def _pause(self, seconds: float) -> None:
        """Sleep like a model thinking, but wake at once if the server stops."""
        if seconds and seconds > 0:
            self.server.fake.stopping.wait(float(seconds))

    def _reset_connection(self) -> None:
        """Close with SO_LINGER 0 so the client sees a TCP reset, not a clean close."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _send_error(
        self,
        status: int,
        error_type: str,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        error_code: str | None = None,
    ) -> None:
        """Send the API's error JSON shape."""
        error: dict[str, Any] = {"type": error_type, "message": message}
        if error_code:
            error["details"] = {"error_code": error_code}
        request_id = self.server.fake.new_id("req")
        payload = {"type": "error", "error": error, "request_id": request_id}
        self._send_json(status, payload, headers=headers, request_id=request_id)

    def _send_json(
        self,
        status: int,
        payload: Any,
        *,
        headers: dict[str, str] | None = None,
        request_id: str | bool | None = None,
    ) -> None:
        """Send a JSON response with the headers the SDK reads."""
        extra = dict(headers or {})
        if request_id is True:
            request_id = self.server.fake.new_id("req")
        if request_id:
            extra["request-id"] = str(request_id)
        data = json.dumps(payload).encode()
        self._send_raw(status, data, "application/json", extra)

    def _send_raw(
        self, status: int, data: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        """Write a complete response, tolerating a client that has gone away."""
        try:
            self.send_response(status)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
