"""Send one GET straight through an ASGI app, with no HTTP server: for tests and benchmarks."""

from __future__ import annotations

import asyncio


async def asgi_get(app, path: str, query: str, cookie: str, *, host: str = "testserver"
                   ) -> tuple[int, bytes]:
    """Send one GET through `app`; return the status and body. The client stays connected."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "root_path": "",
        "query_string": query.encode(), "server": (host, 80),
        "client": ("127.0.0.1", 5000),
        "headers": [(b"host", host.encode()), (b"cookie", cookie.encode())],
    }
    sent: list[dict] = []
    requested: list[bool] = []

    async def receive():
        if not requested:
            requested.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client stays connected
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body
