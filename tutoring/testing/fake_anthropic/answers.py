"""What the fake Messages API answers: request checks, messages and tool input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

MALFORMED_VARIANTS = frozenset(
    {
        "missing_field",  # a required field left out
        "wrong_type",  # a field of the wrong JSON type
        "out_of_range",  # a number outside its schema's bounds
        "empty_reply",  # the first string field empty
        "text_block",  # plain text instead of the forced tool call
        "wrong_tool",  # a call to a tool that was not asked for
        "not_json",  # a 200 whose body is not JSON
    }
)
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    402: "billing_error",
    403: "permission_error",
    404: "not_found_error",
    408: "timeout_error",
    409: "conflict_error",
    413: "request_too_large",
    429: "rate_limit_error",
    500: "api_error",
    502: "api_error",
    503: "api_error",
    504: "timeout_error",
    529: "overloaded_error",
}
# The API version SDK 2.x sends; it rejects sampling parameters even at their defaults.
STRICT_API_VERSION = "2026-10-21"
SAMPLING_PARAMS = ("temperature", "top_p", "top_k")

_PUPIL_BLOCK = re.compile(r"<pupil_message>\s*(.*?)\s*</pupil_message>", re.DOTALL)
_TOPIC_LINE = re.compile(r"^Topic:\s*(.+)$", re.MULTILINE)
_STUCK = re.compile(
    r"\b(stuck|don'?t (?:know|get it|understand)|idk|no idea|just tell me|give me the answer)\b",
    re.IGNORECASE,
)


def request_problem(headers: dict[str, str], body: Any) -> tuple[int, str, str] | None:
    """Return the API's answer to an invalid request, or None when it is valid."""
    if not headers.get("authorization") and not headers.get("x-api-key"):
        return 401, "authentication_error", "invalid x-api-key"
    if not isinstance(body, dict):
        return 400, "invalid_request_error", "request body is not valid JSON"
    for name in ("model", "max_tokens", "messages"):
        if name not in body:
            return 400, "invalid_request_error", f"{name}: Field required"
    if not isinstance(body["messages"], list) or not body["messages"]:
        return 400, "invalid_request_error", "messages: at least one message is required"
    if headers.get("anthropic-version") == STRICT_API_VERSION:
        for name in SAMPLING_PARAMS:
            if name in body:
                return 400, "invalid_request_error", f"{name}: Extra inputs are not permitted"
    choice = body.get("tool_choice")
    if isinstance(choice, dict) and choice.get("type") == "tool":
        names = {tool.get("name") for tool in body.get("tools") or [] if isinstance(tool, dict)}
        if choice.get("name") not in names:
            return 400, "invalid_request_error", "tool_choice names a tool that is not in tools"
    return None


def forced_tool_name(body: dict[str, Any]) -> str | None:
    """Return the tool the request forces, or its first tool when the choice is open."""
    tools = [tool for tool in body.get("tools") or [] if isinstance(tool, dict)]
    choice = body.get("tool_choice") or {}
    if choice.get("type") == "tool":
        return choice.get("name")
    if choice.get("type") == "none" or not tools:
        return None
    return tools[0].get("name")


def tool_schema(body: dict[str, Any], name: str) -> dict[str, Any]:
    """Return the input schema of the named tool in the request."""
    for tool in body.get("tools") or []:
        if isinstance(tool, dict) and tool.get("name") == name:
            return tool.get("input_schema") or {}
    return {}


def message_body(
    new_id: Callable[[str], str],
    body: dict[str, Any],
    tool: str | None,
    tool_input: Any,
    behaviour: dict[str, Any],
) -> dict[str, Any]:
    """Build a Messages API response body."""
    if tool is not None:
        content: list[dict[str, Any]] = [
            {"type": "tool_use", "id": new_id("toolu"), "name": tool, "input": tool_input}
        ]
        stop_reason = "tool_use"
    else:
        content = [{"type": "text", "text": socratic_reply(body)}]
        stop_reason = "end_turn"
    # Roughly four characters a token, as for English text.
    input_tokens = max(1, len(json.dumps(body)) // 4)
    output_tokens = max(1, len(json.dumps(content)) // 4)
    return {
        "id": new_id("msg"),
        "type": "message",
        "role": "assistant",
        "model": body.get("model", "claude-fake"),
        "content": content,
        "stop_reason": behaviour.get("stop_reason", stop_reason),
        "stop_sequence": None,
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        },
    }


def tool_input_for(body: dict[str, Any], tool: str) -> dict[str, Any]:
    """Return plausible input for the named tool: a tutor reply, a verdict, or schema filler."""
    schema = tool_schema(body, tool)
    value = _fill(schema)
    if not isinstance(value, dict):
        value = {}
    props = schema.get("properties") or {}
    if "reply" in props:
        value.update(
            reply=socratic_reply(body),
            confidence=0.82,
            topics=_topics(body),
            pupil_stuck=bool(_STUCK.search(_pupil_text(body))),
            needs_teacher=False,
        )
    if "action" in props:
        value.update(action="allow", categories=[], severity=0, reason="No concern found.")
    return {key: value[key] for key in value if key in props} if props else value


def _fill(schema: dict[str, Any]) -> Any:
    """Return a value that satisfies a simple JSON schema."""
    if "enum" in schema and schema["enum"]:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {name: _fill(sub) for name, sub in (schema.get("properties") or {}).items()}
    if kind == "array":
        return []
    if kind == "boolean":
        return False
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        low, high = schema.get("minimum", 0), schema.get("maximum", 1)
        return (low + high) / 2
    return "example"


def break_input(data: dict[str, Any], schema: dict[str, Any], variant: str, field: Any) -> None:
    """Damage tool input in place the way `variant` names."""
    props = schema.get("properties") or {}
    names = list(props)
    if variant == "missing_field":
        target = field or (schema.get("required") or names or [None])[0]
        data.pop(target, None)
    elif variant == "wrong_type":
        target = field or next((n for n in names if props[n].get("type") != "string"), None)
        if target is not None:
            data[target] = "not-a-" + str(props.get(target, {}).get("type", "value"))
    elif variant == "out_of_range":
        numeric = [n for n in names if props[n].get("type") in ("number", "integer")]
        target = field or (numeric[0] if numeric else None)
        if target is not None:
            data[target] = props.get(target, {}).get("maximum", 1) + 1
    elif variant == "empty_reply":
        target = field or next((n for n in names if props[n].get("type") == "string"), None)
        if target is not None:
            data[target] = ""


def _pupil_text(body: dict[str, Any]) -> str:
    """Return the pupil's newest words from the last user message."""
    for message in reversed(body.get("messages") or []):
        if isinstance(message, dict) and message.get("role") == "user":
            text = _content_text(message.get("content"))
            blocks = _PUPIL_BLOCK.findall(text)
            return blocks[-1] if blocks else text
    return ""


def _content_text(content: Any) -> str:
    """Flatten string or block content to text."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(block.get("text", "") for block in content if isinstance(block, dict))
    return ""


def _system_text(body: dict[str, Any]) -> str:
    """Flatten the system prompt to text."""
    return _content_text(body.get("system"))


def _topics(body: dict[str, Any]) -> list[str]:
    """Return the topic named in the system prompt, if any."""
    match = _TOPIC_LINE.search(_system_text(body))
    return [match.group(1).strip()] if match else []


def socratic_reply(body: dict[str, Any]) -> str:
    """Write a short Socratic reply that picks up the pupil's own words."""
    words = " ".join(_pupil_text(body).split())
    excerpt = words if len(words) <= 60 else words[:57].rstrip() + "..."
    system = _system_text(body)
    if "Subject: GCSE English" in system:
        step = "Which word or phrase stands out to you most, and what effect does it have?"
    else:
        step = "What do you think the first step is, and why?"
    if not excerpt:
        return f"Let's work through this together. {step}"
    return f'Good start. You wrote: "{excerpt}". {step}'
