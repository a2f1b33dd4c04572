"""What the fake Messages API remembers about each request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RecordedRequest:
    """One request the fake received, as it arrived."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any
    behaviour: dict[str, Any]
    received_at: float

    def to_json(self) -> dict[str, Any]:
        """Return the record as plain JSON data."""
        return {
            "method": self.method,
            "path": self.path,
            "headers": self.headers,
            "body": self.body,
            "behaviour": self.behaviour,
            "received_at": self.received_at,
        }
