"""Screen a JSONL file of pupil messages and tutor replies, one verdict per line on stdout.

    python manage.py screen_file PATH      (PATH "-" reads standard input)

Input lines: {"id", "text", "direction": "pupil"|"reply"} with optional "context" (a list of
earlier turns, oldest first) and "reply_confidence". Output lines:
{"id", "action", "categories", "severity"}. The command needs no database.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from safeguarding.screening.pipeline import screen
from safeguarding.screening.types import ScreenPolicy

DIRECTIONS = ("pupil", "reply")


class InvalidLine(ValueError):
    """A line that is not a screenable record."""


def _classifier() -> Any:
    """Return the configured classifier, or None when there is none or it cannot load."""
    try:
        from safeguarding.classifier import configured_classifier

        return configured_classifier()
    except Exception:  # noqa: BLE001 - no classifier is a supported setup; the local screen runs
        return None


def parse_line(raw: str) -> dict[str, Any]:
    """Check one input line and return its fields, or raise InvalidLine saying what is wrong."""
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidLine(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise InvalidLine("expected a JSON object")
    if "id" not in record:
        raise InvalidLine('missing "id"')
    if not isinstance(record.get("text"), str):
        raise InvalidLine('"text" must be a string')
    if record.get("direction") not in DIRECTIONS:
        raise InvalidLine('"direction" must be "pupil" or "reply"')
    context = record.get("context", [])
    if not isinstance(context, list) or not all(isinstance(c, str) for c in context):
        raise InvalidLine('"context" must be a list of strings')
    confidence = record.get("reply_confidence")
    if confidence is not None and (
        isinstance(confidence, bool) or not isinstance(confidence, int | float)
    ):
        raise InvalidLine('"reply_confidence" must be a number')
    return record


def _lines(path: str) -> Iterator[str]:
    if path == "-":
        yield from sys.stdin
        return
    try:
        with Path(path).open(encoding="utf-8") as handle:
            yield from handle
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None


class Command(BaseCommand):
    help = "Screen a JSONL file of messages; print one JSON verdict per line."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help='JSONL file to screen, or "-" for standard input')

    def handle(self, *args: Any, path: str, **options: Any) -> None:
        classifier = _classifier()
        policy = ScreenPolicy()
        invalid = 0
        for number, raw in enumerate(_lines(path), start=1):
            if not raw.strip():
                continue
            try:
                record = parse_line(raw)
            except InvalidLine as exc:
                invalid += 1
                self.stderr.write(f"{path}:{number}: skipped: {exc}")
                continue
            direction = record["direction"]
            result = screen(
                record["text"],
                direction=direction,
                context=record.get("context", []),
                policy=policy,
                reply_confidence=record.get("reply_confidence") if direction == "reply" else None,
                classifier=classifier,
            )
            self.stdout.write(
                json.dumps(
                    {
                        "id": record["id"],
                        "action": result.action,
                        "categories": list(result.categories),
                        "severity": result.severity,
                    },
                    ensure_ascii=False,
                )
            )
        if invalid:
            raise CommandError(f"{invalid} invalid line(s) in {path}; see the messages above")
