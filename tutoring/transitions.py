"""Apply reply state transitions as guarded, conditional updates."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import connections, router, transaction
from django.utils import timezone

from .models import Reply, TutorSession
from .states import IN_FLIGHT, PUPIL_VISIBLE, ReplyState, sources_for
from .status import session_status_bump


class TransitionRefused(Exception):
    """The reply was not in a state from which this transition is allowed."""


def transition(
    *,
    reply_id: int,
    to: ReplyState,
    from_states: frozenset[ReplyState] | None = None,
    lease_token: uuid.UUID | None = None,
    session_id: int | None = None,
    **fields: Any,
) -> bool:
    """Move a reply to `to` if it is in an allowed source state; return whether it moved.

    The update is conditional on the current state (and on the lease, when one is given), so of
    two processes racing for one reply exactly one succeeds. Visible text is set only here.
    """
    allowed = sources_for(to)
    if from_states is not None:
        allowed = allowed & from_states
    if to in PUPIL_VISIBLE:
        if not fields.get("released_text"):
            raise ValueError("A reply cannot become visible without its released text.")
        fields.setdefault("released_at", timezone.now())
    # Moves inside the queue ("thinking" to "thinking") change nothing on the pupil's page.
    pupil_sees_it = to not in IN_FLIGHT or not allowed <= IN_FLIGHT
    now = timezone.now()
    # No savepoint: the update and the version bump stand or fall with the caller's transaction.
    with transaction.atomic(savepoint=False):
        moved = _guarded_update(
            reply_id=reply_id, states=sorted(allowed), lease_token=lease_token,
            values={"state": to, "state_changed_at": now, **fields},
        )
        if moved and pupil_sees_it:
            if session_id is None:
                session_id = Reply.objects.filter(pk=reply_id).values_list(
                    "session_id", flat=True
                )[0]
            session_version_bump(session_id=session_id, now=now)
    return bool(moved)


def session_version_bump(*, session_id: int, now) -> int | None:
    """Bump the session's version inside the caller's transaction and return it (None if there
    is no such session); after commit, tell the pupil's page, with the pupil and version the
    update returned (no read after commit)."""
    connection = connections[router.db_for_write(TutorSession)]
    quote = connection.ops.quote_name
    last = TutorSession._meta.get_field("last_activity_at").get_db_prep_save(now, connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(TutorSession._meta.db_table)} "  # noqa: S608 - model names only
            f"SET {quote('version')} = {quote('version')} + 1, {quote('last_activity_at')} = %s "
            f"WHERE {quote('id')} = %s RETURNING {quote('pupil_id')}, {quote('version')}",
            [last, session_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    pupil_id, version = row
    transaction.on_commit(lambda: session_status_bump(
        session_id=session_id, pupil_id=pupil_id, version=version
    ), using=connection.alias)
    return version


def _guarded_update(
    *, reply_id: int, states: list[str], lease_token: uuid.UUID | None, values: dict[str, Any]
) -> int:
    """UPDATE one reply row if it is in one of `states` (and holds the lease); return the count.

    Every reply in the queue passes here two or three times, so the statement is written out
    rather than compiled by the ORM each time; each value is still prepared by its model field,
    exactly as `QuerySet.update` would. An expression (an F() sum, say) takes the ORM's way.
    """
    if any(hasattr(value, "resolve_expression") for value in values.values()):
        qs = Reply.objects.filter(pk=reply_id, state__in=states)
        if lease_token is not None:
            qs = qs.filter(lease_token=lease_token)
        return qs.update(**values)
    connection = connections[router.db_for_write(Reply)]
    quote = connection.ops.quote_name
    assignments, params = [], []
    for name, value in values.items():
        field = _FIELDS[name]
        if field.remote_field and hasattr(value, "prepare_database_save"):
            value = value.prepare_database_save(field)  # a user given for `decided_by`, say
        assignments.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    in_states = ", ".join(["%s"] * len(states))
    sql = (
        # Only column names from the model and placeholders are formatted in; values are params.
        f"UPDATE {quote(Reply._meta.db_table)} SET {', '.join(assignments)} "  # noqa: S608
        f"WHERE {quote(Reply._meta.pk.column)} = %s AND {quote('state')} IN ({in_states})"
    )
    params.extend([reply_id, *states])
    if lease_token is not None:
        sql += f" AND {quote('lease_token')} = %s"
        params.append(_FIELDS["lease_token"].get_db_prep_value(lease_token, connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# Updatable fields by name and by attribute name (`claimed_by` and `claimed_by_id` alike).
_FIELDS = {
    key: field
    for field in Reply._meta.concrete_fields
    for key in {field.name, field.attname}
}


def transition_or_refuse(**kwargs: Any) -> None:
    """Like `transition`, but raise TransitionRefused when the reply did not move."""
    if not transition(**kwargs):
        raise TransitionRefused("This reply has already been dealt with.")
