"""The tutor provider backed by the Anthropic Messages API.

One forced tool call gives a structured reply, which is validated strictly: anything off-schema is
a failed attempt, never a reply. The SDK does not retry (max_retries=0) because the Celery queue
owns retries and their backoff; every failure leaves here as a `ProviderError` that says whether
the queue should try again.
"""

from __future__ import annotations

import email.utils
import functools
import logging
import math
import os
import threading
import time
from typing import Any

import anthropic

from tutoring.providers.base import ProviderError, TutorReply, TutorRequest
from tutoring.providers.prompts import (
    TUTOR_TOOL,
    TUTOR_TOOL_CHOICE,
    TUTOR_TOOL_NAME,
    build_messages,
    build_system,
)

log = logging.getLogger(__name__)

DEFAULT_MODEL = "claude-sonnet-5-5"
DEFAULT_MAX_TOKENS = 1024
DEFAULT_TIMEOUT = 30.0
MAX_TOPICS = 10

# Statuses where a later attempt can succeed: request timeout, lock conflict, server trouble.
_RETRYABLE_STATUSES = frozenset({408, 409, 500, 502, 503, 504, 529})
# A spend limit is a 429, but waiting a minute will not lift it: fail fast to the teacher.
_SPEND_LIMIT_ERRORS = (
    anthropic.ContractSpendLimitReachedError,
    anthropic.EnforcedSpendLimitReachedError,
)

_clients: dict[tuple[int, str, str | None, float], anthropic.Anthropic] = {}
_clients_lock = threading.Lock()


def shared_client(*, api_key: str, base_url: str | None, timeout: float) -> anthropic.Anthropic:
    """Return this process's SDK client for these settings, creating it once."""
    # Keyed by pid too: a client's connection pool must not cross a fork into a Celery child.
    key = (os.getpid(), api_key, base_url, timeout)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = anthropic.Anthropic(
                api_key=api_key,
                base_url=base_url or None,
                timeout=timeout,
                max_retries=0,
            )
            _clients[key] = client
        return client


def provider_error(exc: Exception) -> ProviderError:
    """Translate an SDK exception into a ProviderError the queue knows how to treat."""
    if isinstance(exc, ProviderError):
        return exc
    if isinstance(exc, anthropic.APITimeoutError):
        return ProviderError("provider timed out", retryable=True)
    if isinstance(exc, anthropic.APIConnectionError):
        return ProviderError("provider connection failed", retryable=True)
    if isinstance(exc, anthropic.APIResponseValidationError):
        return ProviderError("malformed structured output", retryable=True)
    if isinstance(exc, anthropic.APIStatusError):
        status = exc.status_code
        retry_after = parse_retry_after(exc.response.headers)
        message = f"provider returned {status} {exc.type or 'error'}"
        if isinstance(exc, _SPEND_LIMIT_ERRORS):
            return ProviderError(message, retryable=False)
        if isinstance(exc, anthropic.RateLimitError):
            return ProviderError(message, retryable=True, retry_after=retry_after)
        should_retry = exc.response.headers.get("x-should-retry")
        if should_retry in ("true", "false"):
            # The API's own verdict on this failure beats our status table.
            return ProviderError(message, retryable=should_retry == "true", retry_after=retry_after)
        if status in _RETRYABLE_STATUSES:
            return ProviderError(message, retryable=True, retry_after=retry_after)
        return ProviderError(message, retryable=False)
    return ProviderError(f"provider failed: {type(exc).__name__}", retryable=False)


def parse_retry_after(headers: Any) -> float | None:
    """Read retry-after-ms or retry-after (seconds or an HTTP date) as seconds to wait."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        parsed = email.utils.parsedate_tz(value)
        if parsed is None:
            return None
        seconds = email.utils.mktime_tz(parsed) - time.time()
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def forced_tool_input(message: Any, tool_name: str) -> dict[str, Any]:
    """Return the input of the one tool call we forced, or fail the attempt."""
    if not isinstance(message, anthropic.types.Message):
        # Without strict validation the SDK hands back text for a non-JSON content type.
        raise ProviderError("malformed structured output", retryable=True)
    if getattr(message, "stop_reason", None) == "refusal":
        # A refusal repeats on retry; hand it to a teacher instead.
        raise ProviderError("provider refused the request", retryable=False)
    calls = [
        block
        for block in getattr(message, "content", None) or []
        if getattr(block, "type", None) == "tool_use" and getattr(block, "name", None) == tool_name
    ]
    if len(calls) != 1 or not isinstance(getattr(calls[0], "input", None), dict):
        raise ProviderError("malformed structured output", retryable=True)
    return calls[0].input


def usage_tokens(message: Any) -> tuple[int, int]:
    """Return (input, output) tokens, counting cached input as input."""
    usage = getattr(message, "usage", None)
    counts = [
        getattr(usage, name, None)
        for name in (
            "input_tokens",
            "cache_creation_input_tokens",
            "cache_read_input_tokens",
            "output_tokens",
        )
    ]
    fresh, created, read, output = (c if isinstance(c, int) else 0 for c in counts)
    return fresh + created + read, output


def parse_tutor_reply(message: Any) -> TutorReply:
    """Validate the forced tool call strictly and build a TutorReply from it."""
    data = forced_tool_input(message, TUTOR_TOOL_NAME)
    reply = data.get("reply")
    confidence = data.get("confidence")
    topics = data.get("topics")
    pupil_stuck = data.get("pupil_stuck")
    needs_teacher = data.get("needs_teacher")
    if (
        not isinstance(reply, str)
        or not reply.strip()
        or isinstance(confidence, bool)
        or not isinstance(confidence, int | float)
        or not math.isfinite(confidence)
        or not 0 <= confidence <= 1
        or not isinstance(topics, list)
        or not all(isinstance(topic, str) for topic in topics)
        or not isinstance(pupil_stuck, bool)
        or not isinstance(needs_teacher, bool)
    ):
        raise ProviderError("malformed structured output", retryable=True)
    input_tokens, output_tokens = usage_tokens(message)
    model = getattr(message, "model", None)
    return TutorReply(
        text=reply.strip(),
        confidence=float(confidence),
        topics=tuple(t.strip() for t in topics if t.strip())[:MAX_TOPICS],
        pupil_stuck=pupil_stuck,
        needs_teacher=needs_teacher,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        model=model if isinstance(model, str) else "",
    )


class AnthropicProvider:
    """Generate tutor replies through the Anthropic Messages API."""

    name = "anthropic"

    def __init__(
        self,
        *,
        api_key: str,
        model: str = DEFAULT_MODEL,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        timeout: float = DEFAULT_TIMEOUT,
        temperature: float | None = None,
        base_url: str | None = None,
    ) -> None:
        if not api_key:
            raise ValueError("AnthropicProvider needs an API key")
        self.model = model
        self.max_tokens = max_tokens
        self.timeout = float(timeout)
        self.base_url = base_url or None
        # API version 2026-10-21 rejects temperature, top_p and top_k with a 400, and SDK 2.x
        # has no such argument. Kept so a configured value is visible, but never sent.
        self.temperature = temperature
        if temperature is not None:
            _warn_temperature_ignored()
        self._client = shared_client(api_key=api_key, base_url=self.base_url, timeout=self.timeout)

    def request_params(self, request: TutorRequest) -> dict[str, Any]:
        """Build the keyword arguments for messages.create."""
        return {
            "model": self.model,
            "max_tokens": self.max_tokens,
            "system": build_system(request),
            "messages": build_messages(request),
            "tools": [TUTOR_TOOL],
            "tool_choice": TUTOR_TOOL_CHOICE,
        }

    def generate(self, request: TutorRequest) -> TutorReply:
        """Ask the model for one structured tutor reply."""
        try:
            message = self._client.messages.create(**self.request_params(request))
            return parse_tutor_reply(message)
        except ProviderError as error:
            log.warning("tutor provider attempt failed: %s", error)
            raise
        except anthropic.AnthropicError as exc:
            error = provider_error(exc)
            log.warning(
                "tutor provider attempt failed: %s (retryable=%s, request_id=%s)",
                error,
                error.retryable,
                getattr(exc, "request_id", None),
            )
            raise error from exc
        except ValueError as exc:
            # A 200 whose body is not JSON: the SDK's JSON decoding fails before any model.
            log.warning("tutor provider attempt failed: response was not JSON")
            raise ProviderError("malformed structured output", retryable=True) from exc


@functools.cache
def _warn_temperature_ignored() -> None:
    """Log once per process that a configured temperature is not sent."""
    log.warning("ANTHROPIC_TEMPERATURE is set but the Messages API no longer accepts it; ignored")


def provider_from_settings() -> AnthropicProvider:
    """Build an AnthropicProvider from Django settings, with defaults for unset names."""
    from tutoring.providers import setting

    return AnthropicProvider(
        api_key=setting("ANTHROPIC_API_KEY", ""),
        model=setting("ANTHROPIC_MODEL", DEFAULT_MODEL),
        max_tokens=int(setting("ANTHROPIC_MAX_TOKENS", DEFAULT_MAX_TOKENS)),
        timeout=float(setting("ANTHROPIC_TIMEOUT", DEFAULT_TIMEOUT)),
        temperature=setting("ANTHROPIC_TEMPERATURE", None),
        base_url=setting("ANTHROPIC_BASE_URL", None),
    )
