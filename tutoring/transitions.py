"""Apply reply state transitions as guarded, conditional updates."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import F
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
        qs = Reply.objects.filter(pk=reply_id, state__in=sorted(allowed))
        if lease_token is not None:
            qs = qs.filter(lease_token=lease_token)
        moved = qs.update(state=to, state_changed_at=now, **fields)
        if moved and pupil_sees_it:
            if session_id is None:
                session_id = Reply.objects.filter(pk=reply_id).values_list(
                    "session_id", flat=True
                )[0]
            TutorSession.objects.filter(pk=session_id).update(
                version=F("version") + 1, last_activity_at=now
            )
            transaction.on_commit(lambda: session_status_bump(session_id=session_id))
    return bool(moved)


def transition_or_refuse(**kwargs: Any) -> None:
    """Like `transition`, but raise TransitionRefused when the reply did not move."""
    if not transition(**kwargs):
        raise TransitionRefused("This reply has already been dealt with.")
