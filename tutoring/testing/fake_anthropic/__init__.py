"""A fake Anthropic Messages API on 127.0.0.1 for tests, local runs and benchmarks.

It speaks enough of POST /v1/messages for the real SDK: it answers a forced tool call with input
that follows the tool's schema, and it can be scripted to fail in each way the real API does.
Every request body and its headers are recorded so tests can assert on exactly what was sent.

In process::

    with FakeAnthropic().start() as fake:
        fake.script("rate_limit", {"kind": "reply"})
        provider = AnthropicProvider(api_key="test", base_url=fake.base_url)

As a command (another process, e.g. for a Celery worker)::

    python -m tutoring.testing.fake_anthropic --port 8765 --latency 1.5

and script it over HTTP: POST /_script, GET /_requests, POST /_reset (see FakeAnthropicControl).

Behaviours, given as a kind name or a dict with "kind" plus options:

- reply: a normal answer; options "latency" (seconds), "input" (tool input to return as is),
  "stop_reason".
- slow: a normal answer after "seconds" (default 5).
- rate_limit: 429 rate_limit_error with a retry-after header of "retry_after" seconds (default 7).
- error: "status" (default 500) with the API's error JSON; options "type", "message",
  "error_code" (e.g. "enforced_spend_limit_reached"), "headers".
- overloaded: 529 overloaded_error.
- hang: read the request, then send nothing for "seconds" (default 60) and close.
- malformed: a 200 with a bad body; "variant" is one of MALFORMED_VARIANTS, and "field" picks
  the tool input field to break.
- reset: close the connection with a TCP reset.

Any behaviour may carry "tool": it then applies only to requests forcing that tool, so one server
can script the tutor and the classifier independently.
"""

from tutoring.testing.fake_anthropic.answers import MALFORMED_VARIANTS
from tutoring.testing.fake_anthropic.control import FakeAnthropicControl
from tutoring.testing.fake_anthropic.records import RecordedRequest
from tutoring.testing.fake_anthropic.server import KINDS, FakeAnthropic, normalise_behaviour

__all__ = [
    "KINDS",
    "MALFORMED_VARIANTS",
    "FakeAnthropic",
    "FakeAnthropicControl",
    "RecordedRequest",
    "normalise_behaviour",
]
