"""The reply state machine: every state, and every transition allowed between them.

Transitions are applied only by `tutoring.transitions.transition`, as a conditional update on
the current state, so two processes can never both move one reply.
"""

from __future__ import annotations

from django.db import models


class ReplyState(models.TextChoices):
    QUEUED = "queued", "Queued"
    GENERATING = "generating", "Generating"
    SCREENING = "screening", "Screening"
    RELEASED = "released", "Released"
    HELD = "held", "Held for a teacher"
    APPROVED = "approved", "Approved by a teacher"
    EDITED = "edited", "Edited by a teacher"
    REJECTED = "rejected", "Rejected"
    TEACHER_WRITTEN = "teacher_written", "Written by a teacher"
    FAILED = "failed", "Failed"
    SIGNPOSTED = "signposted", "Safeguarding message sent"


S = ReplyState

# What a pupil may read: only these states carry `released_text`.
PUPIL_VISIBLE = frozenset({S.RELEASED, S.APPROVED, S.EDITED, S.TEACHER_WRITTEN, S.SIGNPOSTED})
# Waiting on a teacher.
AWAITING_TEACHER = frozenset({S.HELD, S.FAILED, S.REJECTED})
# Still inside the queue.
IN_FLIGHT = frozenset({S.QUEUED, S.GENERATING, S.SCREENING})
FINAL = PUPIL_VISIBLE

TRANSITIONS: dict[ReplyState, frozenset[ReplyState]] = {
    S.QUEUED: frozenset({S.GENERATING, S.SIGNPOSTED, S.FAILED}),
    # Back to queued: a retryable provider error, or a lease taken over.
    S.GENERATING: frozenset({S.SCREENING, S.QUEUED, S.FAILED, S.SIGNPOSTED, S.GENERATING}),
    S.SCREENING: frozenset({S.RELEASED, S.HELD, S.QUEUED, S.GENERATING}),
    S.HELD: frozenset({S.APPROVED, S.EDITED, S.REJECTED, S.SIGNPOSTED}),
    S.FAILED: frozenset({S.TEACHER_WRITTEN, S.QUEUED, S.SIGNPOSTED}),
    # After a rejection the teacher regenerates (back to the queue) or writes the reply.
    S.REJECTED: frozenset({S.QUEUED, S.TEACHER_WRITTEN, S.SIGNPOSTED}),
    S.RELEASED: frozenset(),
    S.APPROVED: frozenset(),
    S.EDITED: frozenset(),
    S.TEACHER_WRITTEN: frozenset(),
    S.SIGNPOSTED: frozenset(),
}


def sources_for(target: ReplyState) -> frozenset[ReplyState]:
    """Return every state from which `target` may be reached."""
    return frozenset(src for src, targets in TRANSITIONS.items() if target in targets)
