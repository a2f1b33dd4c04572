"""Serve Django's WSGI handler from the ASGI server, one pooled thread per request.

Every view and middleware of Tutor Console is synchronous. Django's own ASGI handler runs such
a stack by passing each request between the event loop and a new thread four times (into the
middleware, back to the loop for the async-capable core, out to the view, and back), about
2.5 ms of CPU per request and a wait for the loop at each pass when the process is busy. Here
the event loop reads the request, a thread from a fixed pool runs the whole WSGI stack
(middleware, view, template) in one go, and the loop sends the answer: one pass each way.

The event loop still does what only it can: parking long polls (`tutoring.status`) without a
thread. Request bodies are read in full before the view runs, as Django's ASGI handler does;
answers are collected in the thread, which suits this app's pages, partials and small exports.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings

logger = logging.getLogger("tutorconsole")

# Keys a layer in front (the long poll) sets on the ASGI scope for the view to read in
# request.META. They cannot come from a client: headers arrive as HTTP_*.
SCOPE_PREFIX = "tutorconsole."


class ThreadedWSGI:
    """An ASGI app that runs a WSGI app in a pool of `threads` threads."""

    def __init__(self, wsgi_app, *, threads: int) -> None:
        self.wsgi_app = wsgi_app
        self.threads = threads
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ThreadPoolExecutor:
        # Made on first use, so a server that forks after import gives each process its own.
        if self._executor is None:
            with self._lock:
                if self._executor is None:
                    self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="web")
        return self._executor

    async def __call__(self, scope: dict, receive, send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            raise ValueError(f"Tutor Console serves HTTP only, not {scope['type']}")
        body = tempfile.SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115
        try:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return  # the client left before sending the whole request
                body.write(message.get("body", b""))
                if not message.get("more_body", False):
                    break
            size = body.tell()
            body.seek(0)
            loop = asyncio.get_running_loop()
            status, headers, chunks = await loop.run_in_executor(
                self._pool(), self._run, environ(scope, body, size)
            )
        finally:
            body.close()
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"".join(chunks)})

    def _run(self, env: dict[str, Any]) -> tuple[int, list[tuple[bytes, bytes]], list[bytes]]:
        """Run the WSGI app to the end in this thread, closing its answer here too: Django
        gives the database connection back when the answer is closed, in the thread that
        holds it."""
        started: dict[str, Any] = {}

        def start_response(status: str, headers, exc_info=None):
            if exc_info and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started["status"] = int(status.split(" ", 1)[0])
            started["headers"] = [
                (name.lower().encode("latin-1"), value.encode("latin-1"))
                for name, value in headers
            ]
            return lambda data: chunks.append(data)

        chunks: list[bytes] = []
        try:
            result = self.wsgi_app(env, start_response)
            try:
                chunks.extend(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
            return started["status"], started["headers"], chunks
        except Exception:  # noqa: BLE001 - Django answers errors itself; this is the last guard
            logger.exception("The web app failed outside Django's error handling")
            return 500, [(b"content-type", b"text/plain; charset=utf-8")], [b"Server error"]


def environ(scope: dict, body, size: int) -> dict[str, Any]:
    """The WSGI environ (PEP 3333) for an ASGI HTTP scope and its body of `size` bytes."""
    root_path = scope.get("root_path", "")
    path = scope["path"]
    if root_path and path.startswith(root_path):
        path = path[len(root_path):]
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client") or ("", 0)
    env: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        # WSGI carries the path as bytes decoded as latin-1; ASGI gives it decoded as UTF-8.
        "SCRIPT_NAME": root_path.encode("utf-8").decode("latin-1"),
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] or 80),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": client[0] or "",
        "REMOTE_PORT": str(client[1] or 0),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin-1").upper().replace("-", "_")
        value = raw_value.decode("latin-1")
        if name in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            env[name] = value
            continue
        key = f"HTTP_{name}"
        if key in env:
            value = f"{env[key]}{'; ' if name == 'COOKIE' else ','}{value}"
        env[key] = value
    if size and "CONTENT_LENGTH" not in env:
        env["CONTENT_LENGTH"] = str(size)  # a chunked body, already read in full
    for key, value in scope.items():
        if key.startswith(SCOPE_PREFIX):
            env[key] = value
    return env


async def _lifespan(receive, send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            from tutorconsole.warmup import warm_and_freeze

            warm_and_freeze("web")  # before the first request: nothing else runs yet
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
