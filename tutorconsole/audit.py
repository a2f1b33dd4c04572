"""The audit trail: append-only, hash-chained events, one chain per school."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from .models import AuditEvent, School, User

GENESIS = "0" * 64
# Appends to one school's chain take this transaction-scoped lock (7001 names the audit chains).
_LOCK = "SELECT pg_advisory_xact_lock(7001, %s)"


def _canonical(event: AuditEvent) -> str:
    return json.dumps(
        {
            "created_at": event.created_at.isoformat(),
            "chain": event.chain,
            "actor": event.actor_id,
            "actor_label": event.actor_label,
            "school": event.school_id,
            "action": event.action,
            "target_type": event.target_type,
            "target_id": event.target_id,
            "data": event.data,
        },
        sort_keys=True,
        cls=DjangoJSONEncoder,
        separators=(",", ":"),
    )


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256((event.prev_hash + _canonical(event)).encode()).hexdigest()


def _last_hash_locked(chain: int) -> str | None:
    """Lock the chain for this transaction and return the hash of its last event.

    Appends to one chain must be serialised or two events would share a predecessor. The head
    is read in a statement of its own, after the lock is granted: under READ COMMITTED a
    statement sees the data as of its start, so a read in the statement that waited for the
    lock would miss the event its predecessor holder just committed.

    On PostgreSQL with client-side binding (Django's default) the two statements travel in one
    message, so the chain's lock is held one round trip less; each statement of a multi-statement
    message still takes its own snapshot.
    """
    if connection.vendor != "postgresql":
        return _head(chain)
    if connection.settings_dict.get("OPTIONS", {}).get("server_side_binding"):
        with connection.cursor() as cursor:
            cursor.execute(_LOCK, [chain])
        return _head(chain)
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    sql = (
        f"{_LOCK}; "  # noqa: S608 - only the model's table name
        f"SELECT hash FROM {table} WHERE chain = %s ORDER BY id DESC LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [chain, chain])
        cursor.cursor.nextset()
        row = cursor.fetchone()
    return row[0] if row else None


def _head(chain: int) -> str | None:
    return AuditEvent.objects.filter(chain=chain).order_by("-id").values_list(
        "hash", flat=True
    ).first()


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    school: School | int | None = None,
    target: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an audit event to its school's chain, inside the caller's transaction."""
    school_id = school.pk if isinstance(school, School) else school
    chain = school_id or 0
    with transaction.atomic(savepoint=False):
        last = _last_hash_locked(chain)
        event = AuditEvent(
            created_at=timezone.now(),
            chain=chain,
            actor=actor,
            actor_label=(actor.username if actor else "system"),
            school_id=school_id,
            action=action,
            target_type=(target._meta.label_lower if target is not None else ""),
            target_id=(str(target.pk) if target is not None else ""),
            data=json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder)),
            prev_hash=last or GENESIS,
        )
        event.hash = event_hash(event)
        event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class ChainBreak:
    chain: int
    event_id: int
    problem: str


def audit_verify() -> list[ChainBreak]:
    """Recompute every chain and say where any event was changed, removed or inserted."""
    breaks: list[ChainBreak] = []
    expected_prev: dict[int, str] = {}
    for event in AuditEvent.objects.order_by("chain", "id").iterator(chunk_size=2000):
        prev = expected_prev.get(event.chain, GENESIS)
        if event.prev_hash != prev:
            breaks.append(
                ChainBreak(event.chain, event.id, "does not follow the event before it "
                           "(an event was removed or inserted)")
            )
        if event_hash(event) != event.hash:
            breaks.append(ChainBreak(event.chain, event.id, "its contents were changed"))
        expected_prev[event.chain] = event.hash
    return breaks
